// Runtime scans that let the overlap check bound what the loop bounds alone
// cannot: a CSR row's `k` from `rowstr[j]` to `rowstr[j + 1] - 1`, and a
// gather's `d[colidx[k]]`. Each scan reads, before the loop, the index
// array the loop itself reads, and keeps the least and greatest value.
//
// A scan must never read what the original does not: the original may
// leave an index array NULL or short where it never looks. So a scan only
// covers values the original reads in every iteration, and, for an index
// range, only the ends of rows that are not empty: both ends of the range it
// reads are then elements the original reads, and C keeps everything between
// two elements of one array inside it.
import * as affine from './affine.js';
import { isIntegerType } from './c-types.js';
import { isLoopNode } from './loops.js';
import type { SyntaxNode } from './parse.js';
import type { Affine, ArrayAccess, LoadedBound, Loop, Segment } from './types.js';

const IDENT = /^[A-Za-z_]\w*$/;
const CONDITIONAL = new Set(['if_statement', 'conditional_expression', 'switch_statement', 'case_statement']);

/** The syntax node of `l` in `tree` (the function's text, as Loop offsets are). */
function loopNode(tree: SyntaxNode, l: Loop): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = tree.descendantForIndex(l.start); n; n = n.parent) if (n.startIndex === l.start && n.endIndex === l.end && isLoopNode(n)) return n;
  return undefined;
}

/** `from` runs whenever an iteration of `outer` does: no condition and no other loop between them. */
function everyIteration(from: SyntaxNode | null, outer: Loop): boolean {
  for (let n = from; n; n = n.parent) {
    if (n.startIndex === outer.start && n.endIndex === outer.end && isLoopNode(n)) return true;
    if (CONDITIONAL.has(n.type) || isLoopNode(n)) return false;
    if (n.type === 'binary_expression' && ['&&', '||'].includes(n.child(1)?.type ?? '')) return false;
  }
  return false;
}

export interface Range {
  lo: string;
  hi: string;
}

/**
 * The loop around the guarded one, and which index arrays keep their
 * contents across its iterations: a scan of such an array is kept from one
 * iteration to the next while the range it covers is the same (a solver's
 * mat-vec runs 25 times over one `colidx`; scanning it each time cost more
 * than the parallel loop saved).
 */
export interface Hoist {
  outer: Loop;
  unchanged(array: string): boolean;
}

/** What the scans need beyond the loop: the function's syntax (Loop offsets index it), types, and the loop around. */
export interface ScanContext {
  tree: SyntaxNode;
  /** The element type of an array or pointer name, as written. */
  elementType(name: string): string | undefined;
  hoist?: Hoist;
  /** May a write of one name change what another names? (Types keep an int array apart from doubles under strict aliasing.) */
  mayAlias?(a: string, b: string): boolean;
}

// Branch-free min and max, so clang vectorises the scan; an empty scan ends
// as lo = 0, hi = -1, a range of nothing.
const start = (v: string) => [`${v}_lo = 0x7fffffffffffffffL;`, `${v}_hi = -0x7fffffffffffffffL - 1;`];
const finish = (v: string) => [`if (${v}_lo > ${v}_hi) {`, `  ${v}_lo = 0;`, `  ${v}_hi = -1;`, `}`];

/** How a segment pointer is set (the replayed loops and scalars, and the offset): pointers set the same way share one replay. */
export function segmentSetting(s: Pick<Segment, 'levels' | 'offset'>): string {
  return JSON.stringify([s.levels, s.offset]);
}

/** `text` with each of `names` replaced, but not a struct's member of the same name (`s.n`, `p->n`). */
function rename(text: string, names: Map<string, string>): string {
  if (!names.size) return text;
  const re = new RegExp(`(?<![\\w.]|->)\\b(${[...names.keys()].join('|')})\\b`, 'g');
  return text.replace(re, (m) => names.get(m)!);
}

export class GuardScans {
  private readonly decls: string[] = [];
  private readonly stmts: string[] = [];
  private readonly kept: string[] = [];
  private readonly conds: string[] = [];
  private readonly memo = new Map<string, Range | string>();
  private count = 0;
  /** Index arrays the scans read: the check must also keep them apart from what the loop writes. */
  readonly arrays = new Set<string>();

