// The array dependence test between two accesses of one base across two
// different iterations of the loop under test (GCD and bounds tests on affine
// subscripts). Unknown means dependent: the caller refuses.
import { affine, type Affine, type ArrayAccess } from '../index.js';
import type { DepContext } from './dep-context.js';
import { mayMeet } from './system.js';
import { swallowed } from '../../core/swallowed.js';

/** `by: 'system'` when only the whole-nest test (all subscripts and bounds together) proved it. */
export type DepResult = { independent: true; by?: 'system' } | { independent: false; why: string; distance?: number };

function isNonNegConst(a: Affine): boolean {
  return affine.isConstant(a) && a.constant >= 0;
}

function absConst(a: Affine): number | null {
  return affine.isConstant(a) ? Math.abs(a.constant) : null;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

interface Term {
  name: string;
  coeff: Affine;
  width: Affine | null;
}

/**
 * An upper bound of |c| as a polynomial, or null. A symbolic coefficient is
 * bounded by itself when it is provably non-negative: when it is at least
 * the width of one of the loops (a loop that runs has max >= min). That is
 * the row length of a flattened array: in `a[(c*h + i)*w + j]` with
 * `j < w`, the `w` that multiplies `i` is j's width plus one. With it the
 * elimination below sees that `c*h*w` outgrows all that `i` and `j` can add,
 * so the loop over `c` writes disjoint planes.
 */
function magnitudeBound(c: Affine, terms: readonly Term[]): Affine | null {
  const k = absConst(c);
  if (k !== null) return affine.constant(k);
  for (const t of terms) if (t.width && isNonNegConst(affine.sub(c, t.width))) return c;
  return null;
}

/** One dimension: can subscript w (iteration v) equal subscript a (iteration v' != v)? */
function dimension(w: Affine, a: Affine, W: ArrayAccess, A: ArrayAccess, ctx: DepContext): DepResult {
  const vars = new Set<string>();
  for (const [acc, s] of [
    [W, w],
    [A, a],
  ] as const)
    for (const n of affine.names(s)) {
      if (n === ctx.v) continue;
      if (ctx.rangeAt(n, acc)) vars.add(n);
      else if (ctx.variant(n)) return { independent: false, why: `subscript uses ${n}, which changes inside the loop` };
    }
  // Split both subscripts over the loop variables.
  let restW: Affine = w;
  let restA: Affine = a;
  const terms: Term[] = [];
  let coupled = false;
  const coeffPairs: [Affine, Affine][] = [];
  for (const u of [ctx.v, ...vars]) {
    const sw = affine.splitOn(restW, u);
    const sa = affine.splitOn(restA, u);
    if (!sw || !sa) return { independent: false, why: `subscript is not affine in ${u}` };
    for (const c of [sw.coeff, sa.coeff]) if (affine.names(c).some((n) => n === ctx.v || vars.has(n))) return { independent: false, why: 'subscript multiplies loop variables' };
    restW = sw.rest;
    restA = sa.rest;
    coeffPairs.push([sw.coeff, sa.coeff]);
    if (!affine.equal(sw.coeff, sa.coeff)) {
      coupled = true;
      continue;
    }
    let width: Affine | null;
    if (u === ctx.v) width = ctx.vWidth;
    else {
      const rw = ctx.rangeAt(u, W);
      const ra = ctx.rangeAt(u, A);
      width = rw?.min && rw.max && ra?.min && ra.max && affine.equal(rw.min, ra.min) && affine.equal(rw.max, ra.max) ? affine.sub(rw.max, rw.min) : null;
    }
    terms.push({ name: u, coeff: sw.coeff, width });
  }
  const D = affine.sub(restW, restA);
  if (!affine.isConstant(D)) return { independent: false, why: 'subscripts differ by a symbolic amount' };
  if (coupled) {
    // GCD test: sum(cw*u) - sum(ca*u') = -D has no integer solution.
    let g = 0;
    for (const [cw, ca] of coeffPairs) {
      for (const c of [cw, ca]) {
        const k = absConst(c);
        if (k === null) return { independent: false, why: 'subscripts with different symbolic coefficients' };
        g = gcd(g, k);
      }
    }
    if (g !== 0 && D.constant % g !== 0) return { independent: true };
    return { independent: false, why: 'subscripts may meet (GCD test)' };
  }
  // Bounds test by elimination: a term whose |coeff| exceeds everything the
  // others (and D) can add must be zero; if that forces v's term to zero the
  // two iterations would be the same one.
  let live = terms.filter((t) => !(affine.isConstant(t.coeff) && t.coeff.constant === 0));
  const vTerm = live.find((t) => t.name === ctx.v);
  if (!vTerm) return { independent: false, why: `every iteration of ${ctx.v} touches the same elements` };
  for (;;) {
    let progressed = false;
    for (const t of live) {
      let others: Affine = affine.constant(Math.abs(D.constant));
      let bounded = true;
      for (const o of live) {
        if (o === t) continue;
        const k = magnitudeBound(o.coeff, terms);
        if (k === null || !o.width) {
          bounded = false;
          break;
        }
        others = affine.add(others, affine.mul(o.width, k));
      }
      if (!bounded) continue;
      const mag = t.name === ctx.v ? Math.abs(ctx.step) : 1;
      const pos = affine.sub(affine.scale(t.coeff, mag), others);
      const neg = affine.sub(affine.scale(t.coeff, -mag), others);
      const dominates = (p: Affine) => isNonNegConst(affine.add(p, affine.constant(-1)));
      if (dominates(pos) || dominates(neg)) {
        if (t.name === ctx.v) return { independent: true };
        live = live.filter((x) => x !== t);
        progressed = true;
        break;
      }
    }
    if (!progressed) break;
  }
  if (live.length === 1 && live[0] === vTerm) {
    const k = vTerm.coeff;
    if (affine.isConstant(k) && k.constant !== 0) {
      if (D.constant % k.constant !== 0) return { independent: true };
      const delta = -D.constant / k.constant;
      if (delta === 0) return { independent: true };
      if (delta % ctx.step !== 0) return { independent: true };
      if (ctx.vWidth && affine.isConstant(ctx.vWidth) && Math.abs(delta) > ctx.vWidth.constant) return { independent: true };
      return { independent: false, why: 'distance', distance: delta / ctx.step };
    }
    if (D.constant === 0) return { independent: false, why: `the coefficient of ${ctx.v} may be zero` };
  }
  return { independent: false, why: 'subscripts may overlap across iterations' };
}

/**
 * Can W (a write) and A touch the same element in two different iterations
 * of ctx.v? Each subscript on its own first (GCD, bounds, distance); when no
 * single one separates the iterations, all subscripts and all loop bounds
 * together (system.ts), which proves triangular nests.
 */
export function dependence(W: ArrayAccess, A: ArrayAccess, ctx: DepContext): DepResult {
  const r = perDimension(W, A, ctx);
  if (r.independent) return r;
  try {
    const m = mayMeet(W, A, ctx);
    if (!m.meet) return { independent: true, by: 'system' };
    // The whole-nest answer says more than "may meet" of one subscript, and
    // more than "every iteration touches the same elements" when that is only
    // true of the other access (a write that moves with v meeting a fixed read).
    const writeMoves = W.subscripts.some((x) => x && affine.names(x).includes(ctx.v));
    if (m.solved && r.why !== 'distance' && (/may meet|symbolic amount|may overlap across/.test(r.why) || (writeMoves && r.why.startsWith('every iteration'))))
      return { independent: false, why: m.why };
  } catch (e) {
    swallowed('analysis/dependence/dependence', e);
    // The per-subscript answer stands.
  }
  return r;
}

/**
 * Each subscript on its own. One that is not affine (`x[i3][i2][(i1 + b) %
 * n1]`) says nothing, but does not stop another from separating the
 * iterations: the test already takes every subscript of an array of arrays
 * to stay within its dimension, as C does.
 */
function perDimension(W: ArrayAccess, A: ArrayAccess, ctx: DepContext): DepResult {
  if (W.subscripts.length !== A.subscripts.length) return { independent: false, why: 'accessed with different numbers of subscripts' };
  let last: DepResult = { independent: false, why: 'no subscripts' };
  let opaque: ArrayAccess | undefined;
  for (let d = 0; d < W.subscripts.length; d++) {
    const w = W.subscripts[d];
    const a = A.subscripts[d];
    if (!w || !a) {
      opaque ??= w ? A : W;
      continue;
    }
    const r = dimension(w, a, W, A, ctx);
    if (r.independent) return r;
    if (d === 0 || r.why === 'distance') last = r;
  }
  return opaque ? { independent: false, why: `subscript not affine: ${opaque.text}` } : last;
}
