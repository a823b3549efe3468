// Row pointers: `const float *x = in + r * cols;` or `double *y = &out[i * n];`
// declared in a loop's body and never changed. Real code reaches rows this
// way; the dependence test sees through them by reading `y[c]` as
// `out[i * n + c]`, which it can judge, instead of "a pointer declared in the
// loop, which may point anywhere".
import { affine, field, forHeader, memoPerParse, unparen, walk, type Affine, type ArrayAccess, type SyntaxNode } from '../index.js';
import type { FnContext } from './context.js';

interface RowPointer {
  base: string;
  offset: Affine;
  offsetText: string;
  /** Where its initialiser lies in the function's text: `&P[E]` there computes an address, it accesses nothing. */
  init: [number, number];
}

type BaseAndOffset = Omit<RowPointer, 'init'>;

/** The base and offset of `P + E`, `E + P`, `&P[E]` or `P`, for a base P that is not itself a loop local. */
function baseAndOffset(ctx: FnContext, value: SyntaxNode, isLocal: (n: string) => boolean): BaseAndOffset | undefined {
  const v = unparen(value);
  const pointerBase = (n: SyntaxNode | null): string | undefined => {
    if (!n) return undefined;
    const u = unparen(n);
    if (u.type !== 'identifier' || isLocal(u.text)) return undefined;
    const s = ctx.sym(u.text);
    // One level of indirection, contiguous: a pointer parameter or a 1-D array.
    if (!s || (s.kind !== 'pointer' && s.kind !== 'array')) return undefined;
    if (s.pointerDepth + s.dims.length !== 1) return undefined;
    return u.text;
  };
  const offset = (n: SyntaxNode | null): { a: Affine; text: string } | undefined => {
    if (!n) return undefined;
    const a = affine.toAffine(n);
    return a ? { a, text: n.text } : undefined;
  };
  if (v.type === 'identifier') {
    const b = pointerBase(v);
    return b ? { base: b, offset: affine.ZERO, offsetText: '0' } : undefined;
  }
  if (v.type === 'binary_expression' && (field(v, 'operator')?.type ?? v.child(1)?.type) === '+') {
    const l = field(v, 'left');
    const r = field(v, 'right');
    for (const [p, e] of [
      [l, r],
      [r, l],
    ] as const) {
      const b = pointerBase(p);
      const o = offset(e);
      if (b && o) return { base: b, offset: o.a, offsetText: o.text };
    }
    return undefined;
  }
  if (v.type === 'pointer_expression' && v.child(0)?.type === '&') {
    const s = unparen(field(v, 'argument')!);
    if (s.type !== 'subscript_expression') return undefined;
    const b = pointerBase(field(s, 'argument'));
    const o = offset(soleIndex(s));
    return b && o ? { base: b, offset: o.a, offsetText: o.text } : undefined;
  }
  return undefined;
}

/** Is `name` assigned, incremented or address-taken anywhere in the function (other than by its declaration)? */
export function changedAnywhere(root: SyntaxNode, name: string): boolean {
  return changeCounts(root).has(name);
}

/**
 * For each name `node` changes: one per plain or compound assignment, two per
 * `++`/`--` or `&name` (never a single plain set). Asked for every pointer of
 * every loop: walked once per parse.
 */
export const changeCounts = memoPerParse((node) => {
  const out = new Map<string, number>();
  for (const n of walk(node)) {
    const assigned = n.type === 'assignment_expression';
    const target = assigned ? field(n, 'left') : n.type === 'update_expression' || (n.type === 'pointer_expression' && n.child(0)?.type === '&') ? field(n, 'argument') : null;
    const t = target && unparen(target);
    if (t?.type === 'identifier') out.set(t.text, (out.get(t.text) ?? 0) + (assigned ? 1 : 2));
  }
  return out;
});

/** The one index of `a[E]`, or null for anything else. */
export function soleIndex(subscript: SyntaxNode): SyntaxNode | null {
  const idx = field(subscript, 'indices') ?? field(subscript, 'index');
  return idx?.type === 'subscript_argument_list' ? (idx.namedChildren.length === 1 ? idx.namedChildren[0] : null) : idx;
}

/** Counters of the for loops around `node` up to `body`, and `v` (the loop's own). */
function countersAround(node: SyntaxNode, body: SyntaxNode, v: string): Set<string> {
  const out = new Set([v]);
  for (let p = node.parent; p && p.startIndex >= body.startIndex && !(p.startIndex === body.startIndex && p.endIndex === body.endIndex); p = p.parent)
    if (p.type === 'for_statement') {
      const h = forHeader(p);
      if (h) out.add(h.var);
    }
  return out;
}

