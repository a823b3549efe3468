// Judging one candidate on the workload: the program rebuilt with it (outputs
// equal to the reference), under ThreadSanitizer with Archer and at least two
// threads (no report), under ASan+UBSan (no report), then timed against the
// best build so far, interleaved, medians.
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
export async function buildWith(s: Scene, tree: string, cacheDir: string, log: string, flags = ''): Promise<{ ok: boolean; ms: number; detail?: string }> {
  removeObjects(tree, s.objects);
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

/** Interleaved runs of two trees; medians of whole-workload time and how often `b` beat `a` by the margin. */
export async function race(s: Scene, a: string, b: string): Promise<{ a: number; b: number; wins: number; rounds: number }> {
  const ta: number[] = [];
  const tb: number[] = [];
  const env = { ...s.env, OMP_NUM_THREADS: String(s.threads) };
  for (let i = 0; i < s.rounds; i++) {
    ta.push(total(await runWorkload(s.workload, a, env)));
    tb.push(total(await runWorkload(s.workload, b, env)));
  }
  const wins = tb.filter((t, i) => t * (1 + s.margin) < ta[i]).length;
  return { a: median(ta), b: median(tb), wins, rounds: s.rounds };
}

export interface Judgement {
  checks: CheckOutcome[];
  ok: boolean;
  speedup?: number;
}

/** Runs the checks in order and stops at the first that fails. */
export async function judge(s: Scene, trees: { trial: string; san: string; best: string }, cacheDir: string, logDir: string, applied: (log: string) => boolean): Promise<Judgement> {
  const checks: CheckOutcome[] = [];
  const step = (c: CheckOutcome) => (checks.push(c), c.ok);
  const done = (speedup?: number): Judgement => ({ checks, ok: checks.every((c) => c.ok), speedup });
  const t0 = performance.now();
  const log = path.join(logDir, 'trial.jsonl');
  fs.rmSync(log, { force: true });
  const b = await buildWith(s, trees.trial, cacheDir, log);
  if (!step({ check: 'compile', ok: b.ok && applied(log), ms: Math.round(b.ms), detail: !b.ok ? `the build failed: ${b.detail}` : applied(log) ? undefined : 'the build did not use the verdict (the function was not compiled as analysed)' })) return done();
  const t1 = performance.now();
  const got = await runWorkload(s.workload, trees.trial, { ...s.env, OMP_NUM_THREADS: String(s.threads) });
  const differ = compareOutcomes(s.reference, got, s.workload.ignore);
  if (!step({ check: 'differential', ok: !differ, ms: Math.round(performance.now() - t1), detail: differ ?? 'the workload\'s outputs match' })) return done();

  for (const [check, flags] of [['tsan', TSAN_FLAGS], ['asan', ASAN_FLAGS]] as const) {
    const t2 = performance.now();
    const sb = await buildWith(s, trees.san, cacheDir, path.join(logDir, `${check}.jsonl`), flags);
    if (!sb.ok) {
      step({ check, ok: false, ms: Math.round(performance.now() - t2), detail: `the ${check === 'tsan' ? 'ThreadSanitizer' : 'ASan+UBSan'} build failed: ${sb.detail}` });
      return done();
    }
    const env: NodeJS.ProcessEnv = { ...s.env, OMP_NUM_THREADS: String(Math.max(2, s.threads)) };
    if (check === 'tsan') {
      env.TSAN_OPTIONS = 'ignore_noninstrumented_modules=1:halt_on_error=1:exitcode=66';
      const a = archer();
      if (a) env.OMP_TOOL_LIBRARIES = a;
    } else {
      env.ASAN_OPTIONS = 'detect_leaks=0:halt_on_error=1:exitcode=67';
      env.UBSAN_OPTIONS = 'halt_on_error=1:exitcode=68';
    }
    const out = await runWorkload(s.workload, trees.san, env);
    const report = out.map((r) => /WARNING: ThreadSanitizer|ERROR: AddressSanitizer|runtime error:/.exec(r.stderr) && r.stderr).find(Boolean);
    const outDiff = report ? undefined : compareOutcomes(s.reference, out, s.workload.ignore, { stderr: false });
    const detail = report ? (report as string).split('\n').filter((l) => /WARNING|ERROR|runtime error|SUMMARY/.test(l)).slice(0, 3).join('\n') : outDiff;
    if (!step({ check, ok: !detail, ms: Math.round(performance.now() - t2), detail: detail ?? `the workload ran clean (${env.OMP_NUM_THREADS} threads)` })) return done();
  }

  const t3 = performance.now();
  const r = await race(s, trees.best, trees.trial);
  const speedup = r.a / r.b;
  const need = Math.ceil(r.rounds * 0.8);
  const ok = speedup >= 1 + s.margin && r.wins >= need;
  step({
    check: 'timing',
    ok,
    ms: Math.round(performance.now() - t3),
    detail: `${(r.b / 1000).toFixed(3)} s vs ${(r.a / 1000).toFixed(3)} s for the best build so far (${speedup.toFixed(2)}x, faster by the margin in ${r.wins} of ${r.rounds} interleaved rounds)`,
  });
  void t0;
  return done(speedup);
}
