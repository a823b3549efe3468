// The differential harness: one C file made of the user's preprocessed TU
// (its `main` renamed by a #define, so every clashing use follows), the
// original function copied as `__slmcc_ref`, and a driver that builds inputs
// from the parameter types, runs both and compares every buffer, the return
// value and the globals the function writes. The candidate is not in this
// file: it is `__slmcc_cand` in the shipped object of its own unit, linked
// beside it with its symbols renamed (build.ts), so it reads and writes its
// own unit's copies of the globals; the driver restores and compares those
// (CAND_PREFIX + name) against the reference's.
//
// The driver declares the few libc functions it needs under __slmcc_ names
// with asm labels instead of #including headers: the TU's preprocessed text
// already holds those headers without their include guards, and a second
// `struct timespec` would not compile.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArrayAccess, FunctionInfo, Loop, TranslationUnit } from '../analysis/types.js';
import { allLoops, flatRecord, valueUses, withSameFileCallees, type RecordMember } from '../analysis/index.js';
import { bareType, classifyParam, ioCalls, returnedType, voidPointerViews, type ParamKind } from './ctypes.js';
import { bufferPair, memberText, monotoneFill, recordArg, recordCompare, recordDecl, recordUntracked, type MemberAlias, type MemberPlan, type RecordParam } from './harness-records.js';

/** The candidate's side of a harness: its shipped object defines these names of the unit (renamed with CAND_PREFIX). */
export interface CandidateSide {
  defines: ReadonlySet<string>;
  /**
   * Bytes of each symbol in the candidate's object. clang -O3 stores a
   * static global that only ever holds its initial value or one other as a
   * single byte (`static int lastcol` becomes a flag): the harness must not
   * write the declared type's bytes into it, nor compare them.
   */
  sizes?: ReadonlyMap<string, number>;
}

/** Keep equal to build.ts's CAND_PREFIX (build imports nothing from here the other way). */
const CAND_PREFIX = '__slmcc_c_';

export const REF = '__slmcc_ref';
export const CAND = '__slmcc_cand';

/** One set of inputs: every integer parameter gets `n` (or n, n-1, n-2... when `distinct`; n-2, n-1, n... when `reversed`). */
export interface InputSet {
  name: string;
  n: number;
  distinct: boolean;
  reversed?: boolean;
  /** Values of both signs, with exact zeros, instead of (0.5, 1.5) and [0, n). */
  signed?: boolean;
  /** Indices of two pointer parameters made to share one buffer. */
  alias?: [number, number];
  /** With `alias`: the second parameter points this many elements into the first's buffer. */
  offset?: number;
  /** Factor on the floating-point tolerances (the run at the probe's size sums many more terms). */
  loose?: number;
  seed: number;
  /** Buffer growth step (0: exactly n^degree elements ... 5: (n+2)^(degree+1)+16) found by running the reference under ASan. */
  mult: number;
  /** Element values that go where mistakes hide (see VALUE_CODES); sizes and indices stay ordinary. */
  values?: ValueClass;
  /** One integer parameter (by index) given its own value, the others n: sizes that do not move together. */
  vary?: [number, number];
  /** A pointer parameter (by index) the original tests against NULL, passed as NULL. */
  nullParam?: number;
  /** A pointer parameter pointing at a global array the function uses (an index into the plan's globalAliases). */
  globalAlias?: number;
  /** Two pointer members of one record pointing at the same buffer (an index into the plan's memberAliases). */
  memberAlias?: number;
  /**
   * A set that goes where mistakes hide. The original may not survive it
   * (UBSan on INT_MAX data is the original's own overflow): calibration then
   * drops it, as any set, but it never counts toward making the function
   * unverifiable.
   */
  hostile?: boolean;
}

/**
 * The value classes of the hostile sets, as the harness numbers them (1 is
 * the plain signed set's). NaN and the infinities go in separate sets: a
 * reduction's NaN sign depends on which NaN came first, and inf - inf makes
 * x86's default NaN, which is negative; with only one kind of NaN in play, a
 * correct reordering prints the same sign.
 */
export const VALUE_CODES = {
  nan: 2,
  infinities: 3,
  'int-extremes': 4,
  negative: 5,
  offset: 6,
  cancelling: 7,
  sparse: 8,
} as const;
export type ValueClass = keyof typeof VALUE_CODES;

/** Value sets look for wrong values, not races: TSan need not run them. */
export const needsRaceCheck = (s: InputSet): boolean => !s.values;

/** What the user's flags say about floating-point values (-ffinite-math-only, -fno-signed-zeros, reassociation). */
export interface ValueOptions {
  /** NaN and infinities are not values the program may have (-ffinite-math-only, -ffast-math). */
  finiteMath?: boolean;
  /** The user lets the compiler reassociate: cancelling data would judge the permission itself. */
  reassociates?: boolean;
}

/**
 * Elements of a buffer whose type fixes every dimension (`double A[700][900]`
 * gives 630000), or 0: the harness allocates exactly that many, and the probe
 * counts them.
 */
export function fixedElements(kind: ParamKind): number {
  if (kind.kind !== 'buffer' || !kind.dims?.length || !kind.dims.every((d) => d !== undefined)) return 0;
  return kind.dims.reduce<number>((a, d) => a * (d as number), 1) * (kind.per ?? 1);
}

interface PlannedParam {
  index: number;
  name: string;
  kind: ParamKind;
  /** How many loop levels index it: buffers get about n^degree elements (see __slmcc_len). */
  degree: number;
  /** Used in a loop bound (rowptr-style): filled non-decreasing. */
  monotone: boolean;
  /** An integer that only says how often to repeat a loop whose counter is used nowhere (PageRank's iterations). */
  repeat: boolean;
  /** An integer subtracted from another size (`h - kh + 1`): a filter's or window's extent, small beside the size it is taken from. */
  window: boolean;
  /** The largest value this integer may take: the fixed dimensions it bounds (`nx` below `double ex[1000][1200]`'s 1000). */
  cap: number;
  /** A pointer the original tests against NULL. */
  nullTested: boolean;
  /** Elements that are data, never an index or a size: integer ones may be INT_MIN and INT_MAX. */
  data: boolean;
  /** A fixed array type whose rows the sizes do not bound (a loop to the macro `N`): all its rows are allocated. */
  wholeRows: boolean;
  /** A record's members, in the order of its kind's `members`: how each is sized and filled. */
  members?: MemberPlan[];
}

/** A record parameter as the records' C needs it (harness-records.ts). */
function asRecord(p: PlannedParam, aliases: MemberAlias[] = []): RecordParam | undefined {
  const k = p.kind;
  if (k.kind !== 'record') return undefined;
  return {
    index: p.index,
    name: p.name,
    type: k.type,
    members: k.members,
    byValue: k.byValue,
    plans: p.members ?? [],
    cap: p.cap,
    aliases: aliases.map((a, k) => ({ ...a, k })).filter((a) => a.param === p.index),
  };
}

/**
 * Whether a record parameter's pointer members may be left pointing at
 * memory the function allocated: the harness then tracks the code's
 * allocations (harness-prelude.c) and links with `allocationLinkFlags`.
 */
export const tracksAllocations = (plan: HarnessPlan): boolean => plan.params.some((p) => p.kind.kind === 'record' && !p.kind.byValue && p.kind.members.some((m) => m.kind === 'pointer'));

const TRACKING = '#define __SLMCC_TRACK_ALLOC 1';

/** The link flags a harness source needs: the allocation wrappers when it tracks allocations. */
export const allocationLinkFlags = (source: string): string[] => (source.includes(`\n${TRACKING}\n`) ? ['-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free'] : []);

/** Whether any argument is a size the harness chooses: an integer parameter, or a record's value. */
export const choosesSizes = (plan: HarnessPlan): boolean => plan.params.some((p) => p.kind.kind === 'scalar' || p.kind.kind === 'record');

/** A pointer parameter that may point into a global array the function uses, with the n at which its accesses fit the global. */
export interface GlobalAlias {
  param: number;
  global: string;
  n: number;
}

