// Which of the harness' unresolved symbols matter: those referenced by code
// the harness runs (the function under test, its copy, the candidate, and the
// same-file functions they call). A symbol only `main` or `print_array` needs
// is stubbed and never reached.
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import type { Unresolved } from './build.js';
import { CAND, REF } from './harness.js';
import { withSameFileCallees } from '../analysis/index.js';

/** The function and every same-file function it can call, by name, with the names they call that the unit does not define. */
export function reachableFunctions(tu: TranslationUnit, fn: FunctionInfo): Set<string> {
  const fns = withSameFileCallees(tu, fn);
  return new Set([REF, CAND, ...fns.map((f) => f.name), ...fns.flatMap((f) => f.calls)]);
}

/** `helper.constprop.0`, `helper.llvm.123`: the compiler's clones keep the name before the first dot. */
const baseName = (s: string) => s.split('.')[0];

/** The unresolved symbols that code the harness runs refers to. */
export function neededFromElsewhere(unresolved: Unresolved[], reachable: Set<string>): Unresolved[] {
  // A reference from data (an initialiser) names no function: only a call by name can make it run.
  return unresolved.filter((u) => (u.from !== undefined && reachable.has(baseName(u.from))) || reachable.has(u.symbol));
}