/**
 * Row pointers declared in `body` (the body of the loop over `v`) whose
 * offset names only what stays fixed while the pointer lives: names the loop
 * never writes, and the counters of the loops around the declaration (each
 * iteration's declaration sees its own).
 */
export function rowPointers(ctx: FnContext, body: SyntaxNode, v: string, insideLocals: Set<string>, written: Set<string>): Map<string, RowPointer> {
  const out = new Map<string, RowPointer>();
  const seen = new Set<string>();
  for (const d of walk(body)) {
    if (d.type !== 'declaration') continue;
    for (const init of d.childrenForFieldName('declarator')) {
      if (init.type !== 'init_declarator') continue;
      const decl = field(init, 'declarator');
      const value = field(init, 'value');
      if (!decl || !value || decl.type !== 'pointer_declarator') continue;
      const id = field(decl, 'declarator');
      if (!id || id.type !== 'identifier') continue;
      const name = id.text;
      // Declared twice (two scopes): which one an access means is not tracked.
      if (seen.has(name)) {
        out.delete(name);
        continue;
      }
      seen.add(name);
      if (!insideLocals.has(name) || changedAnywhere(ctx.root, name)) continue;
      const rp = baseAndOffset(ctx, value, (n) => insideLocals.has(n));
      if (!rp) continue;
      const counters = countersAround(d, body, v);
      if (affine.names(rp.offset).some((n) => (written.has(n) || insideLocals.has(n)) && !counters.has(n))) continue;
      out.set(name, { ...rp, init: [value.startIndex, value.endIndex] });
    }
  }
  return out;
}

/** `y[c]` read as `base[offset + c]`; other accesses unchanged. */
export function throughRowPointers(accesses: ArrayAccess[], rows: Map<string, RowPointer>): ArrayAccess[] {
  if (!rows.size) return accesses;
  const inits = [...rows.values()].map((r) => r.init);
  const inInit = (a: ArrayAccess) => a.offset !== undefined && inits.some(([s, e]) => s <= a.offset! && a.offset! < e);
  return accesses
    .filter((a) => !inInit(a))
    .map((a) => {
      const rp = rows.get(a.array);
      if (!rp || a.subscripts.length !== 1) return a;
      const s = a.subscripts[0];
      return {
        ...a,
        array: rp.base,
        subscripts: [s ? affine.add(rp.offset, s) : null],
        subscriptTexts: [`${rp.offsetText} + (${a.subscriptTexts[0]})`],
      };
    });
}

/**
 * Pointers declared outside the loop and set once at the top of each
 * iteration (`rA = pos + b * per;` as the body's own statement, before any
 * use, nowhere else in the body): private to the iteration, and read like
 * row pointers. `names` are the pointers the scalar test found set before
 * use in every iteration.
 */
export function assignedRowPointers(ctx: FnContext, body: SyntaxNode, v: string, names: Set<string>, insideLocals: Set<string>, written: Set<string>): Map<string, RowPointer> {
  const out = new Map<string, RowPointer>();
  if (body.type !== 'compound_statement') return out;
  for (const name of names) {
    let sets: SyntaxNode[] = [];
    let moved = false;
    for (const n of walk(body)) {
      if (n.type === 'assignment_expression' && unparen(field(n, 'left')!).type === 'identifier' && unparen(field(n, 'left')!).text === name) sets.push(n);
      if (n.type === 'update_expression' && unparen(field(n, 'argument')!).text === name) moved = true;
    }
    if (moved || sets.length !== 1) continue;
    const set = sets[0];
    sets = [];
    const stmt = set.parent;
    if (set.child(1)?.type !== '=' || stmt?.type !== 'expression_statement' || stmt.parent?.startIndex !== body.startIndex || stmt.parent.endIndex !== body.endIndex) continue;
    const value = field(set, 'right')!;
    const rp = baseAndOffset(ctx, value, (n) => insideLocals.has(n) || names.has(n));
    if (!rp) continue;
    if (affine.names(rp.offset).some((n) => (written.has(affine.rootName(n)) || insideLocals.has(n)) && n !== v)) continue;
    out.set(name, { ...rp, init: [value.startIndex, value.endIndex] });
  }
  return out;
}
