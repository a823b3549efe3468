// When is a dependence certain, not only possible? dependence.ts answers
// "independent" or "may meet"; verify needs to tell a dependence the loop
// certainly carries (refuse the claim) from one the test cannot rule out
// (leave it to the runs). Two accesses of one base certainly meet when every
// subscript is the same expression up to a shift in the loop variable: the
// inner loop variables and loop-invariant symbols take the same values in
// both iterations, and the shifts of all subscripts agree on how many
// iterations apart the two iterations are.
import { affine, type Affine, type ArrayAccess } from '../index.js';
import type { DepContext } from './dep-context.js';

/** How far apart (in iterations of the loop under test) the other access comes after the write. */
export type Meeting =
  /** `later` iterations after the write's (negative: before it). */
  | { kind: 'distance'; later: number }
  /** Every two iterations touch the element: no subscript moves with the loop variable. */
  | { kind: 'any' }
  /** A loop-invariant symbolic distance (`a[i + m]` against `a[i]`): a dependence only when |distance| is below the trip count. */
  | { kind: 'symbolic'; later: Affine };

type Dim = { kind: 'any' } | { kind: 'distance'; later: number } | { kind: 'symbolic'; later: Affine };

function sameRange(u: string, W: ArrayAccess, A: ArrayAccess, ctx: DepContext): boolean {
  const rw = ctx.rangeAt(u, W);
  const ra = ctx.rangeAt(u, A);
  if (!rw?.min || !rw.max || !ra?.min || !ra.max) return false;
  if (!affine.equal(rw.min, ra.min) || !affine.equal(rw.max, ra.max)) return false;
  // A bound that moves with the loop variable (a triangle) need not hold the same value in two iterations.
  return ![rw.min, rw.max].some((b) => affine.names(b).some((n) => n === ctx.v || ctx.variant(n)));
}

function dimension(w: Affine, a: Affine, W: ArrayAccess, A: ArrayAccess, ctx: DepContext): Dim | null {
  const sw = affine.splitOn(w, ctx.v);
  const sa = affine.splitOn(a, ctx.v);
  if (!sw || !sa || !affine.isConstant(sw.coeff) || !affine.equal(sw.coeff, sa.coeff)) return null;
  for (const n of new Set([...affine.names(sw.rest), ...affine.names(sa.rest)])) {
    const inner = ctx.rangeAt(n, W) || ctx.rangeAt(n, A);
    if (inner ? !sameRange(n, W, A, ctx) : ctx.variant(n)) return null;
  }
  const diff = affine.sub(sw.rest, sa.rest);
  // An inner variable left in the difference has different coefficients: not one shift.
  if (affine.names(diff).some((n) => ctx.rangeAt(n, W) || ctx.rangeAt(n, A))) return null;
  const c = sw.coeff.constant;
  if (c === 0) return affine.isConstant(diff) && diff.constant === 0 ? { kind: 'any' } : null;
  // c*v + restW = c*v' + restA: v' - v = diff / c, in steps of the loop.
  const per = c * ctx.step;
  if (affine.isConstant(diff)) {
    if (diff.constant % per !== 0) return null;
    const later = diff.constant / per;
    return later === 0 ? null : { kind: 'distance', later };
  }
  if (Math.abs(per) !== 1) return null;
  return { kind: 'symbolic', later: affine.scale(diff, per) };
}

/**
 * Do W (a write) and A certainly touch one element in two different
 * iterations, given the loop runs long enough? Null when not certain: a
 * subscript not affine, coupled, moving differently, or a symbol that
 * changes inside the loop.
 */
export function certainMeeting(W: ArrayAccess, A: ArrayAccess, ctx: DepContext): Meeting | null {
  if (W.subscripts.length !== A.subscripts.length || !W.subscripts.length) return null;
  let out: Dim = { kind: 'any' };
  for (let d = 0; d < W.subscripts.length; d++) {
    const w = W.subscripts[d];
    const a = A.subscripts[d];
    if (!w || !a) return null;
    const r = dimension(w, a, W, A, ctx);
    if (!r) return null;
    if (r.kind === 'any') continue;
    if (out.kind === 'any') out = r;
    else if (out.kind === 'distance' && r.kind === 'distance' && out.later === r.later) continue;
    else if (out.kind === 'symbolic' && r.kind === 'symbolic' && affine.equal(out.later, r.later)) continue;
    else return null;
  }
  if (out.kind === 'distance' && ctx.vWidth && affine.isConstant(ctx.vWidth) && Math.abs(out.later * ctx.step) > ctx.vWidth.constant) return null;
  return out;
}