export interface HarnessPlan {
  params: PlannedParam[];
  maxDegree: number;
  /** Written-through pointer pairs of compatible type that are not both restrict. */
  aliasPairs: [number, number][];
  /** Globals the function or a same-file callee reads or writes: restored before each side runs, compared after. */
  globals: string[];
  /**
   * How many array dimensions each global's declaration gives it (0 for a
   * scalar or a struct). Globals with dimensions are filled with generated
   * values before the runs: a program fills its global arrays at run time, so
   * their zeros would make every candidate look right.
   */
  globalDims: Record<string, number>;
  returns: boolean;
  /** Pointer parameters that may alias a global array (elements of the same type, one side written). */
  globalAliases: GlobalAlias[];
  /** Global arrays whose elements are data, never an index or a size. */
  dataGlobals: string[];
  /** Pairs of pointer members of one record with the same elements, which a caller may point at one buffer. */
  memberAliases: MemberAlias[];
  /**
   * The largest integer argument that fits the fixed array types (`double
   * A[N][M]` with a loop to `n`): C99 array parameters and globals sized by
   * macros. The type stays as declared; only the arguments shrink.
   */
  maxN: number;
}

function walk(loops: Loop[], level: number, f: (l: Loop, level: number) => void): void {
  for (const l of loops) {
    f(l, level);
    walk(l.children, level + 1, f);
  }
}

/**
 * How fast an access's extent grows with n: `a[i*n + k]` reaches n^2 however
 * deep its loop sits, which is what lets the probe grow a matrix product to a
 * size where threads pay off instead of repeating a tiny one. Where the
 * subscript is not affine, the loop depth is the estimate; a reference that
 * reads past a buffer sized too small is rerun with larger ones anyway.
 */
function accessDegree(a: ArrayAccess, loopLevel: number): number {
  // An indirect subscript (`x[col[k]]`) reads where the index array points,
  // and the harness fills index arrays with values below n: one dimension.
  // The loop depth would size PageRank's n-vector as n^3 and cap the probe at
  // n = 78; calibration grows a buffer that proves too small anyway.
  if (a.subscripts.length === 1 && a.subscripts[0] === null) return 1;
  const only = a.subscripts.length === 1 ? a.subscripts[0] : null;
  if (!only) return loopLevel;
  const terms = Object.keys(only.terms).filter((k) => only.terms[k] !== 0);
  return Math.max(1, ...terms.map((k) => k.split('*').length));
}

// In the timing loop, a pure kernel called with the same inputs is hoisted
// out of the loop or deleted as dead unless the compiler must assume memory
// changed and the result is used: the probe then timed the original at
// nothing and every candidate lost. These empty asm statements forbid both.
const SINK_MEMORY = '__asm__ volatile("" ::: "memory");';
const SINK_RESULT = '__asm__ volatile("" :: "r"(&__slmcc_rv_r), "r"(&__slmcc_rv_c) : "memory");';

