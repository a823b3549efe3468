// One compared run above 2^20 elements. The checked sets stop where a quick
// run under the sanitizers does; a candidate wrong only past a power of two
// (an index held in 20 bits, a tile of 2^20 whose remainder is dropped, a
// 16-bit counter) passes all of them. This run is differential only, on the
// plain build, and only where the original itself finishes it within a few
// seconds.
import type { BuildResult } from './build.js';
import { choosesSizes, sizedByNothing, type HarnessPlan, type InputSet } from './harness.js';
import { runSet } from './runs.js';

export const LARGE_ELEMENTS = 1 << 20;
/** The original's two calls on the large set must finish within this, or the run is skipped. */
export const LARGE_BUDGET_MS = 3000;

export interface LargeRun {
  set: InputSet;
  wallMs: number;
}

/**
 * The smallest n whose largest buffer (n^maxDegree elements) holds more than
 * 2^20, or undefined where no integer argument sizes the buffers or the
 * array types cap n below it.
 */
export function largeSet(plan: HarnessPlan, mult: number): InputSet | undefined {
  if (sizedByNothing(plan) || !choosesSizes(plan)) return undefined;
  const degree = Math.max(1, plan.maxDegree);
  let n = Math.ceil(Math.pow(LARGE_ELEMENTS, 1 / degree));
  while (Math.pow(n, degree) <= LARGE_ELEMENTS) n++;
  if (n > plan.maxN) return undefined;
  // loose: a float sum of a million terms reordered across threads moves past
  // the checks' tolerance; the errors this run is for are gross.
  return { name: `above 2^20 elements n=${n}`, n, distinct: false, seed: 29, mult, loose: 1000 };
}

/** The large run, if the original finishes it (plain build, reference only) within the budget. */
export async function planLargeRun(plan: HarnessPlan, plainRef: BuildResult, mult: number, threads: number): Promise<LargeRun | undefined> {
  const set = largeSet(plan, mult);
  if (!set) return undefined;
  const r = await runSet(plainRef.exe, 'plain', set, 0, { threads, wallMs: LARGE_BUDGET_MS });
  if (!r.ok || r.refNs === undefined) return undefined;
  const refMs = r.refNs / 1e6;
  // Both sides' two calls, filling and copying the inputs, process start-up.
  return { set, wallMs: Math.max(5000, 4 * refMs + 2 * r.ms) };
}