  private readonly tree: SyntaxNode | undefined;
  private readonly hoist: Hoist | undefined;

  constructor(
    private readonly ctx: ScanContext | undefined,
    private readonly loop: Loop,
    private readonly varying: Set<string>,
    private readonly written: Set<string>,
  ) {
    this.tree = ctx?.tree;
    this.hoist = ctx?.hoist;
  }

  /** Declarations and scans, to run before the check; empty when none was needed. */
  prelude(): string {
    return [...this.decls, ...this.stmts].join('\n');
  }

  /** Conditions the scans found that the check must also hold (segments apart). */
  conditions(): string[] {
    return [...this.conds];
  }

  /** Declarations of what the scans keep across iterations of the loop around, each one statement, to precede that loop. */
  keptDeclarations(): string[] {
    return [...this.kept];
  }

  private invariant(x: Affine, except?: string): boolean {
    return affine.names(x).every((n) => n === except || !this.varying.has(n));
  }

  private readable(array: string): string | undefined {
    if (!IDENT.test(array)) return `${array} is not a plain array name`;
    if (this.varying.has(array) || this.written.has(array)) return `${array} changes inside the loop`;
    return undefined;
  }

  private fresh(): string {
    // Named after the loop: scans kept around an outer loop share its scope with other loops' scans.
    return `slmcc_${this.loop.id.replace(/\W/g, '_')}_g${this.count++}`;
  }

  /** The guarded loop's own variable: [lo, hi] as C, each value taken when the loop runs. */
  private ownRange(): Range | string {
    const { loop } = this;
    const w = loop.inductionVar;
    if (!w || Math.abs(loop.step ?? 0) !== 1 || !loop.range?.min || !loop.range.max) return `${loop.id} does not step by one between affine bounds`;
    if (!this.invariant(loop.range.min) || !this.invariant(loop.range.max)) return `${loop.id}'s bounds change inside it`;
    // A `continue` may skip the reads in some iterations: the scan would read what the original does not.
    if (loop.earlyExits.length) return `${loop.id} may skip the rest of an iteration`;
    return { lo: affine.toC(loop.range.min), hi: affine.toC(loop.range.max) };
  }

  /**
   * The least and greatest value of the variable of `l`, a loop directly
   * inside the guarded one, over the iterations where `l` runs at all. Its
   * bounds may be affine or read from an index array (`rowstr[j]`).
   */
  bounds(l: Loop): Range | string {
    return this.once(`bounds ${l.id}`, () => this.scanBounds(l));
  }

  /** Each scan is written once, however many accesses need its range. */
  private once(key: string, scan: () => Range | string): Range | string {
    let r = this.memo.get(key);
    if (!r) this.memo.set(key, (r = scan()));
    return r;
  }

  private scanBounds(l: Loop): Range | string {
    const { loop, tree } = this;
    const w = loop.inductionVar!;
    if (!tree) return 'no syntax to check where the bounds are read';
    if (!loop.children.includes(l)) return `${l.inductionVar} is not the variable of a loop directly inside ${loop.id}`;
    if (Math.abs(l.step ?? 0) !== 1) return `${l.id} does not step by one`;
    if (l.earlyExits.length) return `${l.id} may leave early`;
    const own = this.ownRange();
    if (typeof own === 'string') return own;
    const node = loopNode(tree, l);
    if (!node || !everyIteration(node.parent, loop)) return `${l.id} does not run in every iteration of ${w}`;
    const v = this.fresh();
    const at = (end: Affine | null | undefined, loaded: LoadedBound | undefined): string | undefined => {
      const sw = affine.variable(`${v}_w`);
      if (end) return this.invariant(end, w) ? affine.toC(affine.substitute(end, w, sw)!) : undefined;
      if (!loaded || this.readable(loaded.array) || !this.invariant(loaded.index, w)) return undefined;
      const type = this.ctx
        ?.elementType(loaded.array)
        ?.replace(/\b(const|volatile|restrict)\b/g, ' ')
        .trim();
      // A bound read from a float array (`k < lim[j]`) does not end at lim - 1.
      if (!type || !isIntegerType(type)) return undefined;
      this.arrays.add(loaded.array);
      return `((long)${loaded.array}[${affine.toC(affine.substitute(loaded.index, w, sw)!)}] + ${loaded.plus}L)`;
    };
    const b = at(l.range?.min, l.loadedRange?.min);
    const e = at(l.range?.max, l.loadedRange?.max);
    if (!b || !e) return `${l.inductionVar}'s bounds are neither affine nor one element of an array the loop does not change`;
    this.decls.push(`long ${v}_lo, ${v}_hi, ${v}_w;`);
    this.stmts.push(
      ...start(v),
      `for (${v}_w = ${own.lo}; ${v}_w <= ${own.hi}; ${v}_w++) {`,
      `  long ${v}_b = ${b}, ${v}_e = ${e};`,
      `  ${v}_lo = ${v}_b <= ${v}_e && ${v}_b < ${v}_lo ? ${v}_b : ${v}_lo;`,
      `  ${v}_hi = ${v}_b <= ${v}_e && ${v}_e > ${v}_hi ? ${v}_e : ${v}_hi;`,
      `}`,
      ...finish(v),
    );
    return { lo: `${v}_lo`, hi: `${v}_hi` };
  }

