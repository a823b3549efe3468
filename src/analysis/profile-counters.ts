// Where clang's front-end instrumentation (-fprofile-instr-generate) puts
// its counters in a function, in its counter order, so that tune can weigh
// one loop nest of a function by the counters inside it instead of the
// whole function. Clang numbers its counters in a pre-order walk of the
// body: one per loop (for, while, do), if, ?:, switch, case or default
// label and goto label, two per && or ||. llvm-profdata prints them after
// the function's entry count ("Block counts"). Anything this walk does not
// model shows up as a different number of counters, and the caller then
// falls back to the whole function's weight.
import { parseC, walk } from './parse.js';
import type { FunctionInfo } from './types.js';

const ONE = new Set(['for_statement', 'while_statement', 'do_statement', 'if_statement', 'conditional_expression', 'switch_statement', 'case_statement', 'labeled_statement']);

/** Offsets in the unit's text of the statement or expression behind each of the function's block counters, in clang's order; null when the text does not parse. */
export function profileCounterSpans(fn: FunctionInfo): { start: number; end: number }[] | null {
  try {
    const tree = parseC(fn.text);
    const def = tree.rootNode.namedChildren.find((n) => n.type === 'function_definition');
    const body = def?.childForFieldName('body');
    if (!body || body.hasError) return null;
    const out: { start: number; end: number }[] = [];
    for (const n of walk(body)) {
      const span = { start: fn.start + n.startIndex, end: fn.start + n.endIndex };
      if (ONE.has(n.type)) out.push(span);
      else if (n.type === 'binary_expression' && ['&&', '||'].includes(n.child(1)?.type ?? '')) out.push(span, span);
    }
    return out;
  } catch {
    return null;
  }
}
