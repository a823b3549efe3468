// The runtime overlap check for pointers that may alias: each pointer's
// accessed byte range over the whole loop, from its affine subscripts and
// the loop bounds, evaluated just before the loop. A subscript the loop
// bounds cannot bound, past the first, takes its dimension's declared
// extent: C keeps a subscript inside its row (`C[i - 1][j + d]` of
// `double C[H][W]`, with `d` from bounds computed in the body, stays in
// `[0, W)`). Anything else unbounded is refused rather than guessed. It
// lives in analysis because two parts need it: the builtin's dependence test
// asks whether a guard can be written, and rewrite writes it.
import * as affine from './affine.js';
import { GuardScans, type ScanContext } from './guard-scans.js';
import { loopsInside } from './loop-tree.js';
import { memberBaseName } from './member-name.js';
import type { SyntaxNode } from './parse.js';
import { functionSymbols, type SymbolInfo } from './symbols.js';
import type { Affine, ArrayAccess, Loop } from './types.js';
import type { Globals } from './tu.js';

/** The declared extent (C text) of dimension `d` of `name` accessed with `nsubs` subscripts, when its type is an array that deep. */
export type DeclaredExtent = (name: string, d: number, nsubs: number) => string | undefined;

/** Declared extents of the function's own array parameters and locals (`tree`: its parsed text), and of file-scope arrays. */
export function declaredExtents(tree: SyntaxNode, globals: Globals): DeclaredExtent {
  const def = tree.namedChildren.find((n) => n.type === 'function_definition');
  const own = new Map<string, SymbolInfo>();
  if (def) {
    const { params, locals } = functionSymbols(def);
    for (const sym of [...params, ...locals]) if (!own.has(sym.name)) own.set(sym.name, sym);
  }
  return extentsOf((name) => own.get(name) ?? globals.get(name));
}

/** The same, from a symbol lookup the caller already has. */
export function extentsOf(sym: (name: string) => SymbolInfo | undefined): DeclaredExtent {
  return (name, d, nsubs) => {
    const s = sym(name);
    // `double C[H][W]` read as C[x][y]: each subscript has its own bound (a
    // pointer to rows, `double (*C)[W]`, is left unbounded here).
    if (!s || s.dims.length !== nsubs || d < 1) return undefined;
    const text = s.dims[d]?.trim();
    return text && /^(\d+|[A-Za-z_]\w*)$/.test(text) ? text : undefined;
  };
}

/**
 * `prelude`: C statements (declarations first) that must run just before
 * `cond` is evaluated; `kept`: declarations, one statement each, that must
 * precede the loop `outer` (what the scans keep across its iterations).
 */
type Result = { ok: true; cond: string; prelude?: string; kept?: { outer: string; declarations: string[] }; required?: string[] } | { ok: false; reason: string };