/** Mentions of a name; an access's base may be no name at all (`(*B)[i][j]` in PolyBench's lu has base `*`), which is mentioned nowhere as one. */
const count = (text: string, name: string) => (/^[A-Za-z_]\w*$/.test(name) ? (text.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length : -1);

/** The function's text from its opening brace: the body, without the parameter list. */
function functionBody(fn: FunctionInfo): string {
  return fn.text.slice(fn.text.indexOf('{'));
}

/**
 * `for (int it = 0; it < iters; it++)` with `it` and `iters` used nowhere
 * else: iters only repeats the loop body. The timing run keeps such counts
 * small, so that n, not the repetition, grows the work of each parallel
 * region: with iters = n = 78, PageRank's probe timed 3 forks per iteration
 * over 78 vertices, where the real kernel has a million.
 */
function isRepeatCount(fn: FunctionInfo, name: string): boolean {
  const body = functionBody(fn);
  if (count(body, name) !== 1) return false;
  let found = false;
  walk(fn.loops, 1, (l) => {
    if (l.kind !== 'for' || !l.inductionVar || l.upper?.text.trim() !== name) return;
    const text = fn.text.slice(l.start, l.end);
    // Outside the loop the counter may only be declared (`int t, i, j;` at the top of the function).
    const outside = body.replace(text, '');
    const declared = new RegExp(`\\b(?:int|long|unsigned|short|size_t)\\b[^;=(){}]*\\b${l.inductionVar}\\b[^;=(){}]*;`);
    const outsideUses = count(outside, l.inductionVar);
    if (count(text, l.inductionVar) === 3 && (outsideUses === 0 || (outsideUses === 1 && declared.test(outside)))) found = true;
  });
  return found;
}

/**
 * `oh = h - kh + 1`: kh is a window's extent within h. Given the same value
 * as h, as every integer argument gets, the filter is as large as the image,
 * the output one row, and a convolution's row parallelism can neither be
 * timed nor much checked; such an integer is kept small instead.
 */
function isWindowSize(fn: FunctionInfo, name: string): boolean {
  const body = functionBody(fn);
  return fn.params.some((q) => q.name !== name && !q.isPointer && !q.arrayDims && new RegExp(`\\b${q.name}\\s*-\\s*${name}\\b`).test(body));
}

const UNCAPPED = 1 << 30;

/** A global's dimensions as the analysis evaluated them (`[1200 + 0]` is 1200), undefined where one is not constant. */
type GlobalDims = Record<string, (number | undefined)[]>;
/** The constant dimensions among a global's (`double [1000][1200]`). */
const constantDims = (dims: GlobalDims, name: string): number[] => (dims[name] ?? []).filter((d): d is number => d !== undefined);
/** Every dimension of the global is a constant. */
const allConstant = (dims: GlobalDims, name: string): boolean => (dims[name] ?? []).every((d) => d !== undefined && d > 0);

/** Every array access inside the function's loops, once per place: an outer loop's facts hold its inner loops' accesses too. */
function loopAccesses(fn: FunctionInfo): ArrayAccess[] {
  const places = new Map<string, ArrayAccess>();
  for (const l of allLoops(fn.loops)) for (const a of l.accesses) places.set(`${a.array}:${a.offset ?? a.text}:${a.line}`, a);
  return [...places.values()];
}

/**
 * Arrays every access of which stays within constant bounds: subscripts made
 * only of counters of loops with constant ranges (`gauss5[di + 2][dj + 2]`
 * with di from -2 to 2). A small filter table does not bound the sizes.
 */
function constantlyIndexed(fn: FunctionInfo, accesses: ArrayAccess[]): Set<string> {
  const constantCounters = new Set<string>();
  for (const l of allLoops(fn.loops)) {
    const r = l.range;
    if (l.inductionVar && r?.min && r.max && Object.keys(r.min.terms).length === 0 && Object.keys(r.max.terms).length === 0) constantCounters.add(l.inductionVar);
  }
  const byArray = new Map<string, ArrayAccess[]>();
  for (const a of accesses) byArray.set(a.array, [...(byArray.get(a.array) ?? []), a]);
  const body = functionBody(fn);
  const out = new Set<string>();
  for (const [name, list] of byArray) {
    // Every mention is one of these accesses: none outside the loops, none passed on.
    if (count(body, name) !== list.length) continue;
    if (list.every((a) => a.subscripts.every((s) => s !== null && Object.keys(s.terms).every((k) => s.terms[k] === 0 || constantCounters.has(k))))) out.add(name);
  }
  return out;
}

/**
 * Arrays some access of which picks its row by something the sizes do not
 * bound: a counter of a loop with constant bounds (PolyBench's init_array
 * runs to the macro N), a constant row past the first two, or a subscript
 * that is not affine.
 */
function rowsPastSizes(fn: FunctionInfo, accesses: ArrayAccess[]): Set<string> {
  const constantCounters = new Set<string>();
  for (const l of allLoops(fn.loops)) {
    const r = l.range;
    if (l.inductionVar && (!r?.max || Object.keys(r.max.terms).length === 0)) constantCounters.add(l.inductionVar);
  }
  const out = new Set<string>();
  for (const a of accesses) {
    const first = a.subscripts[0];
    const keys = first ? Object.keys(first.terms).filter((k) => first.terms[k] !== 0) : [];
    if (!first || (keys.length === 0 && first.constant >= 2) || keys.some((k) => k.split('*').some((v) => constantCounters.has(v)))) out.add(a.array);
  }
  return out;
}

/** The smallest constant dimension among the array parameters and the globals the function uses, bar those it indexes only by constant ranges. */
function fixedDimCap(fn: FunctionInfo, globalTypes: Record<string, string>, gdims: GlobalDims, accesses: ArrayAccess[]): number {
  const exempt = constantlyIndexed(fn, accesses);
  let cap = UNCAPPED;
  for (const p of fn.params) if (!exempt.has(p.name)) for (const d of p.arrayDims ?? []) if (typeof d === 'number' && d > 0) cap = Math.min(cap, d);
  for (const name of Object.keys(globalTypes)) if (!exempt.has(name)) cap = Math.min(cap, ...constantDims(gdims, name).filter((d) => d > 0));
  return cap;
}

/** The constant dimensions of a parameter's or a global's array type, undefined where one is not constant. */
function fixedDims(fn: FunctionInfo, gdims: GlobalDims, name: string): number[] | undefined {
  const p = fn.params.find((q) => q.name === name);
  if (p) return p.arrayDims?.length && p.arrayDims.every((d) => typeof d === 'number' && d > 0) ? (p.arrayDims as number[]) : undefined;
  const dims = constantDims(gdims, name);
  return dims.length && allConstant(gdims, name) ? dims : undefined;
}

/**
 * For each integer parameter, the fixed dimensions it bounds: a loop whose
 * bound it is runs a counter that subscripts that dimension (fdtd_2d's `nx`
 * bounds `ex[1000][1200]`'s first, `tmax` bounds `_fict_[200]`). Each
 * integer is then capped by its own dimensions, not by the smallest of all,
 * which kept fdtd_2d's 1000 x 1200 grid at 200 x 200 in every check and
 * probe. Undefined when some loop's bound or some subscript of a fixed array
 * cannot be read: every integer keeps the smallest dimension then.
 */
function boundedDims(fn: FunctionInfo, gdims: GlobalDims, accesses: ArrayAccess[]): Map<string, number[]> | undefined {
  const ints = new Set(fn.params.filter((p) => !p.isPointer && !p.arrayDims).map((p) => p.name));
  const boundsOf = new Map<string, Set<string>>();
  for (const l of allLoops(fn.loops)) {
    const max = l.range?.max;
    if (!l.inductionVar || !max) return undefined;
    const set = boundsOf.get(l.inductionVar) ?? new Set<string>();
    for (const k of Object.keys(max.terms)) if (max.terms[k] !== 0) for (const part of k.split('*')) set.add(part);
    boundsOf.set(l.inductionVar, set);
  }
  for (const set of boundsOf.values()) for (const b of set) if (!ints.has(b) && !boundsOf.has(b)) return undefined;
  // The parameters a name stands for: itself, or those bounding the loops it counts (and theirs, for a triangular j <= i).
  const paramsOf = (name: string, seen = new Set<string>()): string[] => {
    if (ints.has(name)) return [name];
    if (seen.has(name) || !boundsOf.has(name)) return [];
    seen.add(name);
    return [...boundsOf.get(name)!].flatMap((b) => paramsOf(b, seen));
  };
  const out = new Map<string, number[]>();
  for (const a of accesses) {
    const dims = fixedDims(fn, gdims, a.array);
    if (!dims) continue;
    if (a.subscripts.length !== dims.length) return undefined;
    for (let k = 0; k < dims.length; k++) {
      const sub = a.subscripts[k];
      if (!sub) return undefined;
      for (const key of Object.keys(sub.terms)) {
        if (sub.terms[key] === 0) continue;
        for (const part of key.split('*')) for (const p of paramsOf(part)) out.set(p, [...(out.get(p) ?? []), dims[k]]);
      }
    }
  }
  return out;
}

/** A global the harness can snapshot: complete type, not const (a copy into it would fault). */
const snapshotable = (type: string | undefined) => type !== undefined && !/\bconst\b/.test(type) && !/\[\s*\]/.test(type);

/** Globals of the function and of every same-file function it can reach, with their declared types. */
function closureGlobals(fn: FunctionInfo, tu?: TranslationUnit): { written: string[]; types: Record<string, string>; dims: GlobalDims } {
  const fns = withSameFileCallees(tu, fn);
  const types: Record<string, string> = Object.assign({}, ...fns.map((f) => f.globalTypes ?? {}));
  const dims: GlobalDims = Object.assign({}, ...fns.map((f) => f.globalDims ?? {}));
  return { written: [...new Set(fns.flatMap((f) => f.globalsWritten))], types, dims };
}

export function planHarness(fn: FunctionInfo, tu?: TranslationUnit): HarnessPlan {
  const { written, types, dims: gdims } = closureGlobals(fn, tu);
  const accesses = loopAccesses(fn);
  const globalCap = fixedDimCap(fn, types, gdims, accesses);
  // A same-file callee's arrays are not in these loops: the smallest dimension then holds for all.
  const bounded = withSameFileCallees(tu, fn).length > 1 ? undefined : boundedDims(fn, gdims, accesses);
  const capOf = (name: string) => (bounded ? Math.min(UNCAPPED, ...(bounded.get(name) ?? [globalCap])) : globalCap);
  let nest = 0;
  walk(fn.loops, 1, (_l, lv) => (nest = Math.max(nest, lv)));
  const uses = valueUses(fn);
  const views = voidPointerViews(fn, tu);
  const pastSizes = rowsPastSizes(fn, accesses);
  const params: PlannedParam[] = fn.params.map((p, index) => {
    const kind = classifyParam(p, views.get(p.name), tu, !uses.beyondOne.has(p.name));
    if ('unverifiable' in kind) throw new Error(kind.unverifiable);
    const reach = reachOf(fn, [p.name], new RegExp(`\\b${p.name}\\s*\\[`));
    const monotone = reach.monotone;
    let degree = reach.degree;
    const members = kind.kind === 'record' ? kind.members.map((m) => memberPlan(fn, p.name, m, nest)) : undefined;
    if (members) degree = Math.max(0, ...members.map((m) => m.degree));
    if (kind.kind !== 'scalar' && degree === 0) degree = Math.max(1, nest);
    // A `void *` read through a pointer to an array of d dimensions spans (d + 1) sizes.
    if (kind.kind === 'buffer' && kind.viewDims) degree = Math.max(degree, kind.viewDims + 1);
    if (kind.kind === 'rows') degree = Math.max(1, degree - 1);
    const plainScalar = kind.kind === 'scalar' && !kind.fields;
    const repeat = plainScalar && isRepeatCount(fn, p.name);
    const window = plainScalar && !repeat && isWindowSize(fn, p.name);
    const pointer = kind.kind === 'buffer' || kind.kind === 'rows';
    const nullTested = pointer && uses.nullTested.has(p.name);
    const data = pointer && !monotone && !uses.indexLike.has(p.name);
    const cap = kind.kind === 'scalar' || kind.kind === 'record' ? capOf(p.name) : UNCAPPED;
    return { index, name: p.name, kind, degree, monotone, repeat, window, cap, nullTested, data, wholeRows: pastSizes.has(p.name), members };
  });
  const aliasPairs: [number, number][] = [];
  for (let i = 0; i < fn.params.length; i++)
    for (let j = i + 1; j < fn.params.length; j++) {
      const a = fn.params[i],
        b = fn.params[j];
      const ka = params[i].kind,
        kb = params[j].kind;
      if (ka.kind !== 'buffer' || kb.kind !== 'buffer' || ka.dims || kb.dims) continue;
      if (!(a.writtenThrough || b.writtenThrough)) continue;
      if (a.isRestrict && b.isRestrict) continue;
      if (ka.elem !== kb.elem) continue;
      aliasPairs.push([i, j]);
    }
  const scalarCaps = params.filter((p) => p.kind.kind === 'scalar').map((p) => p.cap);
  // Written globals are compared as before (their type may be unknown to the
  // index: keep them); read ones are restored and compared too when they can be
  // copied, so a callee's write through an alias or a candidate's stray store shows.
  const globals = [...new Set([...written, ...Object.keys(types).filter((g) => snapshotable(types[g]))])].filter((g) => types[g] === undefined || !/\[\s*\]/.test(types[g]));
  const compared = globals.filter((g) => !/\bconst\b/.test(types[g] ?? ''));
  const globalDims = Object.fromEntries(globals.map((g) => [g, gdims[g]?.length ?? 0]));
  const memberAliases = params.flatMap((p) => (p.kind.kind === 'record' ? memberAliasesOf(p.index, p.kind.members) : [])).slice(0, 2);
  const maxN = scalarCaps.length ? Math.max(...scalarCaps) : globalCap;
  return {
    params,
    maxDegree: Math.max(1, ...params.map((p) => p.degree)),
    aliasPairs,
    globalAliases: globalAliasesOf(fn, params, compared, types, gdims, written, maxN),
    dataGlobals: compared.filter((g) => (globalDims[g] ?? 0) > 0 && !uses.indexLike.has(g)),
    memberAliases,
    globals: compared,
    globalDims,
    maxN,
    returns: fn.returnType.replace(/\b(static|inline|extern|__inline__|__inline)\b/g, '').trim() !== 'void',
  };
}

/** Pointer members of one record with the same elements: any two a caller might point at one buffer (`u` and `unew` both at one grid). */
function memberAliasesOf(param: number, members: RecordMember[]): MemberAlias[] {
  const out: MemberAlias[] = [];
  members.forEach((m, a) =>
    members.forEach((o, b) => {
      if (b > a && m.kind === 'pointer' && o.kind === 'pointer' && m.elem === o.elem && m.per === o.per) out.push({ param, a, b });
    }),
  );
  return out;
}

/**
 * How far the loops reach into an array named `names`: the degree of its
 * accesses (`a[i*n + k]` reaches n^2), and whether a loop bound reads it
 * (`inBound`, as `rowptr[i + 1]`), which makes it monotone.
 */
function reachOf(fn: FunctionInfo, names: string[], inBound: RegExp): { degree: number; monotone: boolean } {
  let degree = 0;
  let monotone = false;
  walk(fn.loops, 1, (l, lv) => {
    for (const a of l.accesses) if (names.includes(a.array)) degree = Math.max(degree, accessDegree(a, lv));
    if ((l.lower && inBound.test(l.lower.text)) || (l.upper && inBound.test(l.upper.text))) monotone = true;
  });
  return { degree, monotone };
}

/**
 * A record member's buffer: at least the nest's depth in dimensions (the
 * body may read it through a local the accesses do not name), more where
 * its accesses reach further (`g->u[i*nx + j]`); monotone where a loop bound
 * reads it (`A->rowptr[i + 1]`).
 */
function memberPlan(fn: FunctionInfo, param: string, m: RecordMember, nest: number): MemberPlan {
  if (m.kind !== 'pointer') return { degree: 0, monotone: false };
  const names = [memberText(param, false, m.name), memberText(param, true, m.name)];
  const { degree, monotone } = reachOf(fn, names, new RegExp(`\\b${param}\\s*(->|\\.)\\s*${m.name}\\s*\\[`));
  return { degree: Math.max(degree, nest, 1), monotone };
}

/**
 * Pointer parameters that may point into a global array the function uses,
 * as a program does that passes its own global (`kernel(n, A)` with `A` the
 * global the kernel also reads): elements of the same type, the pointer not
 * restrict (restrict would make the alias the original's own undefined
 * behaviour), and the parameter or the global written. The n of such a set
 * keeps the parameter's n^degree elements inside the global.
 */
function globalAliasesOf(fn: FunctionInfo, params: PlannedParam[], globals: string[], types: Record<string, string>, gdims: GlobalDims, written: string[], maxN: number): GlobalAlias[] {
  const out: GlobalAlias[] = [];
  for (const g of globals) {
    const t = types[g];
    const dims = constantDims(gdims, g);
    if (!t || !dims.length || !allConstant(gdims, g)) continue;
    const elem = bareType(t.replace(/\[[^\]]*\]/g, ''));
    const elements = dims.reduce((a, d) => a * d, 1);
    for (const p of params) {
      const src = fn.params[p.index];
      if (p.kind.kind !== 'buffer' || p.kind.dims || src.isRestrict || p.kind.elem !== elem) continue;
      if (!src.writtenThrough && !written.includes(g)) continue;
      const n = Math.min(33, maxN, Math.floor(Math.pow(elements, 1 / Math.max(1, p.degree)) + 1e-9));
      if (n >= 2) out.push({ param: p.index, global: g, n });
    }
  }
  return out;
}

