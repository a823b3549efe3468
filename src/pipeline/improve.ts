// One source: the direct-mode cache first (a whole object, found from the
// command line and the files it read), else the pipeline, whose outcome is
// stored there once every verdict in it is final. A final outcome is also
// written down for bin/slmcc, which serves the next such compile before Node
// starts (cache/shell-entries.ts).
import fs from 'node:fs';
import path from 'node:path';
import {
  compilerIdentity,
  directKey,
  folderMatters,
  getObject,
  inputsOf,
  noServerMarker,
  openCache,
  putObject,
  putShellEntry,
  resolveCommand,
  type ObjectOutcome,
  type ShellKeyInput,
} from '../cache/index.js';
import { inParallelMake } from '../shared/parallel-make.js';
import type { Improvement, SourceJob } from './index.js';
import { logDecision } from './log.js';
import { chooseProvider, digestFile, keyProviderFor, type ProviderChoice } from './provider.js';
import type { Finality } from './run-pipeline.js';

export async function improve(job: SourceJob): Promise<Improvement | undefined> {
  const { config } = job;
  const provider = await chooseProvider(config);
  const identity = await compilerIdentity(job.cc, config.cacheDir);
  const parallel = inParallelMake();
  let keyFor: ((finality: Exclude<Finality, 'none'>) => string) | undefined;
  // A retry of pending functions must reach the pipeline: their objects stand in direct mode.
  if (provider.kind !== 'unavailable') {
    const base = {
      compilerIdentity: identity,
      args: job.parsed.flatMap((a) => a.tokens),
      cwd: job.cwd,
      source: job.source,
      sourceBytes: readSource(job),
      env: process.env,
    };
    // An outcome final only inside a parallel make (its functions wait for a
    // serial build) is keyed apart, so a serial build never finds it.
    keyFor = (finality) => directKey({ ...base, decisions: [keyProviderFor(config, provider), config.maxFunctions, ...(finality === 'parallel' ? ['parallel-make'] : [])] });
    const tries = config.retryPending ? [] : parallel ? (['always', 'parallel'] as const) : (['always'] as const);
    for (const finality of tries) {
      const found = await getObject(config.cacheDir, keyFor(finality), job.cwd);
      if (found.kind !== 'hit') continue;
      const cache = openCache(config);
      cache.bump('objectHits');
      for (const r of found.entry.records) {
        logDecision(config, job.source, r, 'cache', 0);
        cache.bump('hits');
        cache.bump('msSaved', r.ms);
      }
      await cache.flush();
      const { outcome } = found.entry;
      await writeShellEntry(job, provider, finality, found.entry.inputs, outcome.kind === 'object' ? outcome.bytes : undefined);
      return outcome.kind === 'object' ? { kind: 'object', bytes: outcome.bytes } : undefined;
    }
  }

  const { runPipeline } = await import('./run-pipeline.js');
  const result = await runPipeline(job, provider, identity);
  if (!result) return undefined;
  const remember = async (outcome: ObjectOutcome) => {
    if (!keyFor || result.final === 'none') return;
    const inputs = await inputsOf(result.preprocessed, job.cwd);
    if (!inputs) return;
    await putObject(config.cacheDir, config.cacheSize, keyFor(result.final), { inputs, records: result.records, outcome });
    await writeShellEntry(job, provider, result.final, inputs, outcome.kind === 'object' ? outcome.bytes : undefined);
  };
  if (!result.unit) {
    await remember({ kind: 'original' });
    return undefined;
  }
  return { kind: 'unit', unit: result.unit, remember: (bytes) => remember({ kind: 'object', bytes }) };
}

/**
 * The outcome for bin/slmcc, when it would key this compile exactly as Node
 * does: the compiler it finds itself, the arguments it received, the one
 * source and object path it reads from them, and a provider whose choice a
 * file records (never a live check it cannot make).
 */
async function writeShellEntry(job: SourceJob, provider: ProviderChoice, finality: Exclude<Finality, 'none'>, inputs: [string, string][], object: Buffer | undefined): Promise<void> {
  const { config } = job;
  if (!job.argv || config.log !== '' || config.retryPending) return;
  const shellCc = resolveCommand('clang-19');
  if (!shellCc || job.cc.length !== 1 || resolveCommand(job.cc[0]) !== shellCc) return;
  const seen = shellView(job.argv);
  if (!seen || seen.source !== job.source) return;
  const providerState = providerStateFile(job, provider);
  if (providerState === null) return;
  const base: Omit<ShellKeyInput, 'parallelMake'> = {
    cc: shellCc,
    argv: job.argv,
    env: process.env,
    folder: folderMatters(job.parsed.flatMap((a) => a.tokens), job.cwd) ? fs.realpathSync(job.cwd) : undefined,
  };
  const keyed = (finality === 'always' ? [false, true] : [true]).map((parallelMake) => ({ ...base, parallelMake }));
  await putShellEntry(config.cacheDir, config.cacheSize, keyed, { object, inputs, compiler: fs.realpathSync(shellCc), providerState });
}

/** The file the provider's choice rests on; null when it rests on a live check the script cannot repeat. */
function providerStateFile(job: SourceJob, provider: ProviderChoice): string | undefined | null {
  const { config } = job;
  if (provider.kind === 'polly') return undefined;
  if (provider.kind === 'builtin') return config.provider === 'builtin' ? undefined : config.provider === 'auto' && fs.existsSync(noServerMarker(config.cacheDir)) ? noServerMarker(config.cacheDir) : null;
  if (provider.kind === 'ollama') return fs.existsSync(digestFile(config)) ? digestFile(config) : null;
  return null;
}

/** The one source and the object path bin/slmcc reads from the arguments (its scan_args), or undefined where it would not serve the call. */
export function shellView(argv: readonly string[]): { source: string; output: string } | undefined {
  let output: string | undefined;
  let source: string | undefined;
  let sources = 0;
  let onlyC: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o') {
      if (i + 1 >= argv.length || output !== undefined) return undefined;
      output = argv[++i];
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
  if (onlyC !== true || sources !== 1 || source === undefined) return undefined;
  return { source, output: output ?? path.basename(source.slice(0, -2)) + '.o' };
}

function readSource(job: SourceJob): Buffer {
  return fs.readFileSync(path.resolve(job.cwd, job.source));
}