  /**
   * The least and greatest value of a subscript of `outer` that is itself
   * an element of an index array (`colidx[k]` in `d[colidx[k]]`). The
   * element is the one read inside `outer`'s own text: the same text
   * elsewhere may run under other bounds.
   */
  value(text: string, outer: ArrayAccess): Range | string {
    const t = text.trim();
    const { loop } = this;
    const inner =
      outer.offset === undefined ? undefined : loop.accesses.find((a) => a.text === t && a.offset !== undefined && a.offset > outer.offset! && a.offset < outer.offset! + outer.text.length);
    if (!inner) return `${t} is not an element of an array read where it is used`;
    return this.once(`value ${inner.offset}`, () => this.scanValue(inner));
  }

  private scanValue(acc: ArrayAccess): Range | string {
    const { loop, tree } = this;
    const text = acc.text;
    if (!tree) return `${text}: no syntax to check where it is read`;
    if (!acc.isRead || acc.isWrite || acc.subscripts.length !== 1 || !acc.subscripts[0] || acc.offset === undefined) return `${text} is not an element of an array at an affine subscript`;
    const bad = this.readable(acc.array);
    if (bad) return bad;
    const s = acc.subscripts[0]!;
    const vars = affine.names(s).filter((n) => this.varying.has(n));
    if (vars.length !== 1) return `${text}: its subscript does not follow one loop variable`;
    const u = vars[0];
    const split = affine.splitOn(s, u);
    if (!split || !affine.isConstant(split.coeff) || Math.abs(split.coeff.constant) !== 1 || !this.invariant(split.rest)) return `${text}: its subscript does not step by one`;
    let range: Range | string;
    let holder: Loop;
    if (u === loop.inductionVar) {
      range = this.ownRange();
      holder = loop;
    } else {
      const l = loop.children.find((c) => c.inductionVar === u && c.start <= acc.offset! && acc.offset! < c.end);
      if (!l) return `${text}: ${u} is not the variable of this loop or of one directly inside it`;
      range = this.bounds(l);
      holder = l;
    }
    if (typeof range === 'string') return range;
    if (!everyIteration(tree.descendantForIndex(acc.offset!), holder)) return `${text} is not read in every iteration of ${u}`;
    this.arrays.add(acc.array);
    const v = this.fresh();
    const at = affine.toC(affine.substitute(s, u, affine.variable(`${v}_t`))!);
    const scan = [
      ...start(v),
      `for (${v}_t = ${range.lo}; ${v}_t <= ${range.hi}; ${v}_t++) {`,
      `  long ${v}_x = (long)${acc.array}[${at}];`,
      `  ${v}_lo = ${v}_x < ${v}_lo ? ${v}_x : ${v}_lo;`,
      `  ${v}_hi = ${v}_x > ${v}_hi ? ${v}_x : ${v}_hi;`,
      `}`,
      ...finish(v),
    ];
    if (this.hoist?.unchanged(acc.array)) {
      // Scanned again only when the range moves: the array's contents do not change in the loop around.
      // One declarator per statement: the claim check compares them one by one.
      this.kept.push(...['lo', 'hi', 't', 'from = 0', 'to = -1'].map((x) => `long ${v}_${x};`), `int ${v}_known = 0;`);
      this.stmts.push(`if (!${v}_known || ${v}_from != ${range.lo} || ${v}_to != ${range.hi}) {`, `${v}_from = ${range.lo};`, `${v}_to = ${range.hi};`, ...scan, `${v}_known = 1;`, `}`);
    } else {
      this.decls.push(`long ${v}_lo, ${v}_hi, ${v}_t;`);
      this.stmts.push(...scan);
    }
    return { lo: `${v}_lo`, hi: `${v}_hi` };
  }