/**
 * The input sets the differential run uses: 0, 1, odd, unequal sizes both
 * ways, values of both signs with zeros, large, and aliasing (the same buffer,
 * and one element apart). Sets a reference cannot run (a negative index) are
 * dropped by calibration; what a small model gets wrong (unequal sizes,
 * negatives, overlap) is what they are for.
 */
/** Nothing is sized by n: the function works on globals of the program's fixed size, so every run is the whole problem. */
export const sizedByNothing = (plan: HarnessPlan): boolean => plan.params.length === 0;

export function inputSets(plan: HarnessPlan, opts: ValueOptions = {}): InputSet[] {
  // The sets would differ only in their values.
  if (sizedByNothing(plan))
    return [
      { name: 'the sizes the program fixes', n: 32, distinct: false, seed: 14, mult: 0 },
      { name: 'the sizes the program fixes, signed values', n: 29, distinct: false, signed: true, seed: 19, mult: 0 },
      ...valueSets(32, opts),
    ];
  const large = Math.min(plan.maxN, plan.maxDegree <= 1 ? 10007 : plan.maxDegree === 2 ? 97 : plan.maxDegree === 3 ? 23 : 9);
  const at = (n: number) => Math.min(n, plan.maxN);
  const sets: InputSet[] = [
    { name: 'n=0', n: 0, distinct: false, seed: 11, mult: 0 },
    { name: 'n=1', n: at(1), distinct: false, seed: 12, mult: 0 },
    { name: `odd n=${at(7)}`, n: at(7), distinct: false, seed: 13, mult: 0 },
    { name: `n=${at(32)},${at(32) - 1},${at(32) - 2}`, n: at(32), distinct: true, seed: 14, mult: 0 },
    { name: `n=${at(29) - 2},${at(29) - 1},${at(29)}, signed values`, n: at(29), distinct: true, reversed: true, signed: true, seed: 19, mult: 0 },
    { name: `large n=${large}`, n: large, distinct: false, seed: 15, mult: 0 },
  ];
  plan.aliasPairs.forEach((pair, k) => {
    if (k >= 2) return;
    sets.push({ name: `aliasing params ${pair[0] + 1},${pair[1] + 1} n=${at(33)}`, n: at(33), distinct: false, alias: pair, seed: 16 + k, mult: 0 });
    sets.push({ name: `params ${pair[0] + 1},${pair[1] + 1} overlapping one element apart n=${at(33)}`, n: at(33), distinct: false, alias: pair, offset: 1, seed: 20 + k, mult: 0 });
  });
  return [...sets, ...valueSets(at(32), opts), ...independentSizes(plan, at(32)), ...nullSets(plan, at(32)), ...globalAliasSets(plan), ...memberAliasSets(plan, at(32))];
}

