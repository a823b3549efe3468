// Polly for the functions it helped, in their own translation unit.
//
// The unit is compiled with Polly restricted to named functions
// (`-polly-only-func`). Staying in the unit matters: a function its callers
// pass constants (PolyBench's sizes, from macros) is compiled for those
// constants, which is where much of Polly's gain on a real program comes
// from (mvt), and it may use the file's globals and static helpers.
//
// A function with one caller in the unit melts into it, as -O3 makes it, and the
// caller gets Polly too (and its one caller, up the chain of static ones): inlined, the
// kernel also sees what the rest of the caller fixed, such as the scalars an
// inlined init function stored (gemver: 0.125 s kept out of line against
// 0.112 s inlined with its init, whole-program Polly 0.113 s). Any other
// Polly function is kept out of line (`noinline`), or it would melt into
// callers Polly skips. A function judged to keep its own code (Polly did not
// help it) is kept out of line where a caller now gets Polly, so Polly never
// reaches it; a chain through such a function or a rewritten one stops there
// (the Polly function stays out of line). A rewritten function inlined into a
// caller that gets Polly keeps its parallel loops out of Polly's reach: clang
// outlines them under the rewritten function's own name.
//
// A rewritten function the compiler inlined into every caller of the
// original unit melts into them again (`always_inline`) when one of them
// gets Polly: its runtime overlap guard and sequential fallback make it too
// large for the inliner's cost model, and out of line what it stores through
// its pointer parameters is unknown to the caller (gemver's init_array
// stores alpha and beta: 0.133 s out of line against 0.119 s melted,
// whole-program Polly 0.123 s, fifteen interleaved runs).
//
// The harness times Polly on a `noinline` copy compiled with
// `-polly-only-func` (verify/build.ts); inlining only adds what the caller knows.
//
// A nest outlined from a larger function (analysis/outline.ts) never melts
// back: its caller holds what could not be judged with it (I/O, calls to
// other files, allocation), and Polly given the whole caller may find no
// region to transform. lu's and cholesky's `B = A Aᵀ` nest, outlined from
// init_array and melted into main, ran at -O3's speed (lu 7.84 s of wall)
// where out of line, as the harness measured it, Polly made it 2.15 s.

//
// Polly's parallel loops call libomp, whose initialisation leaves errno =
// ENOENT in the caller; LLVM emits those calls, so no source can save errno
// around them: the unit initialises libomp before `main` instead, errno put
// back (errno-fenv.ts' EARLY_OMP_INIT), at the end of the text so no line
// of the user's moves. Polly's workers get libomp's FP inheritance on x86
// (the rounding mode) but their exception flags stay theirs: no source to
// bracket there either.
import { callersOf, isOutlinedName, type FunctionInfo, type TranslationUnit } from '../analysis/index.js';
import { EARLY_OMP_INIT, EARLY_OMP_INIT_NAME } from './errno-fenv.js';

const NOINLINE = '__attribute__((noinline)) ';
const ALWAYS_INLINE = '__attribute__((always_inline)) ';

export interface PollyUnit {
  /** The unit, some functions marked noinline (on their own first line: markers stay right). */
  main: string;
  /** The functions Polly may transform: the ones it helped and the callers they melt into. */
  polly: string[];
}

export interface OtherVerdicts {
  /** Functions judged (or waiting) to keep their own code: Polly must not reach them. */
  keepOwnCode?: readonly string[];
  /** Functions replaced by a checked rewrite: what was checked is what ships, so Polly must not transform them either. */
  rewritten?: readonly string[];
  /** Rewritten functions whose original the compiler inlined into every caller (driver/inlined-calls.ts). */
  meltedBefore?: readonly string[];
}

export function pollyInUnit(tu: TranslationUnit, fns: readonly FunctionInfo[], { keepOwnCode = [], rewritten = [], meltedBefore = [] }: OtherVerdicts = {}): PollyUnit {
  const polly = new Set(fns.map((f) => f.name));
  const outOfLine = new Set<FunctionInfo>();
  const addedCallers = new Set<string>();
  for (const f of fns) {
    const chain = callerChain(tu, f, [...keepOwnCode, ...rewritten]);
    if (chain.length === 0) outOfLine.add(f);
    for (const name of chain) {
      if (!polly.has(name)) addedCallers.add(name);
      polly.add(name);
    }
  }
  for (const g of tu.functions) if (keepOwnCode.includes(g.name) && !polly.has(g.name) && callersOf(tu, g.name).some((c) => addedCallers.has(c.name))) outOfLine.add(g);
  const marks = new Map<FunctionInfo, string>([...outOfLine].map((f) => [f, NOINLINE]));
  for (const g of tu.functions) if (g.isStatic && rewritten.includes(g.name) && meltedBefore.includes(g.name) && callersOf(tu, g.name).some((c) => polly.has(c.name))) marks.set(g, ALWAYS_INLINE);
  let main = tu.text;
  for (const [f, mark] of [...marks].sort(([a], [b]) => b.start - a.start)) main = main.slice(0, f.start) + mark + main.slice(f.start);
  // Once: a rewritten function's prelude in the same unit holds it already.
  if (polly.size && !main.includes(EARLY_OMP_INIT_NAME)) main += `${main.endsWith('\n') ? '' : '\n'}${EARLY_OMP_INIT}`;
  return { main, polly: [...polly] };
}

/**
 * The functions `f` melts into: its one caller in the unit, then that
 * caller's, while each is static with one caller too.
 * Empty when `f` stays out of line, which it does when one of them must not
 * get Polly: judged to keep its own code, or a checked rewrite (Polly on it
 * would reach its parallel loops too, which clang outlines as `g.omp_outlined`).
 */
function callerChain(tu: TranslationUnit, f: FunctionInfo, noPolly: readonly string[]): string[] {
  if (isOutlinedName(f.name)) return [];
  const chain: string[] = [];
  let current = f;
  // The chosen function itself may be extern (doitgen's kernel_doitgen):
  // -O3 inlines it into its one caller here all the same, and its
  // out-of-line copy, for other files, keeps Polly.
  while (current === f || current.isStatic) {
    const callers = callersOf(tu, current.name);
    if (callers.length !== 1 || callers[0] === f || chain.includes(callers[0].name)) break;
    if (noPolly.includes(callers[0].name)) return [];
    chain.push(callers[0].name);
    current = callers[0];
  }
  return chain;
}
