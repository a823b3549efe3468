// Judging one candidate on the workload, cheapest check first: the program
// relinked with only the changed object rebuilt, then timed against the best
// build so far (interleaved rounds, its first run also the check of its
// outputs, dropped as soon as it is plainly not faster), and only a faster
// candidate pays for the two sanitizer builds: ThreadSanitizer with Archer
// and at least two threads, then ASan+UBSan, on the smaller --check-run
// workload when given.
import fs from 'node:fs';
import path from 'node:path';
import type { CheckOutcome } from '../verify/index.js';
import { removeObjects, runBuild } from './trees.js';
import { compareOutcomes, runWorkload, type RunOutcome, type Workload } from './workload.js';

export interface Scene {
  build: string[];
  workload: Workload;
  reference: RunOutcome[];
  /** Objects the build writes, relative to a tree. */
  objects: string[];
  /** Environment every build and run starts from (CC, mode, no remote store). */
  env: NodeJS.ProcessEnv;
  threads: number;
  margin: number;
  rounds: number;
  /** The sanitizer runs' workload (--check-run) and its reference outcomes; the workload itself when absent. */
  check?: { workload: Workload; reference: RunOutcome[] };
}

export const TSAN_FLAGS = '-fsanitize=thread -g1';
export const ASAN_FLAGS = '-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g1';

