// Scratch arrays declared outside a loop: a row `double u1[M]` the body fills
// and then reads, a plane buffer an FFT pass copies a line into. Each
// iteration may have its own copy (`private(u1)`) when every element it
// reads was written earlier in the same iteration, and nothing outside the
// loop uses the array's values. Which elements are written for sure is kept
// as boxes (an interval of affine expressions per subscript): a write inside
// a counted inner loop with no jumps becomes the interval its variable
// sweeps; writes under a condition or in a loop of unknown count cover
// nothing after it. A read is covered when its subscripts, over the ranges
// of the inner loops around it, lie inside one box. A callee that reads the
// array needs the whole array written before the call.
import { affine, field, forHeader, headerRange, staticElementOnly, unparen, walk, type Affine, type SyntaxNode } from '../index.js';
import type { FnContext } from './context.js';
import { effectsOf, ownsStorage } from './effects.js';

/**
 * One subscript's written interval [lo, hi]; with `stride`, only the
 * elements rest + c*t for t in [min, max] (`x1[2*j1 - d1]` over j1).
 */
interface Dim {
  lo: Affine;
  hi: Affine;
  stride?: { c: number; rest: Affine; min: Affine; max: Affine };
}

interface Box {
  dims: Dim[];
  /** A single member of each element (`a[i].re = ...`), or the whole element. */
  member?: string;
}

interface Range {
  min: Affine;
  max: Affine;
}

class Failure extends Error {}

const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement']);

/**
 * Elements of a file-scope scratch array that each thread may copy: a
 * thread's copy lives on its stack, which libomp makes a few megabytes.
 */
const GLOBAL_COPY_MAX = 32 * 1024;

/**
 * Why `name` cannot be private to the iterations of the loop at `loopNode`,
 * or null when it can: `private` for an array of the function, `lastprivate`
 * for a file-scope one (scratch.ts' caller tells them apart by scope).
 *
 * A file-scope array (PolyBench's doitgen keeps its scratch row `sum` at
 * file scope) is another function's to read after the loop, so it is
 * `lastprivate`: the thread that runs the last iteration copies its row
 * back, which holds what the serial loop leaves only when that iteration
 * writes every element. Nothing else may reach the array while the loop
 * runs: it is static and named only by element anywhere in the unit (no
 * pointer to it exists), and no call in the loop may read or write it.
 */
export function privateArrayBlocker(ctx: FnContext, loopNode: SyntaxNode, name: string, variant: (n: string) => boolean): string | null {
  const s = ctx.sym(name);
  if (!s || (s.scope !== 'local' && s.scope !== 'global') || !ownsStorage(s) || s.isVolatile) return `${name} is not an array of this function`;
  const global = s.scope === 'global';
  // Sizes as the compiler reads them: `double u1[M]` with M a macro for `((1 << 8) + 2)` is 258.
  const dims = s.dims.map((d, i) => s.dimValues[i] ?? (/^\d+$/.test(d.trim()) ? Number(d) : NaN));
  if (!dims.length || dims.some((d) => !Number.isFinite(d) || d <= 0)) return `${name} has no fixed size`;
  const body = field(loopNode, 'body');
  if (!body) return 'the loop has no body';
  if (global && dims.reduce((a, b) => a * b, 1) > GLOBAL_COPY_MAX) return `${name} is too large to copy per thread`;
  const fn = functionIndex(ctx);
  if (fn.usesGoto) return 'the function uses goto';
  if (!global) {
    // Outside the loop's body only its one declaration names it: nothing reads its values after the loop, and no pointer into it was made before.
    let declared = 0;
    for (const n of fn.identifiers.get(name) ?? []) {
      if (n.startIndex >= body.startIndex && n.endIndex <= body.endIndex) continue;
      if (n.parent?.type === 'array_declarator' && field(n.parent, 'declarator')?.startIndex === n.startIndex) declared++;
      else return `${name} is used outside the loop`;
    }
    if (declared !== 1) return `${name} is declared more than once`;
  }
  try {
    const coverage = new Coverage(ctx, name, dims, variant);
    const written = coverage.stmt(body, [], new Map());
    if (global) {
      coverage.writesAll(written);
      return unreachedGlobal(ctx, body, name, dims.length);
    }
    return null;
  } catch (e) {
    if (e instanceof Failure) return e.message;
    throw e;
  }
}

