// The analysis part: what a preprocessed translation unit contains, which
// functions are hot, what a function depends on. Pure: runs nothing.
import path from 'node:path';
import type { FunctionInfo, TranslationUnit } from './types.js';
import { buildLineMap, type LineMap } from './linemap.js';
import { field, parseC, walk, type SyntaxNode } from './parse.js';
import { indexTopLevel, declarationsText, type TuIndex } from './tu.js';
import { functionInfo } from './function.js';
import { analyzeCandidateText, type CandidateAnalysis } from './candidate.js';
import { outlineNests, type NestChoice } from './outline.js';
import { swallowed } from '../core/swallowed.js';

export type * from './types.js';
export { pickHot, notWorthDeciding, HOT_THRESHOLD, PARAM_TRIP, UNKNOWN_TRIP } from './hotness.js';
export { lineMarker, escapeCString } from './linemap.js';
export * as affine from './affine.js';
export { parseC, walk, unparen, field, memoPerParse, type SyntaxNode } from './parse.js';
export { ANALYSIS_LIMITS, BudgetExceeded, WorkBudget, currentBudget, withBudget, type BudgetLimits } from './budget.js';
export { forHeader, soleStatement, childLoops, isLoopNode, headerRange, type Header } from './loops.js';
export { functionSymbols, type SymbolInfo } from './symbols.js';
export { withSameFileCallees } from './tu.js';
export { profileCounterSpans } from './profile-counters.js';
export { collectFacts } from './facts.js';
export { isIntegerType } from './c-types.js';
export { segmentSetting } from './guard-scans.js';
export { declaredExtents, extentsOf, guardCondition, type DeclaredExtent } from './overlap-guard.js';
export { allLoops, loopsInside } from './loop-tree.js';
export { valueUses, type ValueUses } from './value-uses.js';
export { isOutlinedName, outlinedName, type LiveIn, type NestChoice, type NestOutline } from './outline.js';

interface TuState {
  index: TuIndex;
  lines: LineMap;
  /** staticElementOnly's answers: each walks the whole unit, and every loop of a function asks again. */
  elementOnly?: Map<string, boolean>;
}

const states = new WeakMap<TranslationUnit, TuState>();

function sameFile(a: string, b: string): boolean {
  return a === b || path.resolve(a) === path.resolve(b);
}

function emptyState(): TuState {
  return { index: { items: [], byName: new Map(), globals: { has: () => false, get: () => undefined } }, lines: buildLineMap('') };
}

/** Parses one preprocessed translation unit (with line markers). Never throws. */
export function analyze(ppText: string, opts: { sourceFile?: string; strictAliasing?: boolean } = {}): TranslationUnit {
  let lines: LineMap;
  try {
    lines = buildLineMap(ppText, opts.sourceFile);
  } catch {
    const tu: TranslationUnit = { file: opts.sourceFile ?? '', text: ppText, functions: [] };
    states.set(tu, emptyState());
    return tu;
  }
  const tu: TranslationUnit = { file: lines.mainFile, text: ppText, functions: [] };
  if (opts.strictAliasing === false) tu.strictAliasing = false;
  let index: TuIndex = emptyState().index;
  try {
    const tree = parseC(ppText);
    index = indexTopLevel(tree.rootNode, ppText);
    const lineAt = (off: number) => lines.sourceLineAt(lines.ppLineOf(off));
    for (const it of index.items) {
      if (it.kind !== 'function') continue;
      if (!sameFile(lines.fileAt(lines.ppLineOf(it.start)), lines.mainFile)) continue;
      if (it.node.hasError) continue;
      try {
        const fn = functionInfo(it.node, ppText, { lineAt, globals: index.globals });
        if (fn) tu.functions.push(fn);
      } catch (e) {
        swallowed('analysis/index', e);
        // Weird C we do not understand: leave this function alone.
      }
    }
  } catch (e) {
    swallowed('analysis/index', e);
    // Parser failure: no functions, the build goes on unchanged.
  }
  states.set(tu, { index, lines });
  return tu;
}

