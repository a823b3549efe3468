// The timing probe: original, original under Polly and every surviving
// candidate on one input scaled until the original takes TARGET_MS, run
// interleaved (one process per measurement, round-robin) so that drift hits
// every variant alike; medians of ROUNDS.
import { acquireProbeLock, BUSY_CORES, foreignCores, ownCpuMs, sampleCpu, selfCpuMs } from './busy.js';
import { median, parseSched, spoiledBy, waitedShare, workOf, type ThreadTimes } from './disturbance.js';
import { choosesSizes, fixedElements, type HarnessPlan } from './harness.js';
import { recordBytes } from './harness-records.js';
import { clearVerdict, predict, PREDICTABLE } from './prediction.js';
import { newNonce } from './runs.js';
import { runContained } from './sandbox.js';

export const TARGET_MS = 50;
export const ROUNDS = 5;
/** Buffers (both copies) a probe may allocate. */
// Filling the inputs costs more than the kernel once buffers are large; past
// this, the probe repeats the call instead of growing n (still far beyond the caches).
// Bytes of input the timing run may fill. Small inputs time the fork and
// join of a parallel region instead of its work (a 3 us spmv call runs 5x
// slower on two threads), so n grows as far as this allows before repetitions
// make up the time. Filling the buffers is paid on every run, so the cap also
// bounds how long checking a function takes.
const MEMORY_CAP = 256 * 1024 * 1024;

export interface Variant {
  name: string;
  exe: string;
  which: 0 | 1;
}

export interface ProbeInput {
  plan: HarnessPlan;
  /** Where scaling starts (the largest input set that the reference passed). */
  n: number;
  mult: number;
  threads: number;
}

export interface Scale {
  n: number;
  mult: number;
  reps: number;
  refMs: number;
  /** Wall time of the whole timing process at this scale: start, filling the inputs, the timed calls. */
  processMs?: number;
}

interface TimeRun {
  ok: boolean;
  ns: number;
  cpuMs: number;
  /** Wall time of the whole process. */
  wallMs: number;
  /** Each thread's CPU and wait for a core during the timed calls, where the kernel accounts them. */
  threads?: ThreadTimes[];
  detail?: string;
}

function env(threads: number): Record<string, string> {
  return { OMP_NUM_THREADS: String(threads) };
}

export async function timeOnce(v: Variant, s: Scale, threads: number, wallMs: number): Promise<TimeRun> {
  const started = performance.now();
  const nonce = newNonce();
  const r = await runContained(
    v.exe,
    ['time', String(v.which), String(s.n), String(s.mult), String(s.reps)],
    {
      wallMs,
      stdin: `${nonce}\n`,
      cpuSeconds: (wallMs * Math.max(1, threads)) / 1000 + 1,
      memoryMb: 8192,
    },
    env(threads),
  );
  const t = new RegExp(`^TIME ${nonce} (\\d+)$`, 'm').exec(r.stdout);
  const c = /CPU (\d+)/.exec(r.stdout);
  // A run that failed reports no CPU time of its own; count all its threads
  // busy for as long as it ran, or a candidate killed by its time limit would
  // read as other load and leave the whole function undecided.
  const cpuMs = (performance.now() - started) * Math.max(1, threads);
  const took = performance.now() - started;
  if (r.code !== 0 || !t) return { ok: false, ns: 0, cpuMs, wallMs: took, detail: r.timedOut ? `timed out after ${Math.round(wallMs)} ms` : `exited ${r.code ?? r.signal}` };
  return { ok: true, ns: Number(t[1]), cpuMs: c ? Number(c[1]) / 1000 : 0, wallMs: took, threads: parseSched(r.stdout, nonce) };
}

function bytesAt(plan: HarnessPlan, n: number, mult: number): number {
  let b = 0;
  // One copy: a timing run fills only the reference's buffers and hands the
  // same ones to the variant (the other allocation is never touched).
  for (const p of plan.params) {
    if (p.kind.kind === 'scalar') continue;
    const len = (degree: number) => ((mult >= 5 ? n + 2 : 1) * Math.pow(n + 2, degree) + 16) * (mult === 3 ? 8 : mult === 4 ? 64 : 1);
    if (p.kind.kind === 'record') {
      b += recordBytes(p.kind, p.members ?? [], len);
      continue;
    }
    // A type that fixes every dimension fixes the buffer (see the harness' paramDecl).
    const fixed = fixedElements(p.kind);
    if (fixed > 0) b += 8 * fixed;
    else b += 8 * len(p.degree) * (p.kind.kind === 'rows' ? n + 2 : (p.kind.per ?? 1));
  }
  return b;
}

