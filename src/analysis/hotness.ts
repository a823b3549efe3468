// The static hotness score, in one place.
//
//   trip(loop)  = the constant trip count when both bounds are constants,
//                 PARAM_TRIP when the bounds depend on parameters or other
//                 variables (treated as large), UNKNOWN_TRIP for while/do
//                 loops and headers we cannot read.
//   work(loop)  = trip(loop) * (BODY_COST(loop) + sum of work(child loops))
//                 where BODY_COST counts the array accesses and calls in the
//                 loop's own body (not in its children), at least 1.
//   hotness(fn) = log10(1 + sum of work(top-level loops)), one decimal.
//
// A function is hot when hotness >= HOT_THRESHOLD (about a thousand
// estimated operations per call: one loop over a parameter-sized range, or a
// nest over small constants). pickHot keeps the hottest SLMCC_MAX_FUNCTIONS.
import { allLoops } from './loop-tree.js';
import type { FunctionInfo, Loop, TranslationUnit } from './types.js';

export const PARAM_TRIP = 1000;
export const UNKNOWN_TRIP = 100;
export const HOT_THRESHOLD = 3;

export function loopTrip(loop: Loop): number {
  if (loop.kind !== 'for' || !loop.step) return UNKNOWN_TRIP;
  if (loop.lower?.kind === 'constant' && loop.upper?.kind === 'constant') {
    const span = Math.abs(loop.upper.value - loop.lower.value);
    return Math.max(1, Math.ceil(span / Math.abs(loop.step)));
  }
  if (loop.upper?.kind === 'unknown' || loop.lower?.kind === 'unknown') return UNKNOWN_TRIP;
  return PARAM_TRIP;
}

function ownCost(loop: Loop): number {
  const inChildren = (l: Loop): number => l.accesses.length + l.calls.length;
  const all = loop.accesses.length + loop.calls.length;
  const kids = loop.children.reduce((s, c) => s + inChildren(c), 0);
  return Math.max(1, all - kids);
}

export function loopWork(loop: Loop): number {
  const kids = loop.children.reduce((s, c) => s + loopWork(c), 0);
  return loop.tripEstimate * (ownCost(loop) + kids);
}

export function functionHotness(loops: Loop[]): number {
  const work = loops.reduce((s, l) => s + loopWork(l), 0);
  return Math.round(Math.log10(1 + work) * 10) / 10;
}

/** The hottest functions over the threshold, hottest first, at most `max`. */
export function pickHot(tu: TranslationUnit, max: number): FunctionInfo[] {
  return tu.functions
    .filter((f) => f.hotness >= HOT_THRESHOLD)
    .sort((a, b) => b.hotness - a.hotness || a.start - b.start)
    .slice(0, Math.max(0, max));
}

/**
 * Why a hot-looking function cannot pay for a harness build at compile time,
 * or undefined when it may: loops that touch no array (an interpreter's walk
 * down a linked list, scalar iteration) give the harness nothing to size and
 * a parallel loop nothing to split, and loops whose trip counts no bound
 * states (every loop a while or do loop) give the static estimate nothing to
 * go on. Such functions are left to tune, which measures them on a workload.
 */
export function notWorthDeciding(fn: FunctionInfo): string | undefined {
  const loops = allLoops(fn.loops);
  if (loops.length === 0) return 'it has no loops';
  // `p->v` and `*p` count as accesses too; only a subscript indexes an array.
  if (loops.every((l) => l.accesses.every((a) => !a.text.includes('['))))
    return 'its loops index no arrays (pointer chasing or scalar work): nothing to split across threads that a harness could size';
  if (loops.every((l) => l.kind !== 'for' || l.tripEstimate === UNKNOWN_TRIP)) return 'no loop states its trip count (while/do loops, or bounds the analysis cannot read)';
  return undefined;
}