interface FunctionIndex {
  usesGoto: boolean;
  identifiers: Map<string, SyntaxNode[]>;
}

const indexes = new WeakMap<FnContext, FunctionIndex>();

/**
 * One walk of the function for every loop and array asked about: `main`
 * with sixty loops over a dozen file-scope arrays once walked itself for
 * each pair and spent three times the analysis budget.
 */
function functionIndex(ctx: FnContext): FunctionIndex {
  let ix = indexes.get(ctx);
  if (ix) return ix;
  ix = { usesGoto: false, identifiers: new Map() };
  for (const n of walk(ctx.root)) {
    if (n.type === 'goto_statement' || n.type === 'labeled_statement') ix.usesGoto = true;
    else if (n.type === 'identifier') {
      const list = ix.identifiers.get(n.text);
      if (list) list.push(n);
      else ix.identifiers.set(n.text, [n]);
    }
  }
  indexes.set(ctx, ix);
  return ix;
}

/** Why something besides the loop's own element accesses may reach file-scope `name` while the loop runs, or null. */
function unreachedGlobal(ctx: FnContext, body: SyntaxNode, name: string, dims: number): string | null {
  for (const n of walk(body)) {
    if (n.type !== 'call_expression') continue;
    const f = unparen(field(n, 'function')!);
    const named = f.type === 'identifier' ? ctx.sym(f.text) : undefined;
    const eff = f.type === 'identifier' && (!named || named.kind === 'function') ? effectsOf(ctx.tu, f.text) : undefined;
    if (!eff || eff.unknown || eff.globalsRead.has(name) || eff.globalsWritten.has(name)) return `${name} is a file-scope array and the loop calls ${f.text}, which may use it`;
  }
  if (!staticElementOnly(ctx.tu, name, dims)) return `${name} is a file-scope array that is not static, or that the unit uses other than by element`;
  return null;
}

class Coverage {
  constructor(
    private readonly ctx: FnContext,
    private readonly name: string,
    private readonly dims: number[],
    private readonly variant: (n: string) => boolean,
  ) {}

  private fail(why: string): never {
    throw new Failure(why);
  }

  /** Walks a statement with what is written for sure before it; returns what is written for sure after it (the input boxes first). */
  /** Scalars set from an affine expression earlier in the enclosing blocks, still unchanged. */
  private defs = new Map<string, Affine>();

  private toAffine(n: SyntaxNode): Affine | null {
    return affine.toAffine(n, (x) => this.defs.get(x));
  }

  /** Forgets the definitions of what `n` assigns (and of what uses it). */
  private forget(n: SyntaxNode): void {
    for (const x of assignedNames(n)) for (const [d, a] of [...this.defs]) if (d === x || affine.names(a).includes(x)) this.defs.delete(d);
  }

  stmt(n: SyntaxNode, covered: Box[], fixed: Map<string, Range>): Box[] {
    if (LOOPS.has(n.type)) this.forget(n);
    switch (n.type) {
      case 'comment':
      case 'break_statement':
      case 'continue_statement':
        return covered;
      case 'compound_statement': {
        // Scalars set from an affine expression (`i1 = 2*j1 - d1;`) stand for it until something changes them.
        const outer = this.defs;
        this.defs = new Map(outer);
        let c = covered;
        try {
          for (const k of n.namedChildren) {
            const def = k.type === 'expression_statement' ? definition(k) : null;
            const a = def ? this.toAffine(def.value) : null;
            c = this.stmt(k, c, fixed);
            this.forget(k);
            if (def && a && !affine.names(a).includes(def.name) && affine.names(a).every((x) => this.allowed(x, fixed))) this.defs.set(def.name, a);
          }
        } finally {
          this.defs = outer;
        }
        return c;
      }
      case 'expression_statement':
      case 'declaration':
      case 'return_statement':
        return this.expression(n, covered, fixed);
      case 'if_statement': {
        this.reads(field(n, 'condition'), covered, fixed);
        for (const k of [field(n, 'consequence'), field(n, 'alternative')]) if (k) this.stmt(k, covered, fixed);
        return covered;
      }
      case 'else_clause':
        for (const k of n.namedChildren) this.stmt(k, covered, fixed);
        return covered;
      case 'for_statement':
        return this.forLoop(n, covered, fixed);
      case 'while_statement':
      case 'do_statement':
        this.reads(field(n, 'condition'), covered, fixed);
        if (field(n, 'body')) this.stmt(field(n, 'body')!, covered, fixed);
        return covered;
      default:
        // switch, labels, anything else: every use is a read of what is already written.
        this.reads(n, covered, fixed);
        return covered;
    }
  }