function stateOf(tu: TranslationUnit): TuState {
  let s = states.get(tu);
  if (!s) {
    // A TU that was copied or rebuilt from JSON: index its text again.
    const again = analyze(tu.text, { sourceFile: tu.file });
    s = states.get(again)!;
    states.set(tu, s);
  }
  return s;
}

/** Typedefs, tagged types, globals and prototypes `fn` depends on (transitively), in TU order. */
export function declarationsFor(tu: TranslationUnit, fn: FunctionInfo): string {
  try {
    const s = stateOf(tu);
    const item = s.index.items.find((it) => it.start === fn.start && it.kind === 'function');
    const node = item ? item.node : parseC(fn.text).rootNode;
    return declarationsText(tu, s.index, node, fn);
  } catch {
    return '';
  }
}

/**
 * Whether the file-scope array `name` is declared static and the unit names
 * it only by element (`a[i][j]`, one subscript per dimension) or in sizeof:
 * then no pointer to it exists, in this unit or another, and nothing reaches
 * its elements but those accesses. Any other mention (`&a[0]`, `f(a)`, a row
 * `a[i]`, a local of the same name elsewhere) says no.
 */
export function staticElementOnly(tu: TranslationUnit, name: string, dims: number): boolean {
  const state = stateOf(tu);
  const memo = (state.elementOnly ??= new Map());
  const key = `${name}/${dims}`;
  let known = memo.get(key);
  if (known === undefined) memo.set(key, (known = elementOnlyIn(state, name, dims)));
  return known;
}

