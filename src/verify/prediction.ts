// What a probe spoiled by other load still says: each run's time on a
// machine with a core per thread, predicted from its threads' own waits.
//
// A timed thread is either on a core or runnable and waiting for one (the
// scheduler's accounting, disturbance.ts); libomp's workers spin at a
// barrier rather than sleep, so a team's threads stay runnable for the whole
// timed stretch. Other load delays the run by the time its critical thread
// was kept off a core: the thread that shares a core with a spinning process
// waits about as long as it runs, and a static schedule's barrier waits for
// it. So the run would have taken its wall time less its most-delayed
// thread's wait. The same holds for the one-thread baselines, whose only
// thread is the critical one. Where the other threads took over the waiting
// thread's share (a guided schedule), its wait held nothing up: then the
// threads' CPU spread evenly over them bounds the prediction from below.
//
// The prediction decides only where it is clear: a candidate must beat the
// baselines by the margin and the prediction's slack on top of it, in the
// medians and in the paired rounds; a verdict against it needs it to fall
// short of the margin by the slack as well. Anything between stays pending,
// and a quiet moment decides with wall time (pipeline/settle.ts).
import { median, type ThreadTimes } from './disturbance.js';

/** A run whose threads waited more than this share of their time says too little to predict from. */
export const PREDICTABLE = 0.75;

/**
 * How far a prediction may stray from the quiet machine's wall time, as a
 * ratio. Measured on the kernels beside one and two spinning processes
 * (docs/bench.md, "A busy machine"): the predicted speedups of the loops
 * with a guided schedule fell within 10% of the idle ones; those with a
 * static schedule read up to 1.4x higher (jacobi, matmul, conv2d: two
 * threads that seldom run at once do not share the memory bandwidth, and
 * the idle probes of these varied as much between runs).
 */
export const PREDICTION_SLACK = 0.3;

/**
 * The slack between two variants that both ran on a team of threads (a
 * candidate and a parallel Polly build): whatever the prediction misses of
 * the quiet machine (memory bandwidth two threads would share) it misses for
 * both, so their ratio strays far less than each one's ratio to a one-thread
 * baseline. Measured on nbody beside one spinner: Polly over the candidate
 * predicted 1.02x, where the quiet machine measured 1.04x (docs/bench.md).
 * A candidate predicted no more than about the margin over Polly then loses
 * to it, as the quiet machine's rule would have it.
 */
export const PAIR_SLACK = 0.05;

const cpuOf = (threads: ThreadTimes[]) => threads.reduce((c, t) => c + t.cpuMs, 0);

/**
 * The run's wall time less the wait of its most-delayed thread, but never
 * less than its threads' CPU shared out evenly among them: where the
 * schedule hands work out as threads ask for it (guided, dynamic), a
 * thread that waited for a core did not hold the others up, they did its
 * share, and taking its wait out would predict a run faster than its work
 * allows (beside a spinning process, the kernels' graph loops read 3.6x
 * on two threads that way).
 *
 * `workMs` is the team's CPU to share out, when the caller knows it better
 * than this run does: a thread that finished its share and spun at the
 * barrier for a delayed one (a Polly build keeps libomp's long block time)
 * burnt CPU that is no work, and the variant's least CPU over its rounds is
 * the closer measure (predict).
 */
export function undisturbedMs(wallMs: number, threads: ThreadTimes[], workMs = cpuOf(threads)): number {
  const wait = threads.reduce((w, t) => Math.max(w, t.waitMs), 0);
  const even = threads.length ? workMs / threads.length : 0;
  // A thread's wait can only have delayed the run by as long as it ran.
  return Math.max(wallMs - Math.min(wait, wallMs), Math.min(even, wallMs), wallMs * (1 - PREDICTABLE));
}