function archer(): string | undefined {
  for (const v of ['19', '18', '17', '16']) {
    const p = `/usr/lib/llvm-${v}/lib/libarcher.so`;
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Builds `tree` afresh with `cacheDir`'s verdicts (and extra flags for
 * sanitizers). What is checked must be what ships: a build in which slmcc
 * kept an original object instead of the rewrite (its link test refused it,
 * the rewritten unit did not compile) has not built the candidate, and fails.
 */
export async function buildWith(
  s: Pick<Scene, 'build' | 'objects' | 'env'>,
  tree: string,
  cacheDir: string,
  log: string,
  flags = '',
  rebuild: string[] = s.objects,
): Promise<{ ok: boolean; ms: number; detail?: string }> {
  removeObjects(tree, rebuild);
  // Direct-mode objects are keyed by the command line and the sources, not
  // by the verdicts: one stored by an earlier build would stand in for the
  // trial's rewrite. Every tune build goes the long way round.
  fs.rmSync(path.join(cacheDir, 'objects'), { recursive: true, force: true });
  const b = await runBuild(s.build, tree, { ...s.env, SLMCC_CACHE_DIR: cacheDir, SLMCC_LOG: log, SLMCC_TUNE_FLAGS: flags, SLMCC_VERBOSE: '1' });
  const kept = /^slmcc: kept the original (object|build): .*$/m.exec(b.output);
  if (b.ok && kept) return { ok: false, ms: b.ms, detail: kept[0].slice(0, 300) };
  return b;
}

export const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

const total = (o: RunOutcome[]) => o.reduce((t, r) => t + r.ms, 0);

/** Rounds `b` must win by the margin, of `rounds`, for a speedup: repeated rounds agree. */
export const winsNeeded = (rounds: number) => Math.ceil(rounds * 0.8);

/** Rounds after which a candidate faster by three margins in every one of them is accepted without the rest. */
export const CLEAR_ROUNDS = 2;

/**
 * How long one run of a trial build may take: a build this much slower
 * than the reference can never win (three margins drop it after a round),
 * and a hopeless parallel build can be a hundred times slower (a Polly
 * build of an FFT spun for minutes on one workload run).
 */
export const TRIAL_SLOWDOWN_LIMIT = 4;

function trialLimitMs(s: Scene): number {
  return Math.max(10_000, TRIAL_SLOWDOWN_LIMIT * Math.max(0, ...s.reference.map((r) => r.ms)));
}

export interface RaceResult {
  /** Medians of whole-workload time. */
  a: number;
  b: number;
  /** Rounds `b` won by the margin, of the rounds run. */
  wins: number;
  rounds: number;
  /**
   * Why a sequential race stopped before its last round: `b` clearly
   * slower, or unable to reach winsNeeded (too many rounds lost, or not even
   * half a margin faster in the first), or its first run's outputs differ.
   */
  stopped?: 'slower' | 'futile' | 'differ';
  /** What differed in `b`'s first run, when `stopped` is 'differ'. */
  differ?: string;
  /** How long `b`'s first run took, when its outputs were checked. */
  firstMs?: number;
}

/**
 * Interleaved runs of two trees. With `sequential`, the race stops as soon
 * as its answer is plain: `b` clearly slower than `a` after a round (by
 * three margins); `b` not half a margin faster after the first round, or no
 * longer able to win winsNeeded of all rounds (each round lost by the
 * margin is one fewer); `b` faster by three margins in each of the first
 * CLEAR_ROUNDS rounds, which has agreed with itself often enough. Each
 * round costs two workload runs. With `outputs`, `b` runs first in the
 * first round and that run is also the check of its outputs: a trial pays
 * for no run that is not also timed.
 */
export async function race(s: Scene, a: string, b: string, sequential = false, outputs?: (got: RunOutcome[]) => string | undefined): Promise<RaceResult> {
  const ta: number[] = [];
  const tb: number[] = [];
  const env = { ...s.env, OMP_NUM_THREADS: String(s.threads) };
  const wins = () => tb.filter((t, i) => t * (1 + s.margin) < ta[i]).length;
  const result = (stopped?: RaceResult['stopped'], more: Partial<RaceResult> = {}): RaceResult => ({ a: median(ta), b: median(tb), wins: wins(), rounds: ta.length, stopped, ...more });
  let firstMs: number | undefined;
  for (let i = 0; i < s.rounds; i++) {
    const runB = () => runWorkload(s.workload, b, env, sequential ? trialLimitMs(s) : undefined);
    let rb: RunOutcome[];
    if (i === 0 && outputs) {
      rb = await runB();
      firstMs = total(rb);
      if (rb.some((r) => r.timedOut)) return result('slower', { b: firstMs, firstMs });
      const differ = outputs(rb);
      if (differ) return result('differ', { b: firstMs, differ, firstMs });
      ta.push(total(await runWorkload(s.workload, a, env)));
    } else {
      ta.push(total(await runWorkload(s.workload, a, env)));
      rb = await runB();
    }
    tb.push(total(rb));
    if (rb.some((r) => r.timedOut)) return result('slower', { firstMs });
    if (!sequential || ta.length === s.rounds) continue;
    if (median(tb) > median(ta) * (1 + 3 * s.margin)) return result('slower', { firstMs });
    if (ta.length === 1 && tb[0] * (1 + s.margin / 2) >= ta[0]) return result('futile', { firstMs });
    if (ta.length - wins() > s.rounds - winsNeeded(s.rounds)) return result('futile', { firstMs });
    if (ta.length === CLEAR_ROUNDS && tb.every((t, j) => t * (1 + 3 * s.margin) < ta[j])) return result(undefined, { firstMs });
  }
  return result(undefined, { firstMs });
}

/** Whether two builds wrote the same bytes for an object: then there is nothing to time. */
export function sameObject(treeA: string, treeB: string, object: string): boolean {
  try {
    return fs.readFileSync(path.join(treeA, object)).equals(fs.readFileSync(path.join(treeB, object)));
  } catch {
    return false;
  }
}

export interface Judgement {
  checks: CheckOutcome[];
  ok: boolean;
  speedup?: number;
  /** The candidate built to the same object as the best build: neither faster nor slower. */
  unchanged?: boolean;
}

export interface Trial {
  /** Objects to rebuild in the trial tree: the one the function lives in, and any a refused trial left there. */
  rebuild: string[];
  /** The function's own object, compared with the best tree's. */
  object: string;
  /** Whether the trial build's compile used the verdict under test. */
  applied: (log: string) => boolean;
  /** Told which check starts. */
  progress?: (check: string) => void;
}

/** Runs the checks, cheapest first, and stops at the first that fails. */
export async function judge(s: Scene, trees: { trial: string; san: string; best: string }, cacheDir: string, logDir: string, t: Trial): Promise<Judgement> {
  const checks: CheckOutcome[] = [];
  const step = (c: CheckOutcome) => (checks.push(c), c.ok);
  const done = (speedup?: number, unchanged?: boolean): Judgement => ({ checks, ok: checks.every((c) => c.ok), speedup, unchanged });
  const log = path.join(logDir, 'trial.jsonl');
  fs.rmSync(log, { force: true });
  t.progress?.('relinking with the changed object');
  const b = await buildWith(s, trees.trial, cacheDir, log, '', t.rebuild);
  if (
    !step({
      check: 'compile',
      ok: b.ok && t.applied(log),
      ms: Math.round(b.ms),
      detail: !b.ok ? `the build failed: ${b.detail}` : t.applied(log) ? undefined : 'the build did not use the verdict (the function was not compiled as analysed)',
    })
  )
    return done();
  if (sameObject(trees.trial, trees.best, t.object)) {
    step({ check: 'timing', ok: false, ms: 0, detail: "unchanged: the object is byte-for-byte the best build's, so there is nothing to time" });
    return done(undefined, true);
  }
  t.progress?.("the workload's outputs and timing");
  const t3 = performance.now();
  const r = await race(s, trees.best, trees.trial, true, (got) => compareOutcomes(s.reference, got, s.workload.ignore));
  if (r.rounds === 0 && r.stopped === 'slower') {
    const detail = `the workload ran past ${(trialLimitMs(s) / 1000).toFixed(0)} s, ${TRIAL_SLOWDOWN_LIMIT}x the reference's time: far slower, stopped`;
    step({ check: 'timing', ok: false, ms: Math.round(performance.now() - t3), detail });
    return done();
  }
  if (!step({ check: 'differential', ok: r.stopped !== 'differ', ms: Math.round(r.firstMs ?? 0), detail: r.differ ?? "the workload's outputs match" })) return done();
  const speedup = r.a / r.b;
  const faster = !r.stopped && speedup >= 1 + s.margin && r.wins >= winsNeeded(r.rounds);
  const times = `${(r.b / 1000).toFixed(3)} s vs ${(r.a / 1000).toFixed(3)} s for the best build so far`;
  const rounds = `${r.rounds} round${r.rounds === 1 ? '' : 's'}`;
  const timing: CheckOutcome = {
    check: 'timing',
    ok: faster,
    ms: Math.round(performance.now() - t3 - (r.firstMs ?? 0)),
    detail:
      r.stopped === 'slower'
        ? `${times} (${speedup.toFixed(2)}x): clearly slower after ${rounds}, dropped`
        : r.stopped === 'futile'
          ? r.rounds === 1
            ? `${times} (${speedup.toFixed(2)}x after its first round): not half the margin faster, stopped`
            : `${times} (${speedup.toFixed(2)}x, faster by the margin in ${r.wins} of ${rounds}): cannot win ${winsNeeded(s.rounds)} of ${s.rounds}, stopped`
          : `${times} (${speedup.toFixed(2)}x, faster by the margin in ${r.wins} of ${r.rounds} interleaved rounds)`,
  };
  if (!step(timing)) return done(speedup);

  // Only a faster candidate pays for the sanitizer builds.
  const check = s.check ?? { workload: s.workload, reference: s.reference };
  for (const [name, flags] of [
    ['tsan', TSAN_FLAGS],
    ['asan', ASAN_FLAGS],
  ] as const) {
    t.progress?.(name === 'tsan' ? 'ThreadSanitizer' : 'ASan+UBSan');
    const t2 = performance.now();
    const sb = await buildWith(s, trees.san, cacheDir, path.join(logDir, `${name}.jsonl`), flags);
    if (!sb.ok) {
      step({ check: name, ok: false, ms: Math.round(performance.now() - t2), detail: `the ${name === 'tsan' ? 'ThreadSanitizer' : 'ASan+UBSan'} build failed: ${sb.detail}` });
      return done(speedup);
    }
    const env: NodeJS.ProcessEnv = { ...s.env, OMP_NUM_THREADS: String(Math.max(2, s.threads)) };
    if (name === 'tsan') {
      env.TSAN_OPTIONS = 'ignore_noninstrumented_modules=1:halt_on_error=1:exitcode=66';
      const a = archer();
      if (a) env.OMP_TOOL_LIBRARIES = a;
    } else {
      env.ASAN_OPTIONS = 'detect_leaks=0:halt_on_error=1:exitcode=67';
      env.UBSAN_OPTIONS = 'halt_on_error=1:exitcode=68';
    }
    const out = await runWorkload(check.workload, trees.san, env);
    const report = out.map((r) => /WARNING: ThreadSanitizer|ERROR: AddressSanitizer|runtime error:/.exec(r.stderr) && r.stderr).find(Boolean);
    const outDiff = report ? undefined : compareOutcomes(check.reference, out, check.workload.ignore, { stderr: false });
    const detail = report
      ? (report as string)
          .split('\n')
          .filter((l) => /WARNING|ERROR|runtime error|SUMMARY/.test(l))
          .slice(0, 3)
          .join('\n')
      : outDiff;
    if (!step({ check: name, ok: !detail, ms: Math.round(performance.now() - t2), detail: detail ?? `the workload ran clean (${env.OMP_NUM_THREADS} threads)` })) return done(speedup);
  }
  return done(speedup);
}