  private forLoop(n: SyntaxNode, covered: Box[], fixed: Map<string, Range>): Box[] {
    const init = field(n, 'initializer');
    let c = init ? this.expression(init, covered, fixed) : covered;
    this.reads(field(n, 'condition'), c, fixed);
    this.reads(field(n, 'update'), c, fixed);
    const body = field(n, 'body');
    if (!body) return c;
    const h = forHeader(n);
    const r = h && h.step === 1 ? headerRange(h) : null;
    const clean = h && r?.min && r.max && !assigns(body, h.var) && [r.min, r.max].every((b) => affine.names(b!).every((x) => this.allowed(x, fixed)));
    if (!h || !clean) {
      this.stmt(body, c, fixed);
      return c;
    }
    const inner = new Map(fixed).set(h.var, { min: r!.min!, max: r!.max! });
    const after = this.stmt(body, c, inner);
    if (hasJump(body)) return c;
    // What each iteration writes at its own `u + e` becomes the interval u sweeps.
    const swept: Box[] = [];
    // What every iteration writes alike is written for sure only if one runs.
    const runsOnce = nonNegative(affine.sub(r!.max!, r!.min!), fixed);
    for (const b of after.slice(c.length)) {
      const moving = b.dims.map((d) => affine.names(d.lo).includes(h.var) || affine.names(d.hi).includes(h.var));
      if (runsOnce && !moving.some(Boolean) && !b.dims.some((d) => d.stride && [d.stride.min, d.stride.max, d.stride.rest].some((x) => affine.names(x).includes(h.var)))) swept.push(b);
      if (moving.filter(Boolean).length !== 1) continue;
      const k = moving.indexOf(true);
      const d = b.dims[k];
      const lo = affine.splitOn(d.lo, h.var);
      if (!lo || d.stride || !affine.equal(d.lo, d.hi) || !affine.isConstant(lo.coeff) || lo.coeff.constant === 0) continue;
      const c = lo.coeff.constant;
      const [first, last] = c > 0 ? [r!.min!, r!.max!] : [r!.max!, r!.min!];
      const sweep: Dim = { lo: affine.add(affine.scale(first, c), lo.rest), hi: affine.add(affine.scale(last, c), lo.rest) };
      if (c !== 1) sweep.stride = { c, rest: lo.rest, min: r!.min!, max: r!.max! };
      swept.push({ ...b, dims: b.dims.map((x, i) => (i === k ? sweep : x)) });
    }
    c = [...c, ...swept];
    return c;
  }

  /** A name a box or subscript may use: fixed for the whole iteration, or an inner loop variable whose range is known here. */
  private allowed(x: string, fixed: Map<string, Range>): boolean {
    return fixed.has(x) || !this.variant(x);
  }

  /** Reads in an expression (or declaration) are checked, then its plain `name[...] = ` writes are added. */
  private expression(n: SyntaxNode, covered: Box[], fixed: Map<string, Range>): Box[] {
    const writes: Box[] = [];
    this.forget(n);
    for (const use of this.uses(n)) {
      if (use.kind === 'write') {
        const b = this.box(use.subs, fixed, use.member);
        if (b) writes.push(b);
      } else if (use.kind === 'partial') continue;
      else if (use.kind === 'read') this.covers(covered, use.subs, fixed, use.member);
      else this.covers(covered, null, fixed, undefined);
    }
    return writes.length ? [...covered, ...writes] : covered;
  }

  private reads(n: SyntaxNode | null, covered: Box[], fixed: Map<string, Range>): void {
    if (!n) return;
    for (const use of this.uses(n)) {
      if (use.kind === 'read') this.covers(covered, use.subs, fixed, use.member);
      else if (use.kind === 'whole') this.covers(covered, null, fixed, undefined);
    }
  }