/** The largest n in [lo, hi] whose buffers fit MEMORY_CAP at `mult` (lo when none does). */
function largestFitting(plan: HarnessPlan, mult: number, lo: number, hi: number): number {
  if (bytesAt(plan, hi, mult) <= MEMORY_CAP) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (bytesAt(plan, mid, mult) <= MEMORY_CAP) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Grow n (while the buffers fit), then repetitions, until the original takes TARGET_MS. */
export async function scaleInput(original: Variant, p: ProbeInput): Promise<Scale | { error: string }> {
  let s: Scale = { n: p.n, mult: p.mult, reps: 1, refMs: 0 };
  let last: Scale | undefined;
  const hasSize = choosesSizes(p.plan);
  for (let step = 0; step < 12; step++) {
    let r = await timeOnce(original, s, p.threads, 20_000);
    // Calibration sized the buffers for the largest checked n; what a loop
    // reads may grow faster than that (a CSR matrix's n*n/2 nonzeros), so
    // a bigger n may need the more generous sizes.
    for (let m = s.mult + 1; !r.ok && last && m <= 5; m++) {
      const n = largestFitting(p.plan, m, last.n, s.n);
      if (n <= last.n) continue;
      s = { ...s, n, mult: m };
      r = await timeOnce(original, s, p.threads, 20_000);
    }
    if (!r.ok) {
      if (last) {
        s = last;
        break;
      }
      return { error: `the original failed at n=${s.n}: ${r.detail}` };
    }
    s.refMs = r.ns / 1e6;
    // The whole process' time sets the probe's time limit: filling a quarter gigabyte can take seconds on a loaded machine.
    if (s.refMs >= TARGET_MS) return { ...s, processMs: r.wallMs };
    last = { ...s };
    const want = (TARGET_MS * 1.3) / Math.max(s.refMs, 0.001);
    // Work usually grows one degree faster than the buffers (a matrix
    // product reads n^2 and does n^3): growing by the buffers' degree
    // overshot to 1.4 s calls and a minute of probing for matmul.
    const grow = Math.min(16, Math.max(1.5, Math.pow(want, 1 / (Math.max(1, p.plan.maxDegree) + 1))));
    let nextN = Math.min(p.plan.maxN, Math.ceil((s.n + 2) * grow));
    // Sizes fixed by the array types (`double A[N][M]`): past them, only repetitions add work.
    if (!hasSize || nextN <= s.n) break;
    if (bytesAt(p.plan, nextN, s.mult) > MEMORY_CAP) {
      // The step would not fit: take the largest n that does, if it is bigger.
      const n = largestFitting(p.plan, s.mult, s.n, nextN);
      if (n <= s.n) break;
      nextN = n;
    }
    s = { ...s, n: nextN };
  }
  const base = last ?? s;
  const reps = Math.min(100_000, Math.ceil((TARGET_MS * 1.2) / Math.max(base.refMs, 0.0005)));
  const r = await timeOnce(original, { ...base, reps }, p.threads, 30_000);
  if (!r.ok) return { error: `the original failed when repeated: ${r.detail}` };
  return { ...base, reps, refMs: r.ns / 1e6, processMs: r.wallMs };
}

/** Past this, a probe at the arrays' own size costs more than the decision is worth. */
const ARRAY_SIZE_MAX_MS = 4000;

/**
 * The scale of the arrays the program declared (`double A[700][900]`), when
 * the probe ran below it: a program sizes its arrays for the problem it
 * solves, and what wins at a size that fits the caches (a parallel loop) can
 * lose to what wins past them (Polly's tiling: 2mm at n=186 favours the
 * parallel rows 2x to Polly's 1.2x; at its own n=700 Polly is 6.5x). Undefined
 * when the types fix no size, the probe already ran there, the buffers would
 * not fit, or one call of the original would take too long.
 */
export async function arraySizeScale(original: Variant, plan: HarnessPlan, scale: Scale, threads: number): Promise<Scale | undefined> {
  if (plan.maxN >= 1 << 30 || scale.n >= plan.maxN) return undefined;
  if (!choosesSizes(plan)) return undefined;
  if (bytesAt(plan, plan.maxN, scale.mult) > MEMORY_CAP) return undefined;
  const at: Scale = { n: plan.maxN, mult: scale.mult, reps: 1, refMs: 0 };
  const r = await timeOnce(original, at, threads, ARRAY_SIZE_MAX_MS * 3);
  if (!r.ok || r.ns / 1e6 > ARRAY_SIZE_MAX_MS) return undefined;
  return { ...at, refMs: r.ns / 1e6, processMs: r.wallMs };
}

export interface ProbeResult {
  /** Median ms per variant name; missing when the variant failed. */
  medians: Record<string, number>;
  /** Per variant, in how many rounds it beat `baseline` by the margin. */
  wins: Record<string, number>;
  /** Per variant, ms of each round (all variants ran in every round). */
  times: Record<string, number[]>;
  rounds: number;
  failures: Record<string, string>;
  scale: Scale;
  /** Set when the machine was too busy (or the lock unavailable) to trust the numbers. */
  busy?: string;
  /**
   * Set when other load spoiled the wall times but the threads' waits predict
   * a clear verdict (prediction.ts): the medians and rounds are then the
   * predicted times. Says what the load did.
   */
  predicted?: string;
  /**
   * Per variant, per round, the share of its timed threads' runnable time
   * spent waiting for a core (disturbance.ts); absent where the kernel keeps
   * no such accounting, and the machine-wide check of busy.ts decides.
   */
  waited?: Record<string, number[]>;
  /** Per variant, the median run's work: busiest thread's CPU, all threads' CPU, balance (disturbance.ts' workOf). */
  work?: Record<string, { maxMs: number; sumMs: number; balance: number }>;
  foreignCores?: number;
  ms: number;
}

/** Medians and per-round wins against `baseline`, for variants that ran every round. */
function judge(result: ProbeResult, baseline: string, times: Record<string, number[]>, margin: number): void {
  const base = times[baseline] ?? [];
  result.medians = {};
  result.wins = {};
  for (const [name, t] of Object.entries(times)) {
    if (t.length < result.rounds) continue;
    result.times[name] = t;
    result.medians[name] = median(t);
    result.wins[name] = t.filter((x, i) => base[i] !== undefined && x * (1 + margin) < base[i]).length;
  }
}

/**
 * The variant the medians favour, if any: the fastest candidate when it beats
 * the better of the original and Polly by the margin, else Polly when it
 * beats the original by it. `agreed` says whether the paired rounds bear the
 * medians out: 4 of 5, or 7 of 10 after a second probe.
 */
export function favourite(p: ProbeResult, margin: number): { name: string; agreed: boolean } | undefined {
  const o = p.medians.original;
  if (!o) return undefined;
  const polly = p.medians.polly ?? Infinity;
  const need = 1 + margin;
  const best = Object.entries(p.medians)
    .filter(([name]) => name !== 'original' && name !== 'polly')
    .sort((a, b) => a[1] - b[1])[0];
  const name = best && best[1] * need <= Math.min(o, polly) ? best[0] : polly * need <= o ? 'polly' : undefined;
  if (!name) return undefined;
  const required = p.rounds > ROUNDS ? Math.ceil(p.rounds * 0.7) : ROUNDS - 1;
  return { name, agreed: (p.wins[name] ?? 0) >= required };
}

/** Two probes of the same variants as one of twice the rounds. */
export function combineProbes(a: ProbeResult, b: ProbeResult, margin: number): ProbeResult {
  const out: ProbeResult = { ...a, times: {}, rounds: a.rounds + b.rounds, failures: { ...a.failures, ...b.failures }, ms: a.ms + b.ms };
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(a.times)) if (b.times[name] && !out.failures[name]) times[name] = [...a.times[name], ...b.times[name]];
  judge(out, 'original', times, margin);
  if (a.waited && b.waited) {
    out.waited = {};
    for (const name of Object.keys(a.waited)) out.waited[name] = [...a.waited[name], ...(b.waited[name] ?? [])];
    out.busy = a.busy ?? b.busy ?? spoiledBy(out, favourite(out, margin));
  }
  return out;
}

