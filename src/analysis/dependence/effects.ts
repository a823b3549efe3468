// Effect summaries of the functions a loop calls: which pointer parameters a
// function may write through (and read through), at which constant element
// offsets when they are known, which globals it reads and writes, and whether
// it does anything the summary cannot place (I/O and other functions defined
// elsewhere, a write through a pointer loaded from memory, recursion, inline
// assembly, volatile). Same-file callees are summarised transitively; what a
// callee does through its parameters is mapped onto the caller's arguments.
//
// The summary is conservative: a root it cannot name is "unknown", and an
// unknown write makes the whole function's effects unknown (the loop test then
// refuses). Reads it cannot place are kept apart (`readsUnknown`): they only
// matter when the loop writes shared memory.
import {
  field,
  forHeader,
  functionSymbols,
  globalsOf,
  isOutlinedName,
  isTypedefName,
  parseC,
  unparen,
  walk,
  type FunctionInfo,
  type SymbolInfo,
  type SyntaxNode,
  type TranslationUnit,
} from '../index.js';
import { declaratorShape } from '../symbols.js';
import { PURE_LIBRARY } from './pure.js';

/** Constant element offsets from the pointer (in units of its pointee type), or unknown. */
export type Extent = number[] | 'unknown';

export interface ParamEffect {
  read?: Extent;
  write?: Extent;
}

export interface Effects {
  name: string;
  /** Why the effects cannot be summarised (the loop test refuses any call of it). */
  unknown?: string;
  /** By parameter index; `{}` for a parameter not read or written through. */
  params: ParamEffect[];
  /** The pointee type of each pointer parameter (qualifiers removed), '' for others. */
  paramTypes: string[];
  globalsRead: Set<string>;
  globalsWritten: Set<string>;
  /** A read through a pointer the summary cannot place (loaded from memory, a global pointer): its text. */
  readsUnknown?: string;
  /** Runs a loop whose trip count is not a constant (itself or in a callee). */
  uneven: boolean;
}

/** Library functions that write or read only through their pointer arguments. */
const LIBRARY_EFFECTS: Record<string, ParamEffect[]> = {
  memset: [{ write: 'unknown' }, {}, {}],
  memcpy: [{ write: 'unknown' }, { read: 'unknown' }, {}],
  memmove: [{ write: 'unknown' }, { read: 'unknown' }, {}],
};
for (const k of Object.keys(LIBRARY_EFFECTS)) LIBRARY_EFFECTS[`__builtin_${k}`] = LIBRARY_EFFECTS[k];
/** <math.h> functions that return a second result through a pointer: one element, nothing else (they leave errno alone). */
const MATH_OUT: Record<string, ParamEffect[]> = {
  frexp: [{}, { write: [0] }],
  modf: [{}, { write: [0] }],
  remquo: [{}, {}, { write: [0] }],
  sincos: [{}, { write: [0] }, { write: [0] }],
};
const MATH_OUT_NAMES = new Set(Object.keys(MATH_OUT).flatMap((k) => [k, `${k}f`, `${k}l`, `__builtin_${k}`]));
for (const n of MATH_OUT_NAMES) LIBRARY_EFFECTS[n] = MATH_OUT[n.replace(/^__builtin_/, '').replace(/^(frexp|modf|remquo|sincos)[fl]$/, '$1')];

function libraryEffects(name: string): Effects | undefined {
  const p = LIBRARY_EFFECTS[name];
  if (!p) return undefined;
  // memset and memcpy take time in proportion to their size argument; the math functions do not.
  return { name, params: p, paramTypes: p.map(() => ''), globalsRead: new Set(), globalsWritten: new Set(), uneven: !MATH_OUT_NAMES.has(name) };
}