  /**
   * The least and greatest element of its base that an access through a
   * segment pointer reaches over the whole loop, by replaying the loops and
   * scalars that set the pointer. Where the loop writes through segment
   * pointers, one replay covers all of them, and the check also holds only
   * if each iteration's segment starts after the previous one ends.
   */
  segment(acc: ArrayAccess): Range | string {
    const seg = acc.segment!;
    if (!seg.partition) return this.once(`segment ${seg.pointer} ${seg.lo} ${seg.hi}`, () => this.replay([seg], false));
    const all = this.loop.accesses.flatMap((a) => (a.segment?.partition && a.segment.base === seg.base ? [a.segment] : []));
    return this.once(`partition ${seg.base}`, () => this.replay(all, true));
  }

  private replay(segs: Segment[], partition: boolean): Range | string {
    const { levels, offset, base } = segs[0];
    if (segs.some((s) => segmentSetting(s) !== segmentSetting(segs[0]))) return `${base} is reached through pointers set in different ways`;
    if (partition && levels.length !== 1) return `${base} is written through a pointer set inside an inner loop`;
    const arrays = new Set(segs.flatMap((s) => s.arrays));
    for (const x of arrays) {
      const bad = this.readable(x);
      if (bad) return bad;
    }
    for (const x of arrays) this.arrays.add(x);
    const v = this.fresh();
    const names = new Map<string, string>();
    levels.forEach((l, k) => {
      names.set(l.counter, `${v}_c${k}`);
      for (const d of l.defs) names.set(d.name, `${v}_${d.name}`);
    });
    const r = (t: string) => rename(t, names);
    this.decls.push(`long ${v}_lo, ${v}_hi;`);
    levels.forEach((l, k) => {
      this.decls.push(`${l.counterType} ${v}_c${k};`);
      for (const d of l.defs) this.decls.push(`${d.type} ${v}_${d.name};`);
    });
    if (partition) this.decls.push(`long ${v}_end;`, `int ${v}_ok;`);
    const out = [...start(v)];
    if (partition) out.push(`${v}_end = -0x7fffffffffffffffL - 1;`, `${v}_ok = 1;`);
    let pad = '';
    levels.forEach((l, k) => {
      const c = `${v}_c${k}`;
      out.push(`${pad}for (${c} = ${r(l.init)}; ${c} ${r(l.test)}; ${c} += ${l.step}) {`);
      pad += '  ';
      for (const d of l.defs) out.push(`${pad}${v}_${d.name} = ${r(d.value)};`);
    });
    const fold = (xs: string[], op: '<' | '>') => xs.reduce((a, b) => `(${a} ${op} ${b} ? ${a} : ${b})`);
    const off = `(long)(${r(offset)})`;
    out.push(
      `${pad}long ${v}_b = ${off} + ${fold([...new Set(segs.map((s) => r(s.lo)))], '<')};`,
      `${pad}long ${v}_e = ${off} + ${fold([...new Set(segs.map((s) => r(s.hi)))], '>')};`,
      `${pad}${v}_lo = ${v}_b <= ${v}_e && ${v}_b < ${v}_lo ? ${v}_b : ${v}_lo;`,
      `${pad}${v}_hi = ${v}_b <= ${v}_e && ${v}_e > ${v}_hi ? ${v}_e : ${v}_hi;`,
    );
    if (partition) out.push(`${pad}${v}_ok = ${v}_ok && (${v}_b > ${v}_e || ${v}_b > ${v}_end);`, `${pad}${v}_end = ${v}_b <= ${v}_e ? ${v}_e : ${v}_end;`);
    for (let k = levels.length - 1; k >= 0; k--) out.push(`${'  '.repeat(k)}}`);
    out.push(...finish(v));
    this.stmts.push(...out);
    if (partition) this.conds.push(`${v}_ok`);
    return { lo: `${v}_lo`, hi: `${v}_hi` };
  }
}
