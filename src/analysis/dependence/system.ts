// The whole-nest dependence test: can a write in one iteration of the loop
// under test touch the same element as an access in another iteration, given
// every subscript at once and the bounds of every loop around the two
// accesses? The answer is a system of linear constraints over two copies of
// the loop variables (one per iteration) and the loop-invariant symbols;
// Fourier-Motzkin elimination over the rationals decides it. A system with
// no rational solution has no integer one, so "infeasible" proves the two
// accesses never meet; anything else (feasible, non-linear, too big) is
// "may meet". This is what proves triangular nests: covariance's cov[i][j]
// and cov[j][i] with j >= i meet only when the two i's are equal.
import { affine, type Affine, type ArrayAccess } from '../index.js';
import type { DepContext, VarRange } from './dep-context.js';
import { spend } from '../budget.js';

/** sum(co[x] * x) + c >= 0 (or == 0 for equalities). */
interface Row {
  co: Map<string, number>;
  c: number;
}

const LIMIT = 2000;
const BIG = 2 ** 40;

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

function normalize(r: Row): Row {
  let g = Math.abs(r.c);
  for (const v of r.co.values()) g = gcd(g, v);
  if (g <= 1) return r;
  const co = new Map<string, number>();
  for (const [k, v] of r.co) co.set(k, v / g);
  return { co, c: r.c / g };
}

function combine(a: Row, ka: number, b: Row, kb: number): Row | null {
  const co = new Map<string, number>();
  for (const [k, v] of a.co) co.set(k, v * ka);
  for (const [k, v] of b.co) co.set(k, (co.get(k) ?? 0) + v * kb);
  for (const [k, v] of [...co]) {
    if (v === 0) co.delete(k);
    else if (Math.abs(v) > BIG) return null;
  }
  const c = a.c * ka + b.c * kb;
  if (Math.abs(c) > BIG) return null;
  return normalize({ co, c });
}

