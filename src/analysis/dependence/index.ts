// The dependence test, as the rest of slmcc reaches it: the builtin provider
// proposes from it, and verify judges every directive a candidate claims
// against it. It reads the analysis' parse; it runs nothing.
import { allLoops, declaredExtents, globalsOf, guardCondition, parseC, type FunctionInfo, type Loop, type TranslationUnit } from '../index.js';
import { fnContext, type FnContext } from './context.js';
import { namesMayAlias, testLoop, type LoopVerdict } from './looptest.js';
import { BudgetExceeded } from '../budget.js';
import { unchangedAcross } from './unchanged.js';
import { smallWorkTest } from './work.js';

export { fnContext, type FnContext } from './context.js';
export { numericKind, type NumericKind } from './numeric.js';
export { PURE_LIBRARY } from './pure.js';
export { externalEffects, knowEffectsElsewhere, type Effects } from './effects.js';
export { liveAfter, writtenBeforeRead } from './scalars.js';
export { MIN_PARALLEL_WORK } from './work.js';
export { stridedCount, testLoop, unitStride, type LoopVerdict, type Proof, type SymbolicDistance } from './looptest.js';

export interface LoopFinding {
  loop: string;
  line: number;
  parallel: boolean;
  reasons: string[];
  clauses?: string;
}

function clauses(v: LoopVerdict): string {
  const out: string[] = [];
  if (v.private.length) out.push(`private(${v.private.join(', ')})`);
  if (v.lastprivate.length) out.push(`lastprivate(${v.lastprivate.join(', ')})`);
  for (const r of v.reductions) out.push(`reduction(${r.op}:${r.vars.join(', ')})`);
  if (v.schedule) out.push(`schedule(${v.schedule})`);
  if (v.aliasGuard) out.push(`if disjoint(${v.aliasGuard.join(', ')})`);
  return out.join(' ');
}

/** Per-loop dependence facts in words, for prompts and `explain`. */
export function loopFindings(tu: TranslationUnit, fn: FunctionInfo): LoopFinding[] {
  const ctx = fnContext(tu, fn);
  if (!ctx) return [];
  return allLoops(fn.loops).map((l) => {
    const v = safeTest(ctx, l);
    const f: LoopFinding = { loop: l.id, line: l.sourceLine, parallel: v.parallel, reasons: v.parallel ? v.notes : v.reasons };
    if (v.parallel) f.clauses = clauses(v);
    return f;
  });
}

/** The loop as a runtime overlap check of it reads it (row pointers seen through), or the loop itself. */
export function guardLoopOf(tu: TranslationUnit, fn: FunctionInfo, l: Loop): Loop {
  const ctx = fnContext(tu, fn);
  return (ctx && safeTest(ctx, l).guardLoop) || l;
}

/**
 * The runtime overlap check rewrite writes around loop `l` for `names`, with
 * the scans it runs first. One function computes it for rewrite and for the
 * claim check, which accepts a guard's scans only as exactly this text.
 */
export function overlapCheck(tu: TranslationUnit, fn: FunctionInfo, l: Loop, names: string[]): ReturnType<typeof guardCondition> {
  const root = parseC(fn.text).rootNode;
  const ctx = fnContext(tu, fn);
  // Kept inside a block of the outer loop's body, never in its header or as its whole body.
  const outer = allLoops(fn.loops).find((x) => x.children.includes(l) && !x.perfectChild);
  // A goto into the loop around would pass over the kept state's initialisation.
  const hoist = ctx && outer && !/\bgoto\b/.test(fn.text) ? { outer, unchanged: (array: string) => unchangedAcross(ctx, outer, array) } : undefined;
  const guardLoop = (ctx && safeTest(ctx, l).guardLoop) || l;
  return guardCondition(guardLoop, names, declaredExtents(root, globalsOf(tu)), { tree: root, elementType: (n) => ctx?.sym(n)?.baseType, hoist, mayAlias: ctx ? namesMayAlias(ctx, l) : undefined });
}

export function safeTest(ctx: FnContext, l: Loop): LoopVerdict {
  try {
    return testLoop(ctx, l);
  } catch (e) {
    const why = e instanceof BudgetExceeded ? `not analysed: ${e.why}` : `analysis failed: ${(e as Error).message}`;
    return { parallel: false, reasons: [why], proven: [], symbolic: [], notes: [], private: [], lastprivate: [], reductions: [], floating: [] };
  }
}

/** The test of enough work rewrite puts in front of parallel loop `l` (the original runs below it), or undefined. */
export function workTest(tu: TranslationUnit, fn: FunctionInfo, l: Loop): string | undefined {
  const ctx = fnContext(tu, fn);
  return ctx ? smallWorkTest(ctx, l) : undefined;
}