function elementOnlyIn(state: TuState, name: string, dims: number): boolean {
  try {
    let declared = false;
    for (const it of state.index.items) {
      for (const n of walk(it.node)) {
        if (n.type !== 'identifier' || n.text !== name) continue;
        if (it.kind === 'declaration' && n.parent?.type === 'array_declarator' && field(n.parent, 'declarator')?.startIndex === n.startIndex) {
          if (!it.node.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static')) return false;
          declared = true;
          continue;
        }
        let inSizeof = false;
        for (let p = n.parent; p && !inSizeof; p = p.parent) inSizeof = p.type === 'sizeof_expression';
        if (inSizeof) continue;
        let top: SyntaxNode = n;
        let subs = 0;
        for (let p = top.parent; p && (p.type === 'subscript_expression' || p.type === 'parenthesized_expression'); p = top.parent) {
          if (p.type === 'subscript_expression') {
            if (field(p, 'argument')?.startIndex !== top.startIndex) return false;
            subs++;
          }
          top = p;
        }
        if (subs !== dims) return false;
        if (top.parent?.type === 'pointer_expression' && top.parent.child(0)?.type === '&') return false;
      }
    }
    return declared;
  } catch (e) {
    swallowed('analysis/index', e);
    return false;
  }
}

/** One function definition's text (a candidate rewrite) analysed with the TU's globals as context. */
export function analyzeCandidate(tu: TranslationUnit, text: string): CandidateAnalysis {
  try {
    return analyzeCandidateText(text, stateOf(tu).index.globals);
  } catch (e) {
    return { ok: false, reason: `analysis failed: ${(e as Error).message}` };
  }
}

/** A name the TU defines with typedef: `(T)(x)` with such a T is a cast the parser reads as a call. */
export function isTypedefName(tu: TranslationUnit, name: string): boolean {
  try {
    return (stateOf(tu).index.byName.get(name) ?? []).some((it) => it.kind === 'typedef');
  } catch {
    return false;
  }
}

/**
 * The type a typedef name finally stands for, through typedefs of typedefs:
 * the first type node that is not another typedef's name. `plainOnly`: every
 * typedef on the way must declare the bare name (not a pointer or an array
 * of the type). Throws on an unreadable unit; callers count that.
 */
function typedefTarget(tu: TranslationUnit, name: string, plainOnly: boolean): SyntaxNode | undefined {
  const byName = stateOf(tu).index.byName;
  for (let depth = 0, current = name; depth < 8; depth++) {
    const item = (byName.get(current) ?? []).find((it) => it.kind === 'typedef');
    if (!item) return undefined;
    if (plainOnly && !item.node.childrenForFieldName('declarator').some((d) => d.type === 'type_identifier' && d.text === current)) return undefined;
    const type = field(item.node, 'type');
    if (type?.type !== 'type_identifier') return type ?? undefined;
    current = type.text;
  }
  return undefined;
}

/**
 * The struct or union a typedef name is made of (`struct grid` for
 * `typedef struct grid grid_t;` and for `typedef struct grid *grid_p;`),
 * through typedefs of typedefs; undefined for any other type.
 */
export function aggregateTypedef(tu: TranslationUnit, name: string): string | undefined {
  try {
    const type = typedefTarget(tu, name, false);
    if (type?.type === 'struct_specifier' || type?.type === 'union_specifier') return `${type.type.split('_')[0]} ${field(type, 'name')?.text ?? '(unnamed)'}`;
  } catch (e) {
    swallowed('analysis/index', e);
    // an unreadable unit: nothing known
  }
  return undefined;
}

/**
 * The arithmetic type a typedef name stands for (`double` for `typedef
 * double real;`), through typedefs of typedefs; undefined for pointers,
 * arrays, aggregates and anything else.
 */
export function arithmeticTypedef(tu: TranslationUnit, name: string): string | undefined {
  try {
    const type = typedefTarget(tu, name, true);
    if (type?.type === 'primitive_type' || type?.type === 'sized_type_specifier') return type.text;
  } catch (e) {
    swallowed('analysis/index', e);
    // an unreadable unit: nothing known
  }
  return undefined;
}

/**
 * The field list of the struct a type name stands for: a typedef name
 * (through typedefs of typedefs) or `struct tag`, whichever declaration in
 * the unit gives the body.
 */
function structBody(tu: TranslationUnit, name: string): SyntaxNode | undefined {
  const tagged = (tag: string): SyntaxNode | undefined => {
    for (const it of stateOf(tu).index.byName.get(tag) ?? [])
      for (const n of it.node.descendantsOfType('struct_specifier')) if (field(n, 'body') && `struct ${field(n, 'name')?.text}` === tag) return field(n, 'body') ?? undefined;
    return undefined;
  };
  const bare = name.replace(/\s+/g, ' ').trim();
  if (bare.startsWith('struct ')) return tagged(bare);
  const type = typedefTarget(tu, bare, true);
  if (type?.type !== 'struct_specifier') return undefined;
  const tag = field(type, 'name');
  return field(type, 'body') ?? (tag ? tagged(`struct ${tag.text}`) : undefined);
}

/**
 * The names of every field of the struct a type name stands for, whatever
 * their types; undefined for a union, an unknown type, or a struct with an
 * unnamed member (whose fields would be the struct's own).
 */
export function structFieldNames(tu: TranslationUnit, name: string): string[] | undefined {
  try {
    const body = structBody(tu, name.replace(/\b(const|volatile)\b/g, ''));
    if (!body) return undefined;
    const out: string[] = [];
    for (const f of body.namedChildren) {
      if (f.type === 'comment') continue;
      const ds = f.type === 'field_declaration' ? f.childrenForFieldName('declarator') : [];
      if (!ds.length) return undefined;
      for (const d of ds) {
        let n: SyntaxNode | null = d;
        while (n && n.type !== 'field_identifier') n = field(n, 'declarator');
        if (!n) return undefined;
        out.push(n.text);
      }
    }
    return out.length ? out : undefined;
  } catch (e) {
    swallowed('analysis/index', e);
    return undefined;
  }
}

/** One field of a record, as `scalarFields` and `flatRecord` read it: its name, arithmetic type, and how many (1, or an array's size). */
interface ArithmeticField {
  name: string;
  type: string;
  count: number;
}

/** Every field of a struct's body when each is arithmetic (plain or a fixed array of it); undefined for anything else. */
function arithmeticFields(tu: TranslationUnit, body: SyntaxNode): ArithmeticField[] | undefined {
  const out: ArithmeticField[] = [];
  for (const f of body.namedChildren) {
    if (f.type === 'comment') continue;
    if (f.type !== 'field_declaration') return undefined;
    const t = field(f, 'type');
    if (!t) return undefined;
    const type = t.type === 'primitive_type' || t.type === 'sized_type_specifier' ? t.text.replace(/\s+/g, ' ') : t.type === 'type_identifier' ? arithmeticTypedef(tu, t.text) : undefined;
    if (!type) return undefined;
    if (f.namedChildren.some((c) => c.type === 'bitfield_clause' || c.type === 'type_qualifier')) return undefined;
    for (const d of f.childrenForFieldName('declarator')) {
      if (d.type === 'field_identifier') out.push({ name: d.text, type, count: 1 });
      else if (d.type === 'array_declarator' && field(d, 'declarator')?.type === 'field_identifier') {
        const size = field(d, 'size');
        if (!size || !/^\d+$/.test(size.text)) return undefined;
        out.push({ name: field(d, 'declarator')!.text, type, count: Number(size.text) });
      } else return undefined;
    }
  }
  return out.length ? out : undefined;
}

/**
 * A record made only of fields of one arithmetic type (`typedef struct {
 * double real, imag; } dcomplex;`, `double v[3]` fields too): the scalar
 * type and how many of it one record holds. With one field type there is no
 * padding, so an array of such records is that many scalars per record, and
 * the harness can fill and compare it as scalars. Undefined for anything
 * else (unions, mixed or pointer fields, bit-fields, nested records).
 */
export function flatRecord(tu: TranslationUnit, name: string): { scalar: string; count: number } | undefined {
  try {
    const body = structBody(tu, name);
    const fields = body && arithmeticFields(tu, body);
    if (!fields || fields.some((f) => f.type !== fields[0].type)) return undefined;
    return { scalar: fields[0].type, count: fields.reduce((a, f) => a + f.count, 0) };
  } catch (e) {
    swallowed('analysis/index', e);
    return undefined;
  }
}

/**
 * The fields of a struct whose fields are all plain arithmetic scalars, of
 * any mix of types (`typedef struct { int n, niter; double shift; }
 * Params;`): a record passed by value that the harness can build field by
 * field, its integers as sizes and its floating values as data. Undefined
 * for anything else (arrays, pointers, nested records, bit-fields, unions).
 */
export function scalarFields(tu: TranslationUnit, name: string): { name: string; type: string }[] | undefined {
  try {
    const body = structBody(tu, name);
    const fields = body && arithmeticFields(tu, body);
    if (!fields || fields.some((f) => f.count !== 1)) return undefined;
    return fields.map((f) => ({ name: f.name, type: f.type }));
  } catch (e) {
    swallowed('analysis/index', e);
    return undefined;
  }
}

/**
 * One member of a record the harness builds through a pointer: an arithmetic
 * value (`count` of them, 1 or a fixed array's size), or a pointer to
 * elements of arithmetic type or to flat records (`per` scalars each).
 */
export type RecordMember = { name: string; kind: 'value'; type: string; count: number } | { name: string; kind: 'pointer'; elem: string; per: number };

/**
 * The members of a struct made of arithmetic values and single pointers to
 * arithmetic elements or flat records (`typedef struct { int n; double *u,
 * *unew; } Grid;`, `Vec3 *pos`): what a struct-pointer parameter needs for
 * the harness to fill it, scalars as sizes and data, pointers as buffers.
 * Undefined for anything else (unions, nested records by value, pointers to
 * pointers or to records of mixed fields, function pointers, bit-fields).
 */
export function recordMembers(tu: TranslationUnit, name: string): RecordMember[] | undefined {
  try {
    const body = structBody(tu, name.replace(/\b(const|volatile)\b/g, ''));
    if (!body) return undefined;
    const out: RecordMember[] = [];
    for (const f of body.namedChildren) {
      if (f.type === 'comment') continue;
      if (f.type !== 'field_declaration' || f.namedChildren.some((c) => c.type === 'bitfield_clause')) return undefined;
      const t = field(f, 'type');
      if (!t) return undefined;
      const qualified = f.namedChildren.some((c) => c.type === 'type_qualifier');
      const arithmetic = t.type === 'primitive_type' || t.type === 'sized_type_specifier' ? t.text.replace(/\s+/g, ' ') : t.type === 'type_identifier' ? arithmeticTypedef(tu, t.text) : undefined;
      const pointee = arithmetic ? { elem: arithmetic, per: 1 } : t.type === 'type_identifier' ? flatRecord(tu, t.text) : undefined;
      for (const d of f.childrenForFieldName('declarator')) {
        if (d.type === 'field_identifier' && arithmetic && !qualified) out.push({ name: d.text, kind: 'value', type: arithmetic, count: 1 });
        else if (d.type === 'array_declarator' && field(d, 'declarator')?.type === 'field_identifier' && arithmetic && !qualified) {
          const size = field(d, 'size');
          if (!size || !/^\d+$/.test(size.text)) return undefined;
          out.push({ name: field(d, 'declarator')!.text, kind: 'value', type: arithmetic, count: Number(size.text) });
        } else if (d.type === 'pointer_declarator' && field(d, 'declarator')?.type === 'field_identifier' && pointee) {
          const elem = 'elem' in pointee ? pointee.elem : pointee.scalar;
          const per = 'per' in pointee ? pointee.per : pointee.count;
          out.push({ name: field(d, 'declarator')!.text, kind: 'pointer', elem, per });
        } else return undefined;
      }
    }
    return out.length ? out : undefined;
  } catch (e) {
    swallowed('analysis/index', e);
    return undefined;
  }
}

/** The unit's functions that call `name` (itself excluded: recursion is no caller). */
export function callersOf(tu: TranslationUnit, name: string): FunctionInfo[] {
  return tu.functions.filter((c) => c.name !== name && c.calls.includes(name));
}

/** File-scope variables of the TU (name, declared type, array or scalar). */
export function globalsOf(tu: TranslationUnit) {
  return stateOf(tu).index.globals;
}

/**
 * How each hot loop nest of `fn` stands as a function of its own, or why it
 * cannot (analysis/outline.ts). `mayCall` says what the outlined function
 * may call; `hotAt` is the hotness a nest must reach by itself.
 */
export function outlineChoices(tu: TranslationUnit, fn: FunctionInfo, opts: { mayCall: (name: string) => boolean; hotAt: number }): NestChoice[] {
  try {
    const s = stateOf(tu);
    const item = s.index.items.find((it) => it.start === fn.start && it.kind === 'function');
    if (!item) return [];
    const declaredBefore = (name: string, offset: number) => (s.index.byName.get(name) ?? []).some((it) => it.start < offset);
    return outlineNests(item.node, fn, { ...opts, declaredBefore });
  } catch (e) {
    return fn.loops.map((l) => ({ kind: 'kept', from: fn.name, loopId: l.id, sourceLine: l.sourceLine, reason: `outlining failed: ${(e as Error).message}` }));
  }
}

/**
 * Called names the unit defines no body for, each with the file its
 * declaration came from (undefined when nothing declares it): code in
 * another translation unit, or the C library's.
 */
export function calleesDefinedElsewhere(tu: TranslationUnit, fn: FunctionInfo): { name: string; file?: string }[] {
  try {
    const s = stateOf(tu);
    return [...new Set(fn.calls)].flatMap((name) => {
      const items = s.index.byName.get(name) ?? [];
      if (items.some((it) => it.kind === 'function')) return [];
      const decl = items[0];
      return [{ name, file: decl ? s.lines.fileAt(s.lines.ppLineOf(decl.start)) : undefined }];
    });
  } catch {
    return [];
  }
}