function key(r: Row): string {
  return (
    [...r.co]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${v}${k}`)
      .join(' ') + `|${r.c}`
  );
}

/** False only when the system certainly has no rational solution. */
export function feasible(eqs: Row[], ineqs: Row[]): boolean {
  let rows = ineqs.map(normalize);
  const pending = eqs.map(normalize);
  // Equalities: eliminate one variable each (integer combinations, no fractions).
  while (pending.length) {
    const e = pending.pop()!;
    if (e.co.size === 0) {
      if (e.c !== 0) return false;
      continue;
    }
    let x = [...e.co.keys()][0];
    for (const [k, v] of e.co) if (Math.abs(v) === 1) x = k;
    let eq = e;
    if (eq.co.get(x)! < 0) eq = { co: new Map([...eq.co].map(([k, v]) => [k, -v])), c: -eq.c };
    const a = eq.co.get(x)!;
    const elim = (r: Row): Row | null => {
      const b = r.co.get(x);
      return b ? combine(r, a, eq, -b) : r;
    };
    const nextRows: Row[] = [];
    for (const r of rows) {
      const n = elim(r);
      if (!n) return true;
      nextRows.push(n);
    }
    rows = nextRows;
    for (let i = 0; i < pending.length; i++) {
      const n = elim(pending[i]);
      if (!n) return true;
      pending[i] = n;
    }
  }
  // Inequalities: Fourier-Motzkin.
  for (;;) {
    const seen = new Map<string, Row>();
    for (const r of rows) {
      if (r.co.size === 0) {
        if (r.c < 0) return false;
        continue;
      }
      seen.set(key(r), r);
    }
    rows = [...seen.values()];
    if (!rows.length) return true;
    const vars = new Set<string>();
    for (const r of rows) for (const k of r.co.keys()) vars.add(k);
    let best: string | undefined;
    let cost = Infinity;
    for (const x of vars) {
      let p = 0;
      let n = 0;
      for (const r of rows) {
        const v = r.co.get(x) ?? 0;
        if (v > 0) p++;
        else if (v < 0) n++;
      }
      const c = p * n - p - n;
      if (c < cost) {
        cost = c;
        best = x;
      }
    }
    const x = best!;
    const pos = rows.filter((r) => (r.co.get(x) ?? 0) > 0);
    const neg = rows.filter((r) => (r.co.get(x) ?? 0) < 0);
    const next = rows.filter((r) => !r.co.has(x));
    for (const p of pos)
      for (const n of neg) {
        const r = combine(p, -n.co.get(x)!, n, p.co.get(x)!);
        if (!r) return true;
        next.push(r);
      }
    if (next.length > LIMIT) return true;
    spend(next.length);
    rows = next;
  }
}

type Lin = Row;

export type Meet = { meet: false } | { meet: true; solved: boolean; why: string };
const UNKNOWN = (why: string): Meet => ({ meet: true, solved: false, why });

/**
 * Can W (a write) and A touch the same element in two different iterations
 * of ctx.v? meet: false when the constraint system proves they cannot;
 * otherwise they may, and `solved` says whether the system was decided
 * (the subscripts and bounds allow it) or is beyond this test.
 */
export function mayMeet(W: ArrayAccess, A: ArrayAccess, ctx: DepContext): Meet {
  // A subscript that is not affine adds no equation; the others still must hold.
  const dims = W.subscripts.flatMap((w, d) => (w && A.subscripts[d] ? [d] : []));
  if (W.subscripts.length !== A.subscripts.length || !dims.length) return UNKNOWN('subscripts not affine');
  const eqs: Row[] = [];
  const ineqs: Row[] = [];
  const copies: [ArrayAccess, string][] = [
    [W, '#1'],
    [A, '#2'],
  ];
  // Loop variables seen by each access: those in its subscripts, then those in their bounds.
  const loopVars = copies.map(([acc]) => {
    const vars = new Map<string, VarRange>();
    const todo: string[] = dims.flatMap((d) => affine.names(acc.subscripts[d]!));
    while (todo.length) {
      const n = todo.pop()!;
      if (n === ctx.v || vars.has(n)) continue;
      const r = ctx.rangeAt(n, acc);
      if (!r) continue;
      vars.set(n, r);
      for (const b of [r.min, r.max]) if (b) todo.push(...affine.names(b));
    }
    return vars;
  });
  // An affine expression of one copy as a linear row; null when it is not linear in the loop variables or uses something that changes in the loop.
  const lin = (a: Affine, copy: number): Lin | null => {
    const vars = loopVars[copy];
    const tag = copies[copy][1];
    const co = new Map<string, number>();
    for (const [k, v] of Object.entries(a.terms)) {
      const parts = k.split('*');
      const loops = parts.filter((p) => p === ctx.v || vars.has(p));
      if (loops.length > 1 || (loops.length === 1 && parts.length > 1)) return null;
      if (!loops.length && parts.some((p) => ctx.variant(p))) return null;
      const name = loops.length ? `${loops[0]}${tag}` : k;
      co.set(name, (co.get(name) ?? 0) + v);
    }
    return { co, c: a.constant };
  };
  const sub = (a: Lin, b: Lin): Lin => {
    const co = new Map(a.co);
    for (const [k, v] of b.co) co.set(k, (co.get(k) ?? 0) - v);
    for (const [k, v] of [...co]) if (v === 0) co.delete(k);
    return { co, c: a.c - b.c };
  };
  const bound = (x: string, copy: number, r: VarRange) => {
    const me: Lin = { co: new Map([[`${x}${copies[copy][1]}`, 1]]), c: 0 };
    const lo = r.min && lin(r.min, copy);
    const hi = r.max && lin(r.max, copy);
    if (lo) ineqs.push(sub(me, lo));
    if (hi) ineqs.push(sub(hi, me));
  };
  for (let c = 0; c < 2; c++) {
    if (ctx.vRange) bound(ctx.v, c, ctx.vRange);
    for (const [u, r] of loopVars[c]) bound(u, c, r);
  }
  for (const d of dims) {
    const w = lin(W.subscripts[d]!, 0);
    const a = lin(A.subscripts[d]!, 1);
    if (!w || !a) return UNKNOWN('a subscript is not linear in the loop variables');
    eqs.push(sub(w, a));
  }
  const step = Math.max(1, Math.abs(ctx.step));
  const v1 = `${ctx.v}#1`;
  const v2 = `${ctx.v}#2`;
  for (const [lo, hi] of [
    [v1, v2],
    [v2, v1],
  ]) {
    // hi - lo >= step: the two iterations differ.
    const order: Row = {
      co: new Map([
        [hi, 1],
        [lo, -1],
      ]),
      c: -step,
    };
    if (feasible(eqs, [...ineqs, order])) return { meet: true, solved: true, why: `the subscripts can be equal for two different values of ${ctx.v} within the loop bounds` };
  }
  return { meet: false };
}