/** The value classes, each in a set of its own at an ordinary size. */
function valueSets(n: number, opts: ValueOptions): InputSet[] {
  const classes: [ValueClass, string][] = [
    ['nan', 'NaN, -0.0 and denormals'],
    ['infinities', '+Inf, -Inf, -0.0 and denormals'],
    ['int-extremes', 'INT_MIN and INT_MAX in integer data'],
    ['negative', 'all-negative data'],
    ['offset', 'large offsets (1e8 plus small values)'],
    ['cancelling', 'cancelling offsets (+1e8, small values, -1e8)'],
    ['sparse', 'sparse events (mostly zeros)'],
  ];
  return classes
    .filter(([c]) => !(opts.finiteMath && (c === 'nan' || c === 'infinities')) && !(opts.reassociates && (c === 'offset' || c === 'cancelling')))
    .map(([values, what], k) => ({ name: `${what}, n=${n}`, n, distinct: false, values, hostile: true, seed: 31 + k, mult: 0 }));
}

/** At most this many sets vary one integer parameter on its own. */
const MAX_VARIED = 9;

/**
 * Each integer parameter on its own at 1, 2 and 0, the others at n: sizes
 * that move together hide `a[i + m] = a[i]` (m is never small beside n) and
 * every mix-up of two sizes. One at a time keeps the count linear; the
 * caps of the fixed array types still hold.
 */
function independentSizes(plan: HarnessPlan, n: number): InputSet[] {
  const ints = integerArguments(plan);
  if (!ints.length || n < 3) return [];
  // With one integer, n=0 and n=1 are already among the sets.
  const values = ints.length === 1 ? [2] : [1, 2, 0];
  const out: InputSet[] = [];
  for (const v of values)
    for (const a of ints)
      if (out.length < MAX_VARIED && Math.min(v, a.cap) !== n)
        out.push({ name: `${a.name}=${Math.min(v, a.cap)}, other integers n=${n}`, n, distinct: false, vary: [a.code, v], hostile: true, seed: 41 + out.length, mult: 0 });
  return out;
}

const isFloating = (type: string) => /\b(float|double)\b/.test(type);

/**
 * The number __SLMCC_IVAL knows field `j` of record parameter `i` by: apart
 * from every parameter's own index, so that a set can vary it alone.
 */
const fieldCode = (i: number, j: number) => 1000 + 64 * i + j;

/** Every integer the harness passes, a parameter or a field of a record passed by value, with the code a set varies it by. */
function integerArguments(plan: HarnessPlan): { name: string; code: number; cap: number }[] {
  return plan.params.flatMap((p) => {
    if (p.kind.kind === 'record') {
      const byValue = p.kind.byValue;
      return p.kind.members.flatMap((m, j) =>
        m.kind === 'value' && m.count === 1 && !isFloating(m.type) ? [{ name: memberText(p.name, byValue, m.name), code: fieldCode(p.index, j), cap: p.cap }] : [],
      );
    }
    if (p.kind.kind !== 'scalar') return [];
    if (!p.kind.fields) return isFloating(p.kind.type) ? [] : [{ name: p.name, code: p.index, cap: p.cap }];
    return p.kind.fields.flatMap((f, j) => (isFloating(f.type) ? [] : [{ name: `${p.name}.${f.name}`, code: fieldCode(p.index, j), cap: p.cap }]));
  });
}

/** NULL for each pointer the original tests against NULL (two at most). */
function nullSets(plan: HarnessPlan, n: number): InputSet[] {
  return plan.params
    .filter((p) => p.nullTested)
    .slice(0, 2)
    .map((p, k) => ({ name: `${p.name}=NULL n=${n}`, n, distinct: false, nullParam: p.index, hostile: true, seed: 51 + k, mult: 0 }));
}

/** A pointer parameter into each global array it may alias (four at most). */
function globalAliasSets(plan: HarnessPlan): InputSet[] {
  return plan.globalAliases.slice(0, 4).map((a, k) => ({
    name: `${plan.params[a.param].name} pointing into the global ${a.global} n=${a.n}`,
    n: a.n,
    distinct: false,
    globalAlias: k,
    hostile: true,
    seed: 55 + k,
    mult: 0,
  }));
}

/** Two pointer members of one record at the same buffer (two pairs at most): what a caller that passes one grid as both does. */
function memberAliasSets(plan: HarnessPlan, n: number): InputSet[] {
  return plan.memberAliases.map((a, k) => {
    const p = plan.params[a.param];
    const rec = p.kind.kind === 'record' ? p.kind : undefined;
    const member = (j: number) => memberText(p.name, rec?.byValue ?? false, rec?.members[j]?.name ?? '?');
    return {
      name: `${member(a.a)} and ${member(a.b)} the same buffer n=${n}`,
      n,
      distinct: false,
      memberAlias: k,
      hostile: true,
      seed: 61 + k,
      mult: 0,
    };
  });
}

/** Rename the function defined in `text` (its first `name(`) to `to`; recursive calls keep the original. */
export function renameDefinition(text: string, name: string, to: string): string {
  const re = new RegExp(`\\b${name}(\\s*\\()`);
  if (!re.test(text)) throw new Error(`definition of ${name} not found`);
  return text.replace(re, `${to}$1`);
}

function stripLinkage(text: string): string {
  // Copies must not be `extern inline` (no out-of-line body) or `static` clashes with a prior declaration.
  // noinline: the harness must not specialise the kernel on its own constant
  // arguments, and Polly (restricted to the copy by -polly-only-func) must see it whole.
  return `__attribute__((noinline)) static ${text.replace(/^\s*((?:(?:static|inline|extern|__inline__|__inline)\s+)+)/, '')}`;
}

/**
 * An integer argument's value. A repeat count stays small in timing (and in
 * the compared run at the probe's size). So does a window's extent (3 to 5):
 * the checked sets keep it equal to the sizes, a window as large as what it
 * slides over, which is where a candidate that drops a filter's far rows
 * differs; the compared run at the probe's size checks the small window.
 */
function integerArgument(p: PlannedParam): string {
  const i = p.index;
  if (p.repeat) return `((timing || __slmcc_big) && n > 4 ? 4 : __SLMCC_IVAL(${i}, n, distinct, ${p.cap}LL))`;
  if (p.window) return `((timing || __slmcc_big) && n > 5 ? 3 + ${i} % 3 : __SLMCC_IVAL(${i}, n, distinct, ${p.cap}LL))`;
  return `__SLMCC_IVAL(${i}, n, distinct, ${p.cap}LL)`;
}

/** A value of scalar type `t`: a floating one is data, an integer one is `int` (a size). */
const scalarValue = (t: string, int: string) => `_Generic((${t})0, float: (${t})__slmcc_fval(), double: (${t})__slmcc_fval(), long double: (${t})__slmcc_fval(), default: (${t})${int})`;

