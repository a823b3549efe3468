// One compiler call, from argv to exit status: the top of the compile path.
// Every call loads this module, so it imports only the driver's index, which
// loads execa and placement on first use, and nothing of the other parts;
// deciding, placing and storing are loaded only after a compile with loops
// succeeded.
import fs from 'node:fs';
import { loadConfig } from '../config/index.js';
import type { Classified } from '../core/command-line.js';
import { kept, outcomeStat, type Outcome } from '../core/outcome.js';
import { ACTIVE_ENV, classify, exitLike, expandResponseFiles, findCompiler, launcherCompiler, openmpLinkArgs, runInherit, splitCommand } from '../driver/index.js';
import { mayHaveLoops } from './loop-keywords.js';
import { swallowed, takeSwallowed } from '../core/swallowed.js';
import { noteInternalError } from '../core/internal-errors.js';

type Compile = Extract<Classified, { kind: 'compile' }>;

/**
 * Whatever happens inside slmcc, the user's own command runs unchanged first
 * and its status and output are what the user gets; a rewrite can only
 * replace the object it wrote, after it succeeded.
 */
export async function compilerCall(argv: string[]): Promise<never> {
  const env = process.env;
  // `slmcc clang-19 -c x.c`: the launcher form names the real compiler first.
  const launcher = launcherCompiler(argv, env);
  const args = launcher ? argv.slice(1) : argv;
  const cwd = process.cwd();
  // The real compiler led back to slmcc (SLMCC_CC="ccache slmcc", say): be a
  // plain wrapper around the default compiler so the build still ends.
  const nested = env[ACTIVE_ENV] !== undefined;
  const loaded = loadConfig(env, cwd);
  if (!nested) for (const e of loaded.errors) process.stderr.write(e + '\n');
  const { config } = loaded;
  const cc = findCompiler(launcher ? [launcher] : nested ? '' : config.cc, env, env.SLMCC_SELF);
  if (!cc.ok) {
    process.stderr.write(cc.message + '\n');
    process.exit(127);
  }
  // Tune rebuilds a project under sanitizers and profiling with the same
  // verdicts: its flags go on every compiler run but not into the compiler's
  // identity, so the keys stay those of the plain build. Flags it cannot
  // read stop the call: without them a sanitizer build would pass unchecked.
  const tune = nested ? { ok: true as const, words: [] } : splitCommand('SLMCC_TUNE_FLAGS', env.SLMCC_TUNE_FLAGS ?? '', 'compiler flags');
  if (!tune.ok) {
    process.stderr.write(tune.message + '\n');
    process.exit(127);
  }
  const tuneFlags = tune.words;
  const original = [...cc.argv, ...tuneFlags, ...args];
  if (nested || loaded.errors.length > 0 || config.disable || config.mode === 'off') exitLike(await runInherit(original));

  const c = classify(expandResponseFiles(args, cwd).args);
  if (c.kind === 'passthrough') {
    if (config.verbose) process.stderr.write(`slmcc: passthrough (${c.reason}${c.detail ? `: ${c.detail}` : ''})\n`);
    await import('../cache/index.js').then((m) => m.countPassthrough(config.cacheDir, c.reason)).catch((e) => swallowed('pipeline/compiler-call', e));
    exitLike(await runInherit(original));
  }
  if (c.kind === 'link') exitLike(await runInherit([...original, ...openmpLinkArgs(c.parsed, c.objects)]));
  if (config.record) recordCompile(config.record, cwd, args, c);

  // Compile and link: objects named beside the sources may be ones slmcc
  // rewrote in an earlier call, and they need the runtime as on a link line.
  const result = await runInherit([...original, ...openmpLinkArgs(c.parsed, c.objects)]);
  const sources = result.code === 0 && !result.signal ? c.sources.filter((s) => mayHaveLoops(s, cwd)) : [];
  const ends = new Map<string, Outcome>();
  if (sources.length > 0) {
    try {
      const plainArgv = !launcher && config.cc.trim() === '' && tuneFlags.length === 0 ? args : undefined;
      const { improveObjects } = await import('./improve-objects.js');
      for (const [s, o] of await improveObjects({ compile: c, sources, cc: cc.argv, tuneFlags, ccResolved: cc.resolved, config, cwd, argv: plainArgv })) ends.set(s, o);
    } catch (e) {
      if (config.verbose) process.stderr.write(`slmcc: kept the original build: ${(e as Error).stack ?? e}\n`);
      for (const s of sources) if (!ends.has(s)) ends.set(s, kept('internal error', String(e)));
      noteInternalError(config.cacheDir, sources, e);
    }
  }
  await countOutcomes(config.cacheDir, ends.values());
  exitLike(result);
}

/** Each source's outcome, counted once, with the errors swallowed on the way; nothing is written for a call that has neither. */
async function countOutcomes(cacheDir: string, outcomes: Iterable<Outcome>): Promise<void> {
  const counts: Record<string, number> = takeSwallowed();
  for (const o of outcomes) counts[outcomeStat(o)] = (counts[outcomeStat(o)] ?? 0) + 1;
  if (Object.keys(counts).length === 0) return;
  await import('../cache/index.js').then((m) => m.countOnce(cacheDir, counts)).catch(() => {});
}

/** One JSON line per compile for tune, which rebuilds and re-keys each source. Best effort: never fails a build. */
function recordCompile(file: string, cwd: string, args: string[], c: Compile): void {
  try {
    fs.appendFileSync(file, JSON.stringify({ cwd, args, sources: c.sources, output: c.link ? undefined : c.output, link: c.link }) + '\n');
  } catch (e) {
    swallowed('pipeline/compiler-call', e);
    /* a read-only log only costs tune this source */
  }
}