  /** Every mention of the array in `n`, as an element read, an element write, a member write, or a callee's read of all of it. */
  private uses(n: SyntaxNode): ({ kind: 'read' | 'write' | 'partial'; subs: SyntaxNode[]; member?: string } | { kind: 'whole' })[] {
    const out: ({ kind: 'read' | 'write' | 'partial'; subs: SyntaxNode[]; member?: string } | { kind: 'whole' })[] = [];
    for (const id of walk(n)) {
      if (id.type !== 'identifier' || id.text !== this.name) continue;
      if (inside(id, 'sizeof_expression')) continue;
      let top: SyntaxNode = id;
      const subs: SyntaxNode[] = [];
      for (let p = top.parent; p && (p.type === 'subscript_expression' || p.type === 'parenthesized_expression'); p = top.parent) {
        if (p.type === 'subscript_expression') {
          if (field(p, 'argument')?.startIndex !== top.startIndex) this.fail(`${this.name} is used as a subscript`);
          subs.push(field(p, 'index')!);
        }
        top = p;
      }
      if (subs.length === 0) {
        out.push(this.callArgument(id));
        continue;
      }
      if (subs.length !== this.dims.length) this.fail(`${this.name} is used as a pointer (${top.text})`);
      const p = top.parent;
      if (p?.type === 'field_expression' && p.child(1)?.type === '.' && field(p, 'argument')?.startIndex === top.startIndex) {
        const member = field(p, 'field')!.text;
        const q = p.parent;
        if (q?.type === 'assignment_expression' && q.child(1)?.type === '=' && field(q, 'left')?.startIndex === p.startIndex) out.push({ kind: 'partial', subs });
        else if (q?.type === 'pointer_expression' && q.child(0)?.type === '&') this.fail(`the address of ${q.text} is taken`);
        else out.push({ kind: 'read', subs, member });
        continue;
      }
      if (p?.type === 'pointer_expression' && p.child(0)?.type === '&') this.fail(`the address of ${p.text} is taken`);
      if (p?.type === 'assignment_expression' && field(p, 'left')?.startIndex === top.startIndex) {
        if (p.child(1)?.type !== '=') out.push({ kind: 'read', subs });
        // Under `c ? ... : ...`, `&&` or `||` the write may not happen.
        out.push({ kind: conditional(p, n) ? 'partial' : 'write', subs });
      } else if (p?.type === 'update_expression') {
        out.push({ kind: 'read', subs });
        out.push({ kind: 'write', subs });
      } else out.push({ kind: 'read', subs });
    }
    return out;
  }

  /** The array passed whole to a callee: what it reads must be written already; what it writes covers nothing (its elements are not known). */
  private callArgument(id: SyntaxNode): { kind: 'whole' } | { kind: 'partial'; subs: SyntaxNode[] } {
    const list = id.parent;
    const call = list?.type === 'argument_list' ? list.parent : null;
    const f = call ? unparen(field(call, 'function')!) : null;
    if (!call || !f || f.type !== 'identifier' || this.ctx.sym(f.text)) this.fail(`${this.name} is used as a pointer (${id.parent?.text ?? id.text})`);
    const eff = effectsOf(this.ctx.tu, f.text);
    const index = list!.namedChildren.filter((a) => a.type !== 'comment').findIndex((a) => a.startIndex === id.startIndex);
    if (!eff || eff.unknown || index < 0 || index >= eff.params.length) this.fail(`${this.name} is passed to ${f.text}, whose effects are not known`);
    return eff.params[index].read ? { kind: 'whole' } : { kind: 'partial', subs: [] };
  }

  private box(subs: SyntaxNode[], fixed: Map<string, Range>, member?: string): Box | null {
    const dims: Box['dims'] = [];
    for (const s of subs) {
      const a = this.toAffine(s);
      if (!a || !affine.names(a).every((x) => this.allowed(x, fixed))) return null;
      dims.push({ lo: a, hi: a });
    }
    return member ? { dims, member } : { dims };
  }

  /** Every element is written for sure by the end of the iteration (a lastprivate copy then holds what the serial loop leaves). */
  writesAll(covered: Box[]): void {
    try {
      this.covers(covered, null, new Map(), undefined);
    } catch (e) {
      if (e instanceof Failure) this.fail(`an iteration may not write all of ${this.name}, so its last copy would not be what the loop leaves`);
      throw e;
    }
  }