export interface Predicted {
  medians: Record<string, number>;
  /** Per variant, per round. */
  times: Record<string, number[]>;
  /**
   * Variants that ran on one thread (Polly's build where it made no loop
   * parallel): one thread's wait is exactly what it lost, so its prediction
   * needs no slack.
   */
  serial?: Set<string>;
}

/** Per round, how many rounds `name` beat `base` by `need` (a ratio). */
const winsOver = (p: Predicted, name: string, base: string, need: number) => (p.times[name] ?? []).filter((x, i) => p.times[base]?.[i] !== undefined && x * need <= p.times[base][i]).length;

/**
 * The verdict a prediction clearly gives, as the variant it goes to
 * ('original', 'polly' or a candidate), or why it gives none. `rounds` is
 * how many rounds every variant ran; 'original' is the baseline.
 */
export function clearVerdict(p: Predicted, margin: number, rounds: number): { name: string } | { unclear: string } {
  const o = p.medians.original;
  if (!o) return { unclear: 'the original has no predicted time' };
  const polly = p.medians.polly ?? Infinity;
  const win = (1 + margin) * (1 + PREDICTION_SLACK);
  const lose = (1 + margin) / (1 + PREDICTION_SLACK);
  const required = rounds - 1;
  const candidates = Object.entries(p.medians)
    .filter(([n]) => n !== 'original' && n !== 'polly')
    .sort((a, b) => a[1] - b[1]);
  const best = candidates[0];
  const x = (m: number) => `${(o / m).toFixed(2)}x`;
  if (best) {
    // A candidate must beat each baseline by the margin, with the slack that pair's prediction needs.
    const pair = polly !== Infinity && !p.serial?.has('polly') && !p.serial?.has(best[0]) ? PAIR_SLACK : PREDICTION_SLACK;
    const winP = (1 + margin) * (1 + pair);
    const beats = best[1] * win <= o && best[1] * winP <= polly;
    const short = best[1] * lose >= o || best[1] * ((1 + margin) / (1 + pair)) >= polly;
    if (beats) {
      const agreed = winsOver(p, best[0], 'original', win) >= required && (polly === Infinity || winsOver(p, best[0], 'polly', winP) >= required);
      return agreed ? { name: best[0] } : { unclear: `candidate ${best[0]} predicted ${x(best[1])}, but not in ${required} of ${rounds} rounds` };
    }
    const against = polly === Infinity ? '' : `, Polly ${x(polly)}`;
    if (!short) return { unclear: `candidate ${best[0]} predicted ${x(best[1])}${against}, too close to call` };
  }
  if (polly === Infinity) return { name: 'original' };
  if (p.serial?.has('polly')) return polly * (1 + margin) <= o && winsOver(p, 'polly', 'original', 1 + margin) >= required ? { name: 'polly' } : { name: 'original' };
  if (polly * win <= o) return winsOver(p, 'polly', 'original', win) >= required ? { name: 'polly' } : { unclear: `Polly predicted ${x(polly)}, but not in ${required} of ${rounds} rounds` };
  if (polly * lose < o) return { unclear: `Polly predicted ${x(polly)}, too close to call` };
  return { name: 'original' };
}

/** Each variant's predicted time per round, from the runs' wall times and threads. */
export function predict(wall: Record<string, number[]>, threads: Record<string, ThreadTimes[][]>): Predicted {
  const times: Record<string, number[]> = {};
  const medians: Record<string, number> = {};
  const serial = new Set<string>();
  for (const [name, ms] of Object.entries(wall)) {
    const runs = threads[name];
    if (!runs || runs.length !== ms.length) continue;
    // The work is the same in every round; spinning at a barrier only adds to a round's CPU.
    const work = Math.min(...runs.map(cpuOf));
    times[name] = ms.map((w, i) => undisturbedMs(w, runs[i], work));
    medians[name] = median(times[name]);
    if (runs.every((r) => r.slice(1).every((t) => t.cpuMs < 0.05 * r[0].cpuMs))) serial.add(name);
  }
  return { medians, times, serial };
}