function paramDecl(p: PlannedParam, aliases: MemberAlias[] = []): string {
  const k = p.kind;
  const i = p.index;
  const record = asRecord(p, aliases);
  if (record) return recordDecl(record, (j) => fieldCode(i, j), scalarValue);
  if (k.kind === 'record') return '';
  if (k.kind === 'scalar' && k.fields) {
    // Zeroed first: padding is then the same bytes on both sides of every call.
    const set = k.fields.map((f, j) => {
      const t = `__typeof__(__slmcc_s${i}.${f.name})`;
      return `  __slmcc_s${i}.${f.name} = ${scalarValue(t, `__SLMCC_IVAL(${fieldCode(i, j)}, n, distinct, ${p.cap}LL)`)};\n`;
    });
    return `  ${k.type} __slmcc_s${i}; __builtin_memset(&__slmcc_s${i}, 0, sizeof __slmcc_s${i});\n${set.join('')}`;
  }
  // The array-size probe's builds may pass the value the program's one call passes (call-constants.ts).
  if (k.kind === 'scalar')
    return `#ifdef __SLMCC_ARG_${i}\n  ${k.type} __slmcc_s${i} = (${k.type})(__SLMCC_ARG_${i});\n#else\n  ${k.type} __slmcc_s${i} = ${scalarValue(k.type, integerArgument(p))};\n#endif\n`;
  const e = k.elem;
  const val = p.data ? `__SLMCC_DVAL(${e}, n)` : `__SLMCC_VAL(${e}, n)`;
  const rowsDeg = p.degree;
  // A record of `per` scalars (flatRecord) takes `per` of them for each element the sizes count.
  const per = k.kind === 'buffer' && k.per ? k.per : 1;
  const lenExpr = per > 1 ? `__slmcc_len(n, ${p.degree}, mult) * ${per}` : `__slmcc_len(n, ${p.degree}, mult)`;
  if (k.kind === 'rows')
    return `  __slmcc_size __slmcc_rl${i} = __slmcc_len(n, 1, mult), __slmcc_cl${i} = __slmcc_len(n, ${rowsDeg}, mult);
  ${e} **__slmcc_r${i} = __slmcc_calloc(__slmcc_rl${i}, sizeof(${e} *)), **__slmcc_c${i} = __slmcc_calloc(__slmcc_rl${i}, sizeof(${e} *));
  for (__slmcc_size r = 0; r < __slmcc_rl${i}; r++) {
    __slmcc_r${i}[r] = __slmcc_calloc(__slmcc_cl${i}, sizeof(${e})); __slmcc_c${i}[r] = __slmcc_calloc(__slmcc_cl${i}, sizeof(${e}));
    for (__slmcc_size k = 0; k < __slmcc_cl${i}; k++) __slmcc_r${i}[r][k] = ${val};
    __builtin_memcpy(__slmcc_c${i}[r], __slmcc_r${i}[r], __slmcc_cl${i} * sizeof(${e}));
  }
`;
  const fixed = fixedElements(k);
  // Rows of a fixed array type beyond the ones the sizes reach are never
  // touched: a 1200 x 1200 PolyBench matrix at n = 32 fills 34 rows, not
  // 1200 (filling all of them in each of the many runs under TSan took
  // minutes per function). The row length stays the type's; calibration
  // grows the rows where the original reads further (up to the type's).
  const rowLen = k.kind === 'buffer' && fixed > 0 && k.dims!.length > 1 && !p.wholeRows ? fixed / (k.dims![0] as number) : 0;
  const size = rowLen ? `(__slmcc_len(n, 1, mult) < ${k.dims![0]} ? __slmcc_len(n, 1, mult) : ${k.dims![0]}) * (__slmcc_size)${rowLen}` : fixed > 0 ? `(__slmcc_size)${fixed}` : lenExpr;
  const fill = p.monotone ? monotoneFill(e) : val;
  // A buffer whose type fixes every dimension holds exactly that many
  // elements: the function's arguments are capped to fit it (maxN), and the
  // estimate from the loop depth would allocate n^3 doubles for a matrix.
  return `  __slmcc_size __slmcc_l${i} = alias_i >= 0 ? maxlen + alias_off : ${size};
  if (__slmcc_l${i} < ${rowLen ? 0 : fixed}) __slmcc_l${i} = ${rowLen ? 0 : fixed};
${bufferPair(`__slmcc_r${i}`, `__slmcc_c${i}`, `__slmcc_l${i}`, e, fill)}`;
}

function aliasFix(p: PlannedParam): string {
  if (p.kind.kind !== 'buffer') return '';
  const i = p.index;
  return `  if (alias_j == ${i}) { __slmcc_r${i} = (${p.kind.elem} *)__slmcc_rp[alias_i] + alias_off; __slmcc_c${i} = (${p.kind.elem} *)__slmcc_cp[alias_i] + alias_off; }\n`;
}

/** NULL in place of a pointer the original tests against NULL: nothing of it is compared then. */
function nullFix(p: PlannedParam): string {
  if (!p.nullTested) return '';
  const i = p.index;
  if (p.kind.kind === 'rows') return `  if (__slmcc_null_i == ${i}) { __slmcc_r${i} = 0; __slmcc_c${i} = 0; __slmcc_rl${i} = 0; }\n`;
  if (p.kind.kind === 'buffer') return `  if (__slmcc_null_i == ${i}) { __slmcc_r${i} = 0; __slmcc_c${i} = 0; __slmcc_l${i} = 0; }\n`;
  return '';
}

/** A pointer parameter into a global array: each side gets its own copy of the global, which is compared as a global. */
function globalAliasFix(plan: HarnessPlan): string {
  return plan.globalAliases
    .map((a, k) => {
      const p = plan.params[a.param];
      const e = p.kind.kind === 'buffer' ? p.kind.elem : '';
      const g = plan.globals.indexOf(a.global);
      if (!e || g < 0) return '';
      const i = a.param;
      return `  if (__slmcc_galias == ${k}) { __slmcc_r${i} = (${e} *)(void *)&${a.global}; __slmcc_c${i} = (${e} *)(void *)&__slmcc_cg_${g}; __slmcc_l${i} = 0; }\n`;
    })
    .join('');
}

function compareParam(p: PlannedParam): string {
  const k = p.kind;
  const i = p.index;
  const record = asRecord(p);
  if (record) return recordCompare(record);
  if (k.kind === 'scalar' || k.kind === 'record') return '';
  const e = k.elem;
  if (k.kind === 'rows')
    return `  __slmcc_scale = 0;
  for (__slmcc_size r = 0; r < __slmcc_rl${i}; r++) for (__slmcc_size k = 0; k < __slmcc_cl${i}; k++) __SLMCC_SCALE(__slmcc_r${i}[r][k]);
  for (__slmcc_size r = 0; r < __slmcc_rl${i}; r++) for (__slmcc_size k = 0; k < __slmcc_cl${i}; k++)
    if (!__SLMCC_EQ(${e}, __slmcc_r${i}[r][k], __slmcc_c${i}[r][k])) { __slmcc_printf("MISMATCH %s[%zu][%zu]: reference %.17g, candidate %.17g\\n", "${p.name}", r, k, (double)__slmcc_r${i}[r][k], (double)__slmcc_c${i}[r][k]); bad = 1; goto done; }
  __slmcc_scale = 0;
`;
  return `  __slmcc_scale = 0;
  if (alias_j != ${i}) for (__slmcc_size k = 0; k < __slmcc_l${i}; k++) __SLMCC_SCALE(__slmcc_r${i}[k]);
  if (alias_j != ${i}) for (__slmcc_size k = 0; k < __slmcc_l${i}; k++)
    if (!__SLMCC_EQ(${e}, __slmcc_r${i}[k], __slmcc_c${i}[k])) { __slmcc_printf("MISMATCH %s[%zu]: reference %.17g, candidate %.17g\\n", "${p.name}", k, (double)__slmcc_r${i}[k], (double)__slmcc_c${i}[k]); bad = 1; goto done; }
  __slmcc_scale = 0;
`;
}

function args(plan: HarnessPlan, side: 'r' | 'c'): string {
  return plan.params
    .map((p) => {
      const record = asRecord(p);
      return record ? recordArg(record, side) : p.kind.kind === 'scalar' ? `__slmcc_s${p.index}` : `(void *)__slmcc_${side}${p.index}`;
    })
    .join(', ');
}

// The fixed C every harness starts with, kept as a real .c file. From
// src/verify, dist/verify and dist/bundle alike it is two folders up, in src/.
const PRELUDE = fs.readFileSync(fileURLToPath(new URL('../../src/verify/harness-prelude.c', import.meta.url)), 'utf8').replace(/^\/\*[\s\S]*?\*\/\n/, '\n');

export interface HarnessOptions {
  /** Relative tolerance for double (and long double) outputs. */
  tolerance: number;
  /** Relative tolerance for float outputs. */
  floatTolerance: number;
  /** Compare the sign of zeros and NaNs (false under -fno-signed-zeros, -ffast-math). Default true. */
  signs?: boolean;
  /**
   * Compare the floating-point exception flags. Only where the program may
   * read them: with FENV_ACCESS off (C's default) clang itself moves, drops
   * and adds operations that raise them, so the original's own flags at -O3
   * are an accident of its optimisation, not a meaning. Default false.
   */
  exceptionFlags?: boolean;
}