export function stripQualifiers(t: string): string {
  return t
    .replace(/\b(const|volatile|restrict|__restrict|__restrict__)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function mergeExtent(a: Extent | undefined, b: Extent): Extent {
  if (a === undefined) return b;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

export function shiftExtent(e: Extent, off: number | null): Extent {
  if (e === 'unknown' || off === null) return 'unknown';
  return e.map((c) => c + off);
}

/** What a pointer may point into: a parameter's target (at a constant element offset when known), a global, the function's own storage, or something unknown. */
type Root = { k: 'param'; i: number; off: number | null } | { k: 'global'; name: string } | { k: 'local' } | { k: 'unknown'; why: string };

function rootKey(r: Root): string {
  return r.k === 'param' ? `p${r.i}:${r.off}` : r.k === 'global' ? `g:${r.name}` : r.k;
}

function union(...sets: Root[][]): Root[] {
  const m = new Map<string, Root>();
  for (const s of sets) for (const r of s) if (!m.has(rootKey(r))) m.set(rootKey(r), r);
  return [...m.values()];
}

/**
 * `double (*P)[N]`: the symbol table calls it an array (it has dimensions),
 * but it is a pointer variable, the shape `(double (*)[n])p` casts give real
 * code. What it points to is wherever it was set to point, never storage of
 * its own.
 */
export function isArrayPointer(s: SymbolInfo): boolean {
  return s.kind === 'array' && s.pointerDepth >= 1 && /\(\s*\*[\s\w]*\)\s*\[/.test(s.type);
}

/** Storage of its own: an array variable that is not a parameter and not a pointer to arrays. */
export function ownsStorage(s: SymbolInfo): boolean {
  return s.kind === 'array' && s.scope !== 'param' && !isArrayPointer(s);
}

/** Subscript levels of a symbol that are address arithmetic, not loads (`double *p`: 1, `double a[N][M]`: 2, `double *a[N]`: 1). */
export function arrayLevels(s: SymbolInfo): number {
  if (s.kind === 'array') return isArrayPointer(s) ? s.dims.length + 1 : s.dims.length;
  if (s.kind === 'pointer') return 1;
  return 0;
}

const ORDINAL = ['1st', '2nd', '3rd'];
export function ordinal(i: number): string {
  return ORDINAL[i] ?? `${i + 1}th`;
}

const RECURSIVE = 'is recursive';

interface Cache {
  done: Map<string, Effects>;
}
const caches = new WeakMap<TranslationUnit, Cache>();

/** Summaries of functions that other files of the same program define, where the whole program is known (tune records every compile). */
const elsewhere = new WeakMap<TranslationUnit, ReadonlyMap<string, Effects>>();

/**
 * Lets the analysis of `tu` see through calls to functions other files
 * define, by their summaries there. Only tune knows the whole program; a
 * plain compile sees one file and treats such calls as unknown.
 */
export function knowEffectsElsewhere(tu: TranslationUnit, effects: ReadonlyMap<string, Effects>): void {
  elsewhere.set(tu, effects);
  caches.delete(tu);
}

/** Summaries of the external functions `tu` defines, for the other files of its program. */
export function externalEffects(tu: TranslationUnit): Map<string, Effects> {
  return new Map(tu.functions.filter((f) => !f.isStatic && !isOutlinedName(f.name)).map((f) => [f.name, summarize(tu, f.name, [])]));
}

function undefinedHere(tu: TranslationUnit, name: string): Effects | undefined {
  return libraryEffects(name) ?? elsewhere.get(tu)?.get(name);
}

/** The effect summary of a function called by `name`: same-file definitions, a few library functions, other files' where the program is known; undefined for anything else. */
export function effectsOf(tu: TranslationUnit, name: string): Effects | undefined {
  if (tu.functions.some((f) => f.name === name)) return summarize(tu, name, []);
  return undefinedHere(tu, name);
}

function summarize(tu: TranslationUnit, name: string, stack: string[]): Effects {
  let cache = caches.get(tu);
  if (!cache) caches.set(tu, (cache = { done: new Map() }));
  const hit = cache.done.get(name);
  if (hit) return hit;
  const fn = tu.functions.find((f) => f.name === name)!;
  if (stack.includes(name)) {
    const cycle = [...stack.slice(stack.indexOf(name)), name].join(' → ');
    return { ...blank(fn), unknown: `${RECURSIVE} (${cycle})` };
  }
  let eff: Effects;
  try {
    eff = new Summarizer(tu, fn, (n) => summarize(tu, n, [...stack, name])).run();
  } catch (e) {
    eff = { ...blank(fn), unknown: `could not be analysed (${(e as Error).message})` };
  }
  cache.done.set(name, eff);
  return eff;
}

function blank(fn: FunctionInfo): Effects {
  return {
    name: fn.name,
    params: fn.params.map(() => ({})),
    paramTypes: fn.params.map((p) => (p.isPointer ? stripQualifiers(p.baseType) : '')),
    globalsRead: new Set(),
    globalsWritten: new Set(),
    uneven: false,
  };
}

const EXPRESSION = (n: SyntaxNode) => n.type.endsWith('_expression') || n.type === 'identifier';

class Summarizer {
  private eff: Effects;
  private syms = new Map<string, SymbolInfo>();
  private paramIndex = new Map<string, number>();
  /** Pointer variables (parameters and locals) and the roots of the values assigned to them. */
  private varRoots = new Map<string, Root[]>();
  private reassigned = new Set<string>();

  constructor(
    private tu: TranslationUnit,
    private fn: FunctionInfo,
    private calleeEffects: (name: string) => Effects,
  ) {
    this.eff = blank(fn);
  }

  private fail(why: string): void {
    this.eff.unknown ??= why;
  }

  run(): Effects {
    const fn = this.fn;
    if (fn.hasAsm) this.fail('contains inline assembly');
    if (fn.isVariadic) this.fail('takes a variable number of arguments');
    const tree = parseC(fn.text);
    const root = tree.rootNode.namedChildren.find((n) => n.type === 'function_definition');
    if (!root) return { ...this.eff, unknown: 'could not be parsed' };
    const body = field(root, 'body')!;
    const { params, locals } = functionSymbols(root);
    params.forEach((p, i) => this.paramIndex.set(p.name, i));
    for (const s of [...params, ...locals]) {
      const prev = this.syms.get(s.name);
      if (prev && (prev.kind !== s.kind || prev.scope !== s.scope || prev.pointerDepth !== s.pointerDepth)) this.fail(`declares ${s.name} twice with different types`);
      if (!prev) this.syms.set(s.name, s);
    }
    for (const n of walk(root)) if (n.type === 'type_qualifier' && n.text === 'volatile') this.fail('uses volatile');
    this.pointerVariables(body);
    this.stmt(body);
    return this.eff;
  }

  private sym(name: string): SymbolInfo | undefined {
    return this.syms.get(name) ?? globalsOf(this.tu).get(name);
  }

  /** Roots of every pointer variable, to a fixpoint over the assignments to them. */
  private pointerVariables(body: SyntaxNode): void {
    const values = new Map<string, SyntaxNode[]>();
    const addrTaken = new Set<string>();
    const isPtrVar = (name: string) => {
      const s = this.syms.get(name);
      return !!s && (s.scope === 'param' ? s.kind === 'pointer' || s.kind === 'array' : s.scope === 'local' && (s.kind === 'pointer' || isArrayPointer(s)));
    };
    for (const name of this.syms.keys()) if (isPtrVar(name)) values.set(name, []);
    for (const n of walk(body)) {
      if (n.type === 'init_declarator') {
        // declaratorShape sees through `(*P)[N]`, which has no 'declarator' field inside its parentheses.
        const d = declaratorShape(n)?.name;
        const v = field(n, 'value');
        if (d && v && isPtrVar(d)) values.get(d)!.push(v);
      } else if (n.type === 'assignment_expression') {
        const l = unparen(field(n, 'left')!);
        if (l.type === 'identifier' && isPtrVar(l.text)) {
          values.get(l.text)!.push(field(n, 'right')!);
          this.reassigned.add(l.text);
        }
      } else if (n.type === 'update_expression') {
        const a = unparen(field(n, 'argument')!);
        if (a.type === 'identifier' && isPtrVar(a.text)) this.reassigned.add(a.text);
      } else if (n.type === 'pointer_expression' && n.child(0)?.type === '&') {
        const a = unparen(field(n, 'argument')!);
        if (a.type === 'identifier' && isPtrVar(a.text)) addrTaken.add(a.text);
      }
    }
    for (const name of values.keys()) this.varRoots.set(name, this.paramIndex.has(name) ? [{ k: 'param', i: this.paramIndex.get(name)!, off: null }] : []);
    for (const name of addrTaken) this.varRoots.set(name, [{ k: 'unknown', why: `the pointer ${name}, whose address is taken` }]);
    for (let round = 0; round < 50; round++) {
      let changed = false;
      for (const [name, vs] of values) {
        if (addrTaken.has(name)) continue;
        const cur = this.varRoots.get(name)!;
        const next = union(cur, ...vs.map((v) => (this.pointerValue(v) ?? [{ k: 'unknown', why: `an integer assigned to the pointer ${name}` }]).map(noOffset)));
        if (next.length !== cur.length) {
          this.varRoots.set(name, next);
          changed = true;
        }
      }
      if (!changed) break;
      if (round === 49) this.fail('has pointer assignments too tangled to follow');
    }
    // A local pointer the summary never sees set (an initialiser of a shape it
    // cannot read): an empty root set would drop every write through it.
    for (const [name, vs] of values) if (!this.paramIndex.has(name) && !vs.length && !addrTaken.has(name)) this.varRoots.set(name, [{ k: 'unknown', why: `the pointer ${name}, never seen set` }]);
  }

  /** Roots of an identifier used as a pointer value; null when it is not a pointer. */
  private identRoots(name: string): Root[] | null {
    const s = this.sym(name);
    if (!s) return null;
    if (s.scope === 'global' || s.scope === 'static-local') {
      const g = s.scope === 'global' ? name : `${name} (static in ${this.fn.name})`;
      if (s.kind === 'array' && !isArrayPointer(s)) return [{ k: 'global', name: g }];
      if (s.kind === 'pointer' || s.kind === 'array') return [{ k: 'unknown', why: `the ${s.scope === 'global' ? 'global' : 'static'} pointer ${name}` }];
      return null;
    }
    const i = s.scope === 'param' ? this.paramIndex.get(name) : undefined;
    if (ownsStorage(s)) return [{ k: 'local' }];
    if (s.kind === 'array' || s.kind === 'pointer') {
      if (i !== undefined && !this.reassigned.has(name)) return [{ k: 'param', i, off: 0 }];
      return this.varRoots.get(name) ?? [{ k: 'unknown', why: name }];
    }
    return null;
  }

  /** What a pointer-valued expression points into; null when the expression is an integer. */
  private pointerValue(node: SyntaxNode): Root[] | null {
    const e = unparen(node);
    switch (e.type) {
      case 'identifier':
        return this.identRoots(e.text);
      case 'number_literal':
      case 'char_literal':
      case 'sizeof_expression':
      case 'alignof_expression':
      case 'offsetof_expression':
      case 'unary_expression':
      case 'true':
      case 'false':
      case 'null':
        return null;
      case 'string_literal':
      case 'concatenated_string':
      case 'compound_literal_expression':
        return [{ k: 'local' }];
      case 'pointer_expression':
        if (e.child(0)?.type === '&') return this.lvalue(field(e, 'argument')!);
        return [{ k: 'unknown', why: `a pointer loaded from memory (${e.text})` }];
      case 'subscript_expression': {
        const ch = chain(e);
        if (ch.base.type === 'identifier') {
          const s = this.sym(ch.base.text);
          if (s && ch.subs.length < arrayLevels(s)) return this.lvalue(e).map(noOffset);
        }
        return [{ k: 'unknown', why: `a pointer loaded from memory (${e.text})` }];
      }
      case 'field_expression':
        return [{ k: 'unknown', why: `a pointer loaded from memory (${e.text})` }];
      case 'binary_expression': {
        const op = e.child(1)?.type;
        if (op !== '+' && op !== '-') return null;
        const l = this.pointerValue(field(e, 'left')!);
        const r = this.pointerValue(field(e, 'right')!);
        if (l && r) return op === '-' ? null : [{ k: 'unknown', why: e.text }];
        const p = l ?? r;
        if (!p) return null;
        const other = field(e, l ? 'right' : 'left')!;
        const c = constInt(other);
        const d = c === null ? null : op === '-' ? -c : c;
        return p.map((x) => (x.k === 'param' ? { ...x, off: x.off === null || d === null ? null : x.off + d } : x));
      }
      case 'conditional_expression': {
        const a = this.pointerValue(field(e, 'consequence')!);
        const b = this.pointerValue(field(e, 'alternative')!);
        if (!a && !b) return null;
        return union(a ?? [], b ?? []);
      }
      case 'comma_expression':
        return this.pointerValue(field(e, 'right')!);
      case 'assignment_expression':
        return field(e, 'operator')?.type === '=' || e.child(1)?.type === '=' ? this.pointerValue(field(e, 'right')!) : (this.pointerValue(field(e, 'left')!)?.map(noOffset) ?? null);
      case 'update_expression':
        return this.pointerValue(field(e, 'argument')!)?.map(noOffset) ?? null;
      case 'cast_expression': {
        const ty = field(e, 'type')?.text ?? '';
        const v = this.pointerValue(field(e, 'value')!);
        if (!ty.includes('*')) return v ? [{ k: 'unknown', why: `a pointer cast to an integer (${e.text})` }] : null;
        if (!v) return /^\s*(0|\(\s*void\s*\*\s*\)\s*0)\s*$/.test(field(e, 'value')!.text) ? [] : [{ k: 'unknown', why: `an integer cast to a pointer (${e.text})` }];
        return v.map(noOffset);
      }
      case 'call_expression': {
        const f = unparen(field(e, 'function')!);
        const callee = f.type === 'identifier' ? this.tu.functions.find((x) => x.name === f.text) : undefined;
        if (f.type === 'identifier' && !callee && PURE_LIBRARY.has(f.text)) return null;
        if (callee && !/\*/.test(callee.returnType)) return null;
        return [{ k: 'unknown', why: `the pointer ${f.text} returns` }];
      }
      default:
        return [{ k: 'unknown', why: e.text }];
    }
  }

  /** The storage an lvalue designates (param roots carry the element offset when constant). */
  private lvalue(node: SyntaxNode): Root[] {
    const e = unparen(node);
    switch (e.type) {
      case 'identifier': {
        const s = this.sym(e.text);
        if (!s) return [{ k: 'unknown', why: e.text }];
        if (s.scope === 'global') return [{ k: 'global', name: e.text }];
        if (s.scope === 'static-local') return [{ k: 'global', name: `${e.text} (static in ${this.fn.name})` }];
        return [{ k: 'local' }];
      }
      case 'subscript_expression': {
        const ch = chain(e);
        if (ch.base.type === 'identifier') {
          const s = this.sym(ch.base.text);
          if (!s) return [{ k: 'unknown', why: e.text }];
          const D = arrayLevels(s);
          if (ch.subs.length > D) return [{ k: 'unknown', why: `a pointer loaded from memory (${e.text})` }];
          const roots = this.identRoots(ch.base.text) ?? (s.kind === 'scalar' ? [] : [{ k: 'unknown' as const, why: e.text }]);
          const c = D === 1 && ch.subs.length === 1 ? constInt(ch.subs[0]) : null;
          return roots.map((r) => (r.k === 'param' ? { ...r, off: r.off === null || c === null ? null : r.off + c } : r));
        }
        if (ch.subs.length > 1) return [{ k: 'unknown', why: `a pointer loaded from memory (${e.text})` }];
        const roots = this.pointerValue(ch.base) ?? [{ k: 'unknown' as const, why: `an integer used as an address (${e.text})` }];
        const c = constInt(ch.subs[0]);
        return roots.map((r) => (r.k === 'param' ? { ...r, off: r.off === null || c === null ? null : r.off + c } : r));
      }
      case 'field_expression': {
        const arg = field(e, 'argument')!;
        if (e.child(1)?.type === '->') return this.pointerValue(arg) ?? [{ k: 'unknown', why: `an integer used as an address (${e.text})` }];
        return this.lvalue(arg);
      }
      case 'pointer_expression':
        if (e.child(0)?.type === '*') return this.pointerValue(field(e, 'argument')!) ?? [{ k: 'unknown', why: `an integer used as an address (${e.text})` }];
        return [{ k: 'unknown', why: e.text }];
      default:
        return [{ k: 'unknown', why: e.text }];
    }
  }

  private record(roots: Root[], mode: 'read' | 'write', text: string): void {
    for (const r of roots) {
      if (r.k === 'local') continue;
      if (r.k === 'global') (mode === 'read' ? this.eff.globalsRead : this.eff.globalsWritten).add(r.name);
      else if (r.k === 'param') {
        const p = this.eff.params[r.i];
        p[mode] = mergeExtent(p[mode], r.off === null ? 'unknown' : [r.off]);
      } else if (mode === 'write') this.fail(`writes through ${r.why} (${text})`);
      else this.eff.readsUnknown ??= `${text}, through ${r.why}`;
    }
  }

  /** The parts of an lvalue evaluated to find it (subscripts, pointers), without reading it. */
  private address(node: SyntaxNode): void {
    const e = unparen(node);
    switch (e.type) {
      case 'identifier': {
        const s = this.sym(e.text);
        if (s?.scope === 'global' && (s.kind === 'pointer' || isArrayPointer(s))) this.eff.globalsRead.add(e.text);
        return;
      }
      case 'subscript_expression': {
        const ch = chain(e);
        for (const s of ch.subs) this.rvalue(s);
        if (ch.base.type === 'identifier') this.address(ch.base);
        else this.rvalue(ch.base);
        return;
      }
      case 'field_expression':
        if (e.child(1)?.type === '->') this.rvalue(field(e, 'argument')!);
        else this.address(field(e, 'argument')!);
        return;
      case 'pointer_expression':
        this.rvalue(field(e, 'argument')!);
        return;
      default:
        this.rvalue(e);
    }
  }

  private rvalue(node: SyntaxNode): void {
    const e = unparen(node);
    switch (e.type) {
      case 'identifier': {
        const s = this.sym(e.text);
        if (s?.scope === 'global' && !ownsStorage(s)) this.eff.globalsRead.add(e.text);
        if (s?.scope === 'static-local' && !ownsStorage(s)) this.eff.globalsRead.add(`${e.text} (static in ${this.fn.name})`);
        return;
      }
      case 'subscript_expression': {
        this.address(e);
        const ch = chain(e);
        const s = ch.base.type === 'identifier' ? this.sym(ch.base.text) : undefined;
        // A row of an array (`a[i]` of `double a[N][M]`) is an address, not a load.
        if (s && ch.subs.length < arrayLevels(s)) return;
        this.record(this.lvalue(e), 'read', e.text);
        return;
      }
      case 'field_expression':
        this.address(e);
        this.record(this.lvalue(e), 'read', e.text);
        return;
      case 'pointer_expression':
        if (e.child(0)?.type === '&') this.address(field(e, 'argument')!);
        else {
          this.rvalue(field(e, 'argument')!);
          this.record(this.lvalue(e), 'read', e.text);
        }
        return;
      case 'assignment_expression': {
        const op = e.child(1)?.type ?? '=';
        this.rvalue(field(e, 'right')!);
        this.write(field(e, 'left')!, op !== '=');
        return;
      }
      case 'update_expression':
        this.write(field(e, 'argument')!, true);
        return;
      case 'call_expression':
        this.call(e);
        return;
      case 'sizeof_expression':
      case 'alignof_expression':
      case 'offsetof_expression':
        return;
      case 'gnu_asm_expression':
        this.fail('contains inline assembly');
        return;
      default:
        this.children(e);
    }
  }

  private write(lv: SyntaxNode, alsoRead: boolean): void {
    this.address(lv);
    const roots = this.lvalue(lv);
    this.record(roots, 'write', lv.text);
    if (alsoRead) this.record(roots, 'read', lv.text);
  }

  private call(e: SyntaxNode): void {
    const f = unparen(field(e, 'function')!);
    const args = field(e, 'arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    for (const a of args) this.rvalue(a);
    if (f.type !== 'identifier') {
      this.rvalue(f);
      this.fail(`calls through a function pointer (${f.text})`);
      return;
    }
    const name = f.text;
    if (this.sym(name)) {
      this.fail(`calls through a function pointer (${name})`);
      return;
    }
    const defined = this.tu.functions.some((x) => x.name === name);
    if (!defined && PURE_LIBRARY.has(name)) return;
    if (!defined && isTypedefName(this.tu, name)) return;
    const callee = defined ? this.calleeEffects(name) : undefinedHere(this.tu, name);
    if (!callee) {
      this.fail(`calls ${name}, which is not defined in this file`);
      return;
    }
    if (callee.unknown) {
      const cycle = callee.unknown.startsWith(RECURSIVE) ? (/\((.*)\)$/.exec(callee.unknown)?.[1].split(' → ') ?? []) : [];
      this.fail(cycle.includes(this.fn.name) ? callee.unknown : `calls ${name}, which ${callee.unknown}`);
      return;
    }
    if (args.length > callee.params.length) {
      this.fail(`calls ${name} with more arguments than it declares`);
      return;
    }
    for (const g of callee.globalsRead) this.eff.globalsRead.add(g);
    for (const g of callee.globalsWritten) this.eff.globalsWritten.add(g);
    if (callee.readsUnknown) this.eff.readsUnknown ??= `${callee.readsUnknown} (in ${name})`;
    if (callee.uneven) this.eff.uneven = true;
    args.forEach((a, i) => {
      const pe = callee.params[i];
      if (!pe.read && !pe.write) return;
      const roots = this.pointerValue(a) ?? (/^\s*0\s*$/.test(unparen(a).text) ? [] : [{ k: 'unknown' as const, why: `an integer passed as a pointer (${a.text})` }]);
      for (const mode of ['read', 'write'] as const) {
        const ext = pe[mode];
        if (!ext) continue;
        for (const r of roots) {
          if (r.k === 'param') {
            // Offsets carry over only between pointers of one pointee type.
            const same = callee.paramTypes[i] !== '' && callee.paramTypes[i] === this.eff.paramTypes[r.i];
            const p = this.eff.params[r.i];
            p[mode] = mergeExtent(p[mode], same ? shiftExtent(ext, r.off) : 'unknown');
          } else if (r.k === 'unknown' && mode === 'write') this.fail(`passes ${a.text} (${r.why}) to ${name}, which writes through it`);
          else this.record([r], mode, a.text);
        }
      }
    });
  }

  private children(n: SyntaxNode): void {
    for (const c of n.namedChildren) {
      if (EXPRESSION(c)) this.rvalue(c);
      else this.stmt(c);
    }
  }

  private stmt(n: SyntaxNode): void {
    switch (n.type) {
      case 'declaration':
        for (const d of n.childrenForFieldName('declarator')) {
          if (d.type === 'init_declarator') {
            const v = field(d, 'value');
            if (v) {
              if (v.type === 'initializer_list') this.children(v);
              else this.rvalue(v);
            }
          }
          // VLA sizes are read where the declaration runs.
          for (const a of walk(d.type === 'init_declarator' ? field(d, 'declarator')! : d))
            if (a.type === 'array_declarator') {
              const s = field(a, 'size');
              if (s) this.rvalue(s);
            }
        }
        return;
      case 'for_statement': {
        const h = forHeader(n);
        const lim = h ? unparen(h.limit) : null;
        if (!h || !lim || constInt(lim) === null || constInt(h.init) === null) this.eff.uneven = true;
        this.children(n);
        return;
      }
      case 'while_statement':
      case 'do_statement':
        this.eff.uneven = true;
        this.children(n);
        return;
      case 'gnu_asm_expression':
        this.fail('contains inline assembly');
        return;
      default:
        if (EXPRESSION(n)) this.rvalue(n);
        else this.children(n);
    }
  }
}

function noOffset(r: Root): Root {
  return r.k === 'param' ? { ...r, off: null } : r;
}

/** `a[i][j]` as base `a` and subscripts [i, j]. */
export function chain(node: SyntaxNode): { base: SyntaxNode; subs: SyntaxNode[] } {
  const subs: SyntaxNode[] = [];
  let n = unparen(node);
  while (n.type === 'subscript_expression') {
    subs.unshift(field(n, 'index')!);
    n = unparen(field(n, 'argument')!);
  }
  return { base: n, subs };
}

export function constInt(node: SyntaxNode): number | null {
  const e = unparen(node);
  if (e.type === 'number_literal' && /^-?(0|[1-9]\d*)[uUlL]*$/.test(e.text)) return parseInt(e.text, 10);
  if (e.type === 'unary_expression' && e.child(0)?.type === '-') {
    const v = constInt(field(e, 'argument')!);
    return v === null ? null : -v;
  }
  return null;
}