  /** The read of `subs` (null: every element) lies inside one box, for every value of the inner loop variables. */
  private covers(covered: Box[], subs: SyntaxNode[] | null, fixed: Map<string, Range>, member: string | undefined): void {
    const text = subs ? `${this.name}${subs.map((s) => `[${s.text}]`).join('')}${member ? `.${member}` : ''}` : `all of ${this.name}`;
    const reads = subs
      ? subs.map((s) => {
          const a = this.toAffine(s);
          if (!a || !affine.names(a).every((x) => this.allowed(x, fixed))) this.fail(`${text} is read at a subscript the test cannot bound`);
          return { lo: a, hi: a };
        })
      : this.dims.map((d) => ({ lo: affine.constant(0), hi: affine.constant(d - 1) }));
    const inside = (b: Box) =>
      (b.member === undefined || b.member === member) &&
      b.dims.length === reads.length &&
      b.dims.every((d, k) => (d.stride ? onStride(reads[k].lo, d.stride, fixed) : nonNegative(affine.sub(reads[k].lo, d.lo), fixed) && nonNegative(affine.sub(d.hi, reads[k].hi), fixed)));
    if (!covered.some(inside)) this.fail(`${text} may be read before this iteration writes it`);
  }
}

/** The read at `s` is rest + c*t for one t in [min, max]: every coefficient of s - rest divides by c. */
function onStride(s: Affine, st: NonNullable<Dim['stride']>, fixed: Map<string, Range>): boolean {
  const diff = affine.sub(s, st.rest);
  if (diff.constant % st.c !== 0 || Object.values(diff.terms).some((v) => v % st.c !== 0)) return false;
  const t = affine.scale(diff, 1 / st.c);
  return nonNegative(affine.sub(t, st.min), fixed) && nonNegative(affine.sub(st.max, t), fixed);
}

/** e >= 0 for every value of the inner loop variables in their ranges (each replaced by the end that makes e least). */
function nonNegative(e: Affine, fixed: Map<string, Range>): boolean {
  let x = e;
  for (let round = 0; round < 8; round++) {
    const key = Object.keys(x.terms).find((k) => k.split('*').some((n) => fixed.has(n)));
    if (!key) return affine.isConstant(x) && x.constant >= 0;
    if (key.includes('*')) return false;
    const c = x.terms[key];
    const r = fixed.get(key)!;
    x = affine.add(affine.sub(x, affine.scale(affine.variable(key), c)), affine.scale(c > 0 ? r.min : r.max, c));
  }
  return false;
}

/** Is `n` evaluated only on some paths through `root` (an operand of ?:, && or ||)? */
function conditional(n: SyntaxNode, root: SyntaxNode): boolean {
  for (let p = n.parent; p && p.startIndex >= root.startIndex && p.endIndex <= root.endIndex; p = p.parent) {
    if (p.type === 'conditional_expression') return true;
    if (p.type === 'binary_expression' && ['&&', '||'].includes(p.child(1)?.type ?? '')) return true;
    if (p.startIndex === root.startIndex && p.endIndex === root.endIndex) break;
  }
  return false;
}

function inside(n: SyntaxNode, type: string): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === type) return true;
  return false;
}

function assigns(body: SyntaxNode, v: string): boolean {
  for (const n of walk(body)) {
    if (n.type === 'assignment_expression' && unparen(field(n, 'left')!).text === v) return true;
    if (n.type === 'update_expression' && unparen(field(n, 'argument')!).text === v) return true;
    if (n.type === 'pointer_expression' && n.child(0)?.type === '&' && unparen(field(n, 'argument')!).text === v) return true;
  }
  return false;
}

function hasJump(n: SyntaxNode): boolean {
  for (const x of walk(n)) if (['break_statement', 'continue_statement', 'return_statement', 'goto_statement'].includes(x.type)) return true;
  return false;
}

export { LOOPS as LOOP_STATEMENTS };

/** Scalars a statement assigns, increments or passes by address. */
function assignedNames(n: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const x of walk(n)) {
    const target =
      x.type === 'assignment_expression'
        ? field(x, 'left')
        : x.type === 'update_expression'
          ? field(x, 'argument')
          : x.type === 'pointer_expression' && x.child(0)?.type === '&'
            ? field(x, 'argument')
            : null;
    const t = target ? unparen(target) : null;
    if (t?.type === 'identifier') out.add(t.text);
  }
  return out;
}

/** `x = e;` as a statement: the scalar and its value. */
function definition(stmt: SyntaxNode): { name: string; value: SyntaxNode } | null {
  const e = stmt.namedChildren[0] ? unparen(stmt.namedChildren[0]) : null;
  if (e?.type !== 'assignment_expression' || e.child(1)?.type !== '=') return null;
  const l = unparen(field(e, 'left')!);
  return l.type === 'identifier' ? { name: l.text, value: field(e, 'right')! } : null;
}