/**
 * The harness source. Without a candidate the reference stands in for it, which
 * is what calibration and the timing of the original and of Polly run.
 *
 * Command line: `check N DISTINCT ALIAS_I ALIAS_J MULT SEED WHICH OFFSET SIGNED LOOSE THREADS [VALUES VARY_I VARY_V NULL_I GLOBAL_ALIAS MEMBER_ALIAS]` (WHICH: 0 reference only,
 * 1 reference then candidate, compared; DISTINCT 0, 1 or 2) or `time WHICH N MULT REPS`; the nonce
 * that the verdict lines (`OK`, `TIME`, `DIFFER` after a MISMATCH line) carry comes on stdin, one line.
 * Exit status: 0 fine, 3 outputs differ, 5 out of memory, 2 bad usage.
 */
export function generateHarness(tu: TranslationUnit, fn: FunctionInfo, candidate: CandidateSide | undefined, opts: HarnessOptions): string {
  const plan = planHarness(fn, tu);
  const ret = fn.returnType.replace(/\b(static|inline|extern|__inline__|__inline)\b/g, '').trim();
  const ref = stripLinkage(renameDefinition(fn.text, fn.name, REF));
  // The candidate has the original's type; its definition is in the linked object.
  const cand = candidate !== undefined ? `extern __typeof__(${fn.name}) ${CAND};\n` : `#define ${CAND} ${REF}\n`;
  const nptr = plan.params.length;
  const globals = plan.globals;
  // The candidate's copy of each global: its own object's (renamed), or, for a
  // global another file defines, the same storage as the reference's.
  // Whether the candidate's copy has the declared type's layout: a compile-time constant, 1 unless the object shrank it.
  const sameLayout = (g: string, k: number) => {
    const size = candidate?.defines.has(g) ? candidate.sizes?.get(g) : undefined;
    return `#define __slmcc_cg_ok_${k} ${size === undefined ? '1' : `(sizeof ${g} == ${size})`}\n`;
  };
  const candGlobal = (g: string, k: number) =>
    (candidate?.defines.has(g) ? `extern __typeof__(${g}) __slmcc_cg_${k} __asm__("${CAND_PREFIX}${g}");\n` : `#define __slmcc_cg_${k} ${g}\n`) + sameLayout(g, k);
  const gdecl = globals.map((g, k) => `static __typeof__(${g}) __slmcc_g0_${k}, __slmcc_g1_${k};\n${candGlobal(g, k)}`).join('');
  const gsave0 = globals.map((g, k) => `__builtin_memcpy(&__slmcc_g0_${k}, &${g}, sizeof ${g}); `).join('');
  const grestore = globals.map((g, k) => `__builtin_memcpy(&${g}, &__slmcc_g0_${k}, sizeof ${g}); `).join('');
  const grestoreC = globals.map((g, k) => `if (__slmcc_cg_ok_${k}) __builtin_memcpy(&__slmcc_cg_${k}, &__slmcc_g0_${k}, sizeof ${g}); `).join('');
  const gsave1 = globals.map((g, k) => `__builtin_memcpy(&__slmcc_g1_${k}, &${g}, sizeof ${g}); `).join('');
  // Elements by the declared dimensions: a pointer or struct element (or a
  // typedef'd row) is compared bytewise, floating-point ones within the tolerance.
  /** The first element of `name`, which has the dimensions of global `g`. */
  const elem = (g: string, name = g) => `${name}${'[0]'.repeat(plan.globalDims[g] ?? 0)}`;
  const gfill = globals
    .filter((g) => (plan.globalDims[g] ?? 0) > 0)
    .map((g) => `__slmcc_fill_elems(&${g}, sizeof ${g} / sizeof ${elem(g)}, sizeof ${elem(g)}, __SLMCC_KIND(${elem(g)}), n, ${plan.dataGlobals.includes(g) ? 1 : 0}, __SLMCC_SIGNED(${elem(g)})); `)
    .join('');
  const gcompare = globals
    .map((g, k) => {
      const e = elem(g, `__slmcc_g1_${k}`);
      return `  if (__slmcc_cg_ok_${k} && !__slmcc_eq_elems(&__slmcc_g1_${k}, &__slmcc_cg_${k}, sizeof __slmcc_g1_${k} / sizeof ${e}, sizeof ${e}, __SLMCC_KIND(${e}), "global ${g}")) { bad = 1; goto done; }\n`;
    })
    .join('');
  const rv = plan.returns
    ? { decl: `  ${ret} __slmcc_rv_r, __slmcc_rv_c, __slmcc_rv_r1, __slmcc_rv_c1;\n`, r: '__slmcc_rv_r = ', c: '__slmcc_rv_c = ', r1: '__slmcc_rv_r1 = ', c1: '__slmcc_rv_c1 = ', sink: SINK_RESULT }
    : { decl: '', r: '', c: '', r1: '', c1: '', sink: SINK_MEMORY };
  // A record of one arithmetic type (a complex number) is compared as its elements.
  const flatRet = plan.returns ? flatRecord(tu, returnedType(fn)) : undefined;
  const rvCompare = flatRet
    ? [
        ['__slmcc_rv_r1', '__slmcc_rv_c1', 'return value of the first call'],
        ['__slmcc_rv_r', '__slmcc_rv_c', 'return value'],
      ]
        .map(([r, c, what]) => `  if (!__slmcc_eq_elems(&${r}, &${c}, ${flatRet.count}, sizeof(${flatRet.scalar}), __SLMCC_KIND((${flatRet.scalar})0), "${what}")) { bad = 1; goto done; }\n`)
        .join('')
    : plan.returns
      ? `  if (!__SLMCC_EQ(${ret}, __slmcc_rv_r1, __slmcc_rv_c1)) { __slmcc_printf("MISMATCH return value of the first call: reference %.17g, candidate %.17g\\n", (double)__slmcc_rv_r1, (double)__slmcc_rv_c1); bad = 1; goto done; }
  if (!__SLMCC_EQ(${ret}, __slmcc_rv_r, __slmcc_rv_c)) { __slmcc_printf("MISMATCH return value: reference %.17g, candidate %.17g\\n", (double)__slmcc_rv_r, (double)__slmcc_rv_c); bad = 1; goto done; }\n`
      : '';
  const bufs = plan.params.filter((p) => p.kind.kind === 'buffer');
  const maxlen = bufs.length
    ? `  __slmcc_size maxlen = 0;\n${bufs.map((p) => `  if (__slmcc_len(n, ${p.degree}, mult) > maxlen) maxlen = __slmcc_len(n, ${p.degree}, mult);\n`).join('')}`
    : '  __slmcc_size maxlen = 0;\n';
  const ptrTable = `  void *__slmcc_rp[${nptr + 1}] = {${plan.params.map((p) => (p.kind.kind === 'scalar' ? '0' : `__slmcc_r${p.index}`)).join(', ')}${nptr ? ', ' : ''}0};
  void *__slmcc_cp[${nptr + 1}] = {${plan.params.map((p) => (p.kind.kind === 'scalar' ? '0' : `__slmcc_c${p.index}`)).join(', ')}${nptr ? ', ' : ''}0};
  (void)__slmcc_rp; (void)__slmcc_cp;
`;
  // Verifiable and printing: it prints only to stdout and stderr (ctypes), captured per side.
  const captures = ioCalls(fn.calls).length > 0;
  const capture = (side: 'r' | 'c') => (captures ? `__slmcc_capture(&__slmcc_out_${side}); ` : '');
  const release = (side: 'r' | 'c') => (captures ? `__slmcc_release(&__slmcc_out_${side}); ` : '');
  // FENV_ACCESS ON anywhere in the unit says the program reads the flags it raises.
  const flags = opts.exceptionFlags === true || /#\s*pragma\s+STDC\s+FENV_ACCESS\s+ON\b/.test(tu.text);
  return `#define main __slmcc_user_main
${tu.text}
#define __SLMCC_COMPARE_FLAGS ${flags ? 1 : 0}
${tracksAllocations(plan) ? TRACKING : ''}
#define __SLMCC_CAPTURE_OUTPUT ${captures ? 1 : 0}
${PRELUDE}
${ref}
${cand}
${gdecl}
static int __slmcc_setup_and_run(int timing, int which, long long n, int distinct, int alias_i, int alias_j, long long mult, long long seed, long long reps, long long alias_off, int signed_values, const char *nonce) {
  __slmcc_st ^= (unsigned long long)seed * 0x9E3779B97F4A7C15ULL; if (!__slmcc_st) __slmcc_st = 1;
  __slmcc_signed = signed_values;
  if (alias_i < 0 || alias_off < 0) alias_off = 0;
  int bad = 0; (void)bad;
${maxlen}  (void)maxlen;
${plan.params
  .filter((p) => p.kind.kind === 'scalar')
  .map((p) => paramDecl(p))
  .join('')}${plan.params
    .filter((p) => p.kind.kind !== 'scalar')
    .map((p) => paramDecl(p, plan.memberAliases))
    .join('')}${ptrTable}${plan.params.map(aliasFix).join('')}${plan.params.map(nullFix).join('')}${globalAliasFix(plan)}${rv.decl}  ${gfill}${gsave0}
  if (timing) {
    /* The candidate's sampling region also starts its team before the clock does. */
    long long __slmcc_tc0[__SLMCC_TEAM] = {0}, __slmcc_tw0[__SLMCC_TEAM] = {0}, __slmcc_tc1[__SLMCC_TEAM] = {0}, __slmcc_tw1[__SLMCC_TEAM] = {0};
    int __slmcc_team0 = __slmcc_sample_team(which, __slmcc_tc0, __slmcc_tw0);
    ${captures ? 'struct __slmcc_out __slmcc_out_r; ' : ''}${capture('r')}
    long long t0 = __slmcc_now();
    for (long long r = 0; r < reps; r++) {
      if (which) { ${grestoreC}${rv.c}${CAND}(${args(plan, 'c')}); } else { ${grestore}${rv.r}${REF}(${args(plan, 'r')}); }
      ${rv.sink}
    }
    long long t1 = __slmcc_now();
    ${release('r')}
    int __slmcc_team1 = __slmcc_sample_team(which, __slmcc_tc1, __slmcc_tw1);
    __slmcc_printf("TIME %s %lld\\nCPU %lld\\n", nonce, t1 - t0, __slmcc_cpu());
    if (__slmcc_team0 > 0 && __slmcc_team1 > 0)
      for (int k = 0; k < __slmcc_team0 && k < __slmcc_team1; k++) __slmcc_printf("SCHED %s %d %lld %lld\\n", nonce, k, __slmcc_tc1[k] - __slmcc_tc0[k], __slmcc_tw1[k] - __slmcc_tw0[k]);
    return 0;
  }
  // Each side is called twice on its own buffers: a function that keeps state
  // between calls (a static, a global it does not restore) shows on the second.
  long long t0 = __slmcc_now();
  struct __slmcc_env __slmcc_er1, __slmcc_er2, __slmcc_ec1, __slmcc_ec2;
  ${captures ? 'struct __slmcc_out __slmcc_out_r, __slmcc_out_c; ' : ''}${capture('r')}
  __slmcc_env_clear(); ${rv.r1}${REF}(${args(plan, 'r')}); __slmcc_er1 = __slmcc_env_now();
  __slmcc_env_clear(); ${rv.r}${REF}(${args(plan, 'r')}); __slmcc_er2 = __slmcc_env_now();
  ${release('r')}
${plan.params
  .map((p) => asRecord(p))
  .map((r) => (r ? recordUntracked(r) : ''))
  .join('')}  __slmcc_printf("REF_DONE %lld\\n", __slmcc_now() - t0); __slmcc_fflush(0);
  if (!which) return 0;
  ${gsave1}${grestoreC}
  ${capture('c')}
  __slmcc_env_clear(); ${rv.c1}${CAND}(${args(plan, 'c')}); __slmcc_ec1 = __slmcc_env_now();
  __slmcc_env_clear(); ${rv.c}${CAND}(${args(plan, 'c')}); __slmcc_ec2 = __slmcc_env_now();
  ${release('c')}${captures ? '\n  if (!__slmcc_same_output(&__slmcc_out_r, &__slmcc_out_c)) { bad = 1; goto done; }' : ''}
  if (!__slmcc_env_eq(__slmcc_er1, __slmcc_ec1, "first ") || !__slmcc_env_eq(__slmcc_er2, __slmcc_ec2, "")) { bad = 1; goto done; }
${rvCompare}${gcompare}${plan.params.map(compareParam).join('')}done:
  return bad ? 3 : 0;
}

int main(int argc, char **argv) {
  __slmcc_tol_d = ${opts.tolerance};
  __slmcc_tol_f = ${opts.floatTolerance};
  __slmcc_signs = ${opts.signs === false ? 0 : 1};
  if (argc < 2) return 2;
  /* The verdict lines carry a nonce the parent wrote on stdin: read, and stdin
     closed, before any code under test runs. It is in no argv (this process'
     or the sandbox's init, both in /proc) and in no environment variable. */
  static char nonce[65];
  long got = 0, r;
  while (got < 64 && (r = __slmcc_read(0, nonce + got, (__slmcc_size)(64 - got))) > 0) {
    got += r;
    if (nonce[got - 1] == '\\n') break;
  }
  while (got > 0 && (nonce[got - 1] == '\\n' || nonce[got - 1] == ' ')) got--;
  nonce[got < 0 ? 0 : got] = 0;
  __slmcc_close(0);
  if (got < 16) return 2;
  long long a[17] = {0};
  for (int i = 2; i < argc && i < 19; i++) a[i - 2] = __slmcc_strtoll(argv[i], 0, 10);
#ifdef _OPENMP
  /* THREADS: the count the checks run at, set here rather than by an OMP_*
     variable, so that the code under test sees the environment a program
     has (omp_get_thread_limit() its default). Block time 0 does what
     OMP_WAIT_POLICY=passive did: up to 7 threads share 2 cores with other
     runs. Timing keeps libomp's defaults, as the program runs. */
  if (argv[1][0] != 't' && a[10] > 0) __slmcc_omp_set_num_threads((int)a[10]);
  if (argv[1][0] != 't' && __slmcc_kmp_set_blocktime) __slmcc_kmp_set_blocktime(0);
#endif
  /* The hostile sets: VALUES VARY_I VARY_V NULL_I GLOBAL_ALIAS MEMBER_ALIAS after THREADS (-1: none). */
  if (argv[1][0] != 't' && argc >= 18) { __slmcc_values = (int)a[11]; __slmcc_vary_i = a[12]; __slmcc_vary_v = a[13]; __slmcc_null_i = a[14]; __slmcc_galias = a[15]; }
  if (argv[1][0] != 't' && argc >= 19) __slmcc_malias = a[16];
  int rc;
  /* LOOSE: the compared run at the probe's size sums far more terms than the checks; its tolerance grows by this factor. */
  if (argv[1][0] != 't' && a[9] > 1) { __slmcc_tol_d *= (double)a[9]; __slmcc_tol_f *= (double)a[9]; __slmcc_big = 1; }
  if (argv[1][0] == 't') rc = __slmcc_setup_and_run(1, (int)a[0], a[1], 0, -1, -1, a[2], 1, a[3], 0, 0, nonce);
  else rc = __slmcc_setup_and_run(0, (int)a[6], a[0], (int)a[1], (int)a[2], (int)a[3], a[4], a[5], 1, a[7], (int)a[8], nonce);
  if (rc == 0 && argv[1][0] != 't') __slmcc_printf("OK %s\\n", nonce);
  /* Vouches for the MISMATCH line right above: a candidate can print one too. */
  if (rc == 3) __slmcc_printf("DIFFER %s\\n", nonce);
  __slmcc_fflush(0);
  return rc;
}
`;
}