/**
 * Where other load spoiled the wall times: the verdict the threads' waits
 * clearly predict (the medians become the predicted times), else busy.
 */
function predictVerdict(result: ProbeResult, spoiled: string, wall: Record<string, number[]>, threads: Record<string, ThreadTimes[][]>, margin: number): void {
  if (Object.values(result.waited ?? {}).some((w) => median(w) > PREDICTABLE)) {
    result.busy = spoiled;
    return;
  }
  const complete = Object.fromEntries(Object.entries(wall).filter(([, t]) => t.length === result.rounds));
  const predicted = predict(complete, threads);
  const verdict = clearVerdict(predicted, margin, result.rounds);
  if ('unclear' in verdict) {
    result.busy = `${spoiled}; predicted from the threads' waits, ${verdict.unclear}`;
    return;
  }
  judge(result, 'original', predicted.times, margin);
  result.predicted = spoiled;
}

/**
 * Time all variants, interleaved. `variants[0]` is the original (the baseline
 * for the per-round win counts). Runs under the machine-wide probe lock.
 */
export async function probe(variants: Variant[], scale: Scale, threads: number, margin: number, lockWaitMs = 60_000): Promise<ProbeResult> {
  const t0 = performance.now();
  const release = await acquireProbeLock(lockWaitMs);
  const result: ProbeResult = { medians: {}, wins: {}, times: {}, rounds: ROUNDS, failures: {}, scale, ms: 0 };
  if (!release) {
    result.busy = 'another timing probe held the machine-wide lock too long';
    result.ms = performance.now() - t0;
    return result;
  }
  try {
    const times: Record<string, number[]> = {};
    const waited: Record<string, number[]> = {};
    const threadsOf: Record<string, ThreadTimes[][]> = {};
    let everyRunSampled = true;
    // Filling a quarter gigabyte of inputs can take longer than the calls
    // themselves: the limit covers the whole process, with room for a slow candidate.
    const wall = Math.max(2000, scale.refMs * 20, (scale.processMs ?? 0) * 3);
    let reported = 0;
    const a = sampleCpu();
    const selfA = selfCpuMs();
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of variants) {
        if (result.failures[v.name]) continue;
        const r = await timeOnce(v, scale, threads, wall);
        reported += r.cpuMs;
        if (!r.ok) {
          result.failures[v.name] = r.detail ?? 'failed';
          continue;
        }
        (times[v.name] ??= []).push(r.ns / 1e6);
        if (r.threads) {
          (waited[v.name] ??= []).push(waitedShare(r.threads));
          (threadsOf[v.name] ??= []).push(r.threads);
        } else everyRunSampled = false;
      }
    }
    const b = sampleCpu();
    const selfB = selfCpuMs();
    judge(result, variants[0].name, times, margin);
    if (everyRunSampled && Object.keys(waited).length > 0) {
      // The runs' own threads say whether other load took cores from them:
      // slmcc's own sandbox costs count for nothing unless they did.
      result.waited = waited;
      result.work = {};
      for (const [name, runs] of Object.entries(threadsOf)) {
        const byTime = [...runs].map(workOf).sort((x, y) => x.maxMs - y.maxMs);
        result.work[name] = byTime[Math.floor(byTime.length / 2)];
      }
      const spoiled = spoiledBy(result, favourite(result, margin));
      if (spoiled) predictVerdict(result, spoiled, times, threadsOf, margin);
      if (a && b) result.foreignCores = foreignCores(a, b, ownCpuMs(selfA, selfB, reported));
    } else if (a && b) {
      // Own time is this process' and its children's (busy.ts, selfCpuMs),
      // or what the harness runs reported where /proc cannot say.
      const fc = foreignCores(a, b, ownCpuMs(selfA, selfB, reported));
      result.foreignCores = fc;
      if (fc > BUSY_CORES) result.busy = `other processes used ${fc.toFixed(2)} cores during the probe`;
    }
  } finally {
    release();
  }
  result.ms = performance.now() - t0;
  return result;
}
