// Polly for the functions it helped, in their own translation unit.
//
// The unit is compiled with Polly restricted to those functions
// (`-polly-only-func`), so no other function of the file is touched, and
// each of them is kept out of line (`noinline`), or it would melt into its
// callers, which Polly then skips. Staying in the unit matters: a function
// its callers pass constants (PolyBench's sizes, from macros) is compiled for
// those constants, which is where much of Polly's gain on a real program
// comes from (mvt), and it may use the file's globals and static helpers.
// The harness times Polly the same way: its reference copy is a `noinline`
// function compiled with `-polly-only-func` (verify/build.ts).
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';

const NOINLINE = '__attribute__((noinline)) ';

export interface PollyUnit {
  /** The unit, each Polly function marked noinline (on its own first line: markers stay right). */
  main: string;
  /** The functions Polly may transform. */
  polly: string[];
}

export function pollyInUnit(tu: TranslationUnit, fns: readonly FunctionInfo[]): PollyUnit {
  let main = tu.text;
  for (const f of [...fns].sort((a, b) => b.start - a.start)) main = main.slice(0, f.start) + NOINLINE + main.slice(f.start);
  return { main, polly: fns.map((f) => f.name) };
}
