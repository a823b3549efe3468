// Walking a function's loop nests: every part that looks at loops one by one
// (hotness, the builtin's tests, the model's replies, rewrite, explain) takes
// them in this order, outer before inner, in source order.
import type { Loop } from './types.js';

/** Every loop of the nests, each before the loops inside it. */
export function allLoops(loops: readonly Loop[]): Loop[] {
  return loops.flatMap((l) => [l, ...allLoops(l.children)]);
}

/** The loops inside `loop`, at any depth, in the same order. */
export function loopsInside(loop: Loop): Loop[] {
  return allLoops(loop.children);
}