/** [lo, hi] C expressions of one subscript over the loop, or a reason. */
function subscriptRange(s: Affine, a: ArrayAccess, loop: Loop, varying: Set<string>, scans: GuardScans): { lo: string; hi: string } | string {
  const loops = [loop, ...loopsInside(loop)];
  let why: string | undefined;
  const rangeOf = (u: string): { min: Affine; max: Affine } | undefined => {
    let best: Loop | undefined;
    let loaded: Loop | undefined;
    for (const l of loops)
      if (l.inductionVar === u && (l === loop || (a.offset !== undefined && l.start <= a.offset && a.offset < l.end))) {
        if (l.range?.min && l.range.max) {
          if (!best || l.start > best.start) best = l;
        } else if (!loaded || l.start > loaded.start) loaded = l;
      }
    if (best && (!loaded || best.start > loaded.start)) return { min: best.range!.min!, max: best.range!.max! };
    if (!loaded) return undefined;
    // Bounds read from memory (a CSR row): scanned at run time.
    const r = scans.bounds(loaded);
    if (typeof r === 'string') {
      why = r;
      return undefined;
    }
    return { min: affine.variable(r.lo), max: affine.variable(r.hi) };
  };
  const invariant = (x: Affine) => affine.names(x).every((n) => !varying.has(n));
  // The least (or greatest) value an expression of loop variables takes over
  // the whole loop, as C: a bound that follows an enclosing loop's variable
  // (a triangle's `j <= i`) is bounded through that variable's own range.
  const extreme = (x: Affine, want: 'lo' | 'hi', depth: number): string | null => {
    if (invariant(x)) return affine.toC(x);
    if (depth > 4) return null;
    const parts: string[] = [affine.toC(affine.constant(x.constant))];
    for (const [key, coeff] of Object.entries(x.terms)) {
      const ns = key.split('*');
      const vars = ns.filter((n) => varying.has(n));
      const rest = ns.filter((n) => !varying.has(n));
      const coeffPoly: Affine = rest.length ? { terms: { [rest.join('*')]: coeff }, constant: 0 } : affine.constant(coeff);
      if (!vars.length) {
        parts.push(affine.toC(coeffPoly));
        continue;
      }
      if (vars.length > 1) return null;
      const r = rangeOf(vars[0]);
      if (!r) return null;
      const mn = extreme(r.min, 'lo', depth + 1);
      const mx = extreme(r.max, 'hi', depth + 1);
      if (!mn || !mx) return null;
      const c = affine.toC(coeffPoly);
      const [pos, neg] = want === 'lo' ? [mn, mx] : [mx, mn];
      if (affine.isConstant(coeffPoly)) parts.push(`${c} * ${coeffPoly.constant >= 0 ? pos : neg}`);
      else parts.push(`(${c} >= 0 ? ${c} * ${pos} : ${c} * ${neg})`);
    }
    return `(${parts.join(' + ')})`;
  };
  const lo: string[] = [];
  const hi: string[] = [];
  const c0 = affine.constant(s.constant);
  lo.push(affine.toC(c0));
  hi.push(affine.toC(c0));
  for (const [key, coeff] of Object.entries(s.terms)) {
    const ns = key.split('*');
    const vars = ns.filter((n) => varying.has(n));
    const coeffPoly: Affine = {
      terms: ns.filter((n) => !varying.has(n)).length ? { [ns.filter((n) => !varying.has(n)).join('*')]: coeff } : {},
      constant: ns.filter((n) => !varying.has(n)).length ? 0 : coeff,
    };
    if (vars.length === 0) {
      lo.push(affine.toC(coeffPoly));
      hi.push(affine.toC(coeffPoly));
      continue;
    }
    if (vars.length > 1) return `${a.text}: a product of loop variables`;
    const r = rangeOf(vars[0]);
    const mn = r && extreme(r.min, 'lo', 0);
    const mx = r && extreme(r.max, 'hi', 0);
    if (!mn || !mx) return `${a.text}: ${vars[0]} has no bounds over the loop${why ? ` (${why})` : ''}`;
    const c = affine.toC(coeffPoly);
    lo.push(`(${c} >= 0 ? ${c} * ${mn} : ${c} * ${mx})`);
    hi.push(`(${c} >= 0 ? ${c} * ${mx} : ${c} * ${mn})`);
  }
  return { lo: lo.join(' + '), hi: hi.join(' + ') };
}

/**
 * An access whose subscripts take one of a few affine values, as one access
 * per combination: each bounds what the access reaches.
 */
function eachChoice(a: ArrayAccess): ArrayAccess[] {
  if (!a.choices) return [a];
  let out: (Affine | null)[][] = [[]];
  a.subscripts.forEach((s, d) => {
    const vs = a.choices![d] ?? [s];
    out = out.flatMap((pre) => vs.map((v) => [...pre, v]));
  });
  if (out.length > 8) return [a];
  return out.map((subscripts) => ({ ...a, subscripts, subscriptTexts: subscripts.map((x, d) => (x ? affine.show(x) : a.subscriptTexts[d])), choices: undefined }));
}

/**
 * The check that `names` (and the index arrays the ranges are read from)
 * do not overlap where the loop writes. `scan` allows ranges scanned at run
 * time from index arrays (guard-scans.ts).
 */
