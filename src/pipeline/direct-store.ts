// Storing one source's final outcome in direct mode: the object (or "the
// original stands") under the key of its command line and inputs, for Node's
// next build, and written down for bin/slmcc, which serves the next such
// compile before Node starts (cache/shell-entries.ts). A compiled object
// comes here only after the driver placed it, so only after it passed the
// link test.
import fs from 'node:fs';
import { folderMatters, inputsOf, noServerMarker, putObject, putShellEntry, settledState, type ObjectOutcome, type ShellKeyInput } from '../cache/index.js';
import { findOnPath } from '../core/path-lookup.js';
import type { DecisionRecord } from '../core/decision.js';
import type { SourceJob } from './job.js';
import { digestFile, type ProviderChoice } from './provider.js';
import type { Finality } from './run-pipeline.js';

/** What storing a final outcome needs to know, gathered while deciding it. */
export interface DirectStore {
  job: SourceJob;
  provider: ProviderChoice;
  finality: Exclude<Finality, 'none'>;
  /** The direct-mode key of this command line at this finality. */
  key: string;
  /** The -E output analysis read: its line markers name every file the compile depends on. */
  preprocessed: string;
  /** The decision behind each hot function, replayed on a hit. */
  records: DecisionRecord[];
}

export async function storeOutcome(store: DirectStore, outcome: ObjectOutcome): Promise<void> {
  const { job, provider, finality } = store;
  const inputs = await inputsOf(store.preprocessed, job.cwd);
  if (!inputs) return;
  await putObject(job.config.cacheDir, job.config.cacheSize, store.key, { inputs, records: store.records, outcome });
  // With functions pending in it, the outcome holds until the settler decides something (pipeline/settle.ts).
  const settled = store.records.some((r) => r.verdict.kind === 'undecided') ? settledState(job.config.cacheDir) : undefined;
  await writeShellEntry(job, provider, finality, inputs, outcome.kind === 'object' ? outcome.bytes : undefined, settled ? [settled] : []);
}

/**
 * The outcome for bin/slmcc, when it would key this compile exactly as Node
 * does: the compiler it finds itself, the arguments it received, the one
 * source and object path it reads from them, and a provider whose choice a
 * file records (never a live check it cannot make).
 */
export async function writeShellEntry(
  job: SourceJob,
  /** Undefined: the outcome holds whatever provider a build would choose. */
  provider: ProviderChoice | undefined,
  finality: Exclude<Finality, 'none'>,
  inputs: [string, string][],
  object: Buffer | undefined,
  states: [string, string][] = [],
): Promise<void> {
  const { config } = job;
  // Written whatever this build's own settings (a SLMCC_RETRY_PENDING warm-up,
  // a SLMCC_LOG): the script never serves such a build, but serves the next.
  if (!job.argv) return;
  const shellCc = findOnPath('clang-19');
  if (!shellCc || job.cc.length !== 1 || findOnPath(job.cc[0]) !== shellCc) return;
  if (shellSource(job.argv) !== job.source) return;
  const providerState = provider ? providerStateFile(job, provider) : undefined;
  if (providerState === null) return;
  const base: Omit<ShellKeyInput, 'parallelMake'> = {
    cc: shellCc,
    argv: job.argv,
    env: process.env,
    folder: folderMatters(
      job.parsed.flatMap((a) => a.tokens),
      job.cwd,
    )
      ? fs.realpathSync(job.cwd)
      : undefined,
  };
  const keyed = (finality === 'always' ? [false, true] : [true]).map((parallelMake) => ({ ...base, parallelMake }));
  await putShellEntry(config.cacheDir, config.cacheSize, keyed, { object, inputs, compiler: fs.realpathSync(shellCc), providerState, states });
}

/** The file the provider's choice rests on; null when it rests on a live check the script cannot repeat. */
function providerStateFile(job: SourceJob, provider: ProviderChoice): string | undefined | null {
  const { config } = job;
  if (provider.kind === 'polly') return undefined;
  if (provider.kind === 'builtin')
    return config.provider === 'builtin' ? undefined : config.provider === 'auto' && fs.existsSync(noServerMarker(config.cacheDir)) ? noServerMarker(config.cacheDir) : null;
  if (provider.kind === 'ollama') return fs.existsSync(digestFile(config)) ? digestFile(config) : null;
  return null;
}

/**
 * The one source bin/slmcc reads from the arguments (its scan_args), or
 * undefined where it would not serve the call. Where the object (or program)
 * goes does not matter: the same command line compiles the same bytes.
 */
export function shellSource(argv: readonly string[]): string | undefined {
  let sawOutput = false;
  let source: string | undefined;
  let sources = 0;
  let onlyC: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o') {
      // The script refuses a second -o too.
      if (i + 1 >= argv.length || sawOutput) return undefined;
      sawOutput = true;
      i++;
    } else if (a.startsWith('-o')) return undefined;
    else if (a === '-c') onlyC ??= true;
    else if (['-E', '-S', '-M', '-MM', '-fsyntax-only'].includes(a)) onlyC = false;
    else if (a.startsWith('@') || a === '-' || a.startsWith('-x')) return undefined;
    else if (a.startsWith('-')) continue;
    else if (a.endsWith('.c')) {
      sources++;
      source = a;
    } else if (a.endsWith('.o') || a.endsWith('.a')) return undefined;
  }
  // A compile and link (no -c, -E, -S...) of one source: the script serves it
  // only where the user's program stands (its settled_compile).
  return onlyC !== false && sources === 1 ? source : undefined;
}
