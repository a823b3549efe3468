// What the analysis part tells the rest of slmcc about a translation unit.
// Positions are into the preprocessed text the analysis was given; `sourceLine`
// fields are lines of the user's own file (through the line markers).

/**
 * An affine expression: sum of coeff*var plus a constant. A term's key may be a
 * product of names sorted and joined by '*' (`'i*n'` in a flattened `a[i*n+j]`).
 */
export interface Affine {
  terms: Record<string, number>;
  constant: number;
}

export type Bound = { kind: 'constant'; value: number; text: string } | { kind: 'parameter'; text: string; names: string[] } | { kind: 'unknown'; text: string };

export interface ArrayAccess {
  /** The base: an array or pointer name, e.g. `a` in `a[i][j]`. */
  array: string;
  /** One per subscript; null where the subscript is not affine in loop variables and parameters. */
  subscripts: (Affine | null)[];
  subscriptTexts: string[];
  text: string;
  isWrite: boolean;
  isRead: boolean;
  line: number;
  /** Offset of the access inside the function text (like Loop.start). */
  offset?: number;
  /** Made through a pointer set to an element found by reading memory: where the overlap check finds its range. */
  segment?: Segment;
  /**
   * Per subscript that is not affine but takes one of a few affine values
   * (hotspot3D's `w = (x == 0) ? c : c - 1`): those values, which bound the
   * access for the overlap check.
   */
  choices?: (Affine[] | undefined)[];
}

/**
 * An access `p[s]` through a pointer set once per iteration to an element of
 * its base found by reading memory (`fA = &force[first[b]];`), as the
 * overlap check replays it: the loops from the guarded one down to the one
 * whose body sets `p`, the integer scalars those bodies set first, the
 * offset, and the least and greatest `s` in one iteration, all as C text in
 * the function's own names.
 */
export interface Segment {
  pointer: string;
  base: string;
  levels: SegmentLevel[];
  offset: string;
  lo: string;
  hi: string;
  /** Index arrays the replay reads. */
  arrays: string[];
  /** Written through: the check must also find each iteration's segment apart from every other's. */
  partition: boolean;
}

export interface SegmentLevel {
  counter: string;
  counterType: string;
  init: string;
  /** `< n`: the comparison of the counter with its limit. */
  test: string;
  step: number;
  defs: { name: string; type: string; value: string }[];
}

export type EarlyExit = 'break' | 'return' | 'goto' | 'continue';

/** What a piece of code (a function, a loop's body with its nested loops) reads, writes, declares and calls: analysis/facts.ts collects it. */
export interface CodeFacts {
  accesses: ArrayAccess[];
  scalarsRead: string[];
  scalarsWritten: string[];
  /** Names declared inside (scalars and arrays): in a loop, private to each iteration by construction. */
  locals: string[];
  calls: string[];
  earlyExits: EarlyExit[];
}

export interface Loop extends CodeFacts {
  /** Stable id: "L1", "L2" for top-level loops in source order, "L1.1" for the first loop nested in L1. */
  id: string;
  kind: 'for' | 'while' | 'do';
  depth: number;
  sourceLine: number;
  sourceEndLine: number;
  /** Byte offsets of the whole loop statement inside the function text. */
  start: number;
  end: number;
  inductionVar?: string;
  lower?: Bound;
  upper?: Bound;
  /** Step of the induction variable, when it is a constant. */
  step?: number;
  children: Loop[];
  /** True when the body is exactly one loop (and nothing else), recursively usable for collapse. */
  perfectChild: boolean;
  /** Estimated trip count used by the hotness score. */
  tripEstimate: number;
  /** Inclusive range of the induction variable whenever the loop runs (for loops in canonical form; null ends are not affine). */
  range?: { min: Affine | null; max: Affine | null };
  /** Ends of `range` that are not affine but read one array element (a CSR row's `rowstr[j]`, `rowstr[j + 1] - 1`). */
  loadedRange?: { min?: LoadedBound; max?: LoadedBound };
}

/** An inclusive loop bound read from memory: `array[index] + plus`. */
export interface LoadedBound {
  array: string;
  index: Affine;
  plus: number;
}

export interface Param {
  name: string;
  /** The declared type as written, e.g. `const double *restrict`. */
  type: string;
  isPointer: boolean;
  pointerDepth: number;
  isRestrict: boolean;
  isConstPointee: boolean;
  /** Element type for pointers and arrays (`double` for `double *a`). */
  baseType: string;
  /** Dimensions for array parameters `double a[N][M]` (first may be undefined). */
  arrayDims?: (number | undefined)[];
  writtenThrough: boolean;
}

export interface FunctionInfo {
  name: string;
  /** The declarator text up to the body, e.g. `void mm(int n, double *a)`. */
  signature: string;
  returnType: string;
  isStatic: boolean;
  isVariadic: boolean;
  params: Param[];
  /** Byte range of the whole definition in the preprocessed text. */
  start: number;
  end: number;
  text: string;
  sourceLine: number;
  sourceEndLine: number;
  loops: Loop[];
  globalsRead: string[];
  globalsWritten: string[];
  calls: string[];
  hotness: number;
  /** The body holds inline assembly. */
  hasAsm?: boolean;
  /** Declared type (name removed) of each global the function reads or writes, e.g. `{ A: 'double [N][N]' }`. */
  globalTypes?: Record<string, string>;
  /** Each such global's array dimensions where they are integer constants (`[1200 + 0]` is 1200), outermost first; [] for a scalar. */
  globalDims?: Record<string, (number | undefined)[]>;
}

export interface TranslationUnit {
  /**
   * False when the unit is compiled with -fno-strict-aliasing: the program
   * may then read one object through pointers to different basic types, so
   * the dependence test may not keep them apart by type.
   */
  strictAliasing?: boolean;
  /** The user's source file, as named in the line markers. */
  file: string;
  text: string;
  functions: FunctionInfo[];
}