export function guardCondition(loop: Loop, names: string[], extentOf?: DeclaredExtent, scan?: ScanContext): Result {
  const varying = new Set([...loop.scalarsWritten, ...loop.locals]);
  // `g.n` varies when the struct g does.
  for (const l of [loop, ...loopsInside(loop)])
    for (const x of [...l.accesses.flatMap((a) => a.subscripts), l.range?.min, l.range?.max]) for (const n of x ? affine.names(x) : []) if (varying.has(affine.rootName(n))) varying.add(n);
  const written = new Set(loop.accesses.filter((a) => a.isWrite).map((a) => a.array));
  const scans = new GuardScans(scan, loop, varying, written);
  const ranges = new Map<string, { lo: string[]; hi: string[] }>();
  const todo = [...names];
  // An index array a scan reads joins the check only where a write of the loop may change it.
  const reaches = (x: string) => [...written].some((w) => w !== x && (scan?.mayAlias?.(w, x) ?? true));
  for (let name = todo.shift(); name !== undefined; name = todo.shift()) {
    if (ranges.has(name)) continue;
    if (!names.includes(name) && !written.has(name) && !reaches(name)) continue;
    // A pointer member of a struct the function was given (`s->pos`) is named by its expression.
    const member = memberBaseName(name);
    if (!/^[A-Za-z_]\w*$/.test(name) && !member) return { ok: false, reason: `${name} is not a plain pointer name` };
    if (varying.has(name) || (member && varying.has(member.root))) return { ok: false, reason: `${name} changes inside the loop` };
    // The test runs before the loop, also where the loop runs no iteration and
    // the original reads nothing through the struct's pointer (which may then be NULL).
    if (member?.arrow) return { ok: false, reason: `${name} is read through a pointer, which the original need not read where the loop runs no iteration` };
    const acc = loop.accesses.filter((a) => a.array === name).flatMap(eachChoice);
    if (!acc.length) return { ok: false, reason: `${name} is not accessed in ${loop.id}` };
    const los: string[] = [];
    const his: string[] = [];
    for (const a of acc) {
      const parts: { lo: string; hi: string }[] = [];
      if (a.segment) {
        const r = scans.segment(a);
        if (typeof r === 'string') return { ok: false, reason: `${a.text}: ${r}` };
        parts.push({ lo: `(${r.lo}) * (long)sizeof(${name}[0])`, hi: `(${r.hi}) * (long)sizeof(${name}[0])` });
      }
      for (let d = 0; d < (a.segment ? 0 : a.subscripts.length); d++) {
        const s = a.subscripts[d];
        let r = s ? subscriptRange(s, a, loop, varying, scans) : scans.value(a.subscriptTexts[d] ?? '', a);
        if (!s && typeof r === 'string') r = `${a.text}: subscript not affine, so its range cannot be bounded (${r})`;
        const extent = typeof r === 'string' ? extentOf?.(name, d, a.subscripts.length) : undefined;
        if (extent && !varying.has(extent)) r = { lo: '0', hi: `(long)(${extent}) - 1` };
        if (typeof r === 'string') return { ok: false, reason: r };
        const size = `(long)sizeof(${name}${'[0]'.repeat(d + 1)})`;
        parts.push({ lo: `(${r.lo}) * ${size}`, hi: `(${r.hi}) * ${size}` });
      }
      const elem = `(long)sizeof(${name}${'[0]'.repeat(a.subscripts.length)})`;
      los.push(parts.map((p) => p.lo).join(' + '));
      his.push(`${parts.map((p) => p.hi).join(' + ')} + ${elem}`);
    }
    const at = (xs: string[]) => [...new Set(xs)].map((x) => `((long)(${name}) + ${x})`);
    ranges.set(name, { lo: at(los), hi: at(his) });
    for (const x of scans.arrays) if (!ranges.has(x) && !todo.includes(x)) todo.push(x);
  }
  // Two ranges are apart when every end of one lies at or below every start
  // of the other. Said pair by pair, each access's bound appears a fixed
  // number of times; a nested min/max of k bounds would repeat each one up to
  // 2^k times (a 7-point stencil made a 1.7 MB candidate).
  const below = (a: { hi: string[] }, b: { lo: string[] }) => `(${a.hi.flatMap((h) => b.lo.map((l) => `${h} <= ${l}`)).join(' && ')})`;
  const conds: string[] = [];
  const ns = [...ranges.keys()];
  for (let i = 0; i < ns.length; i++)
    for (let j = i + 1; j < ns.length; j++) {
      // Two arrays the loop only reads may share storage.
      if (!written.has(ns[i]) && !written.has(ns[j])) continue;
      if (scan?.mayAlias && !scan.mayAlias(ns[i], ns[j])) continue;
      const a = ranges.get(ns[i])!;
      const b = ranges.get(ns[j])!;
      conds.push(`(${below(a, b)} || ${below(b, a)})`);
    }
  // What the scans found that the loop's parallel form relies on (segments apart): a guard must test exactly this check.
  const required = scans.conditions();
  conds.push(...required);
  if (!conds.length) return { ok: false, reason: 'a guard needs at least two pointers' };
  const out: Result = { ok: true, cond: conds.join(' && ') };
  if (required.length) out.required = required;
  const prelude = scans.prelude();
  if (prelude) out.prelude = prelude;
  const kept = scans.keptDeclarations();
  if (kept.length && scan?.hoist) out.kept = { outer: scan.hoist.outer.id, declarations: kept };
  return out;
}
