// The builtin provider: a dependence test on each loop nest, proposing
// `omp parallel for` (with private/lastprivate/reduction, collapse, schedule,
// simd) and i-j-k to i-k-j interchange where the test proves them legal.
import { affine, forHeader, loopsInside, type FunctionInfo, type Loop, type TranslationUnit } from '../../analysis/index.js';
import type { Proposal } from '../../core/candidate.js';
import type { LoopPlan, Plan } from '../../core/plan.js';
import { fnContext, safeTest, stridedCount, unitStride, type FnContext, type LoopVerdict } from '../../analysis/dependence/index.js';

export { loopFindings, type LoopFinding } from '../../analysis/dependence/index.js';

const ORIGIN = { provider: 'builtin' as const };

/** What the builtin may do beyond what the dependence test allows. */
export interface BuiltinOptions {
  /** The user lets floating-point arithmetic be reassociated (-ffast-math, -fassociative-math, SLMCC_REASSOCIATE). */
  reassociate: boolean;
}

type Test = (l: Loop) => LoopVerdict;

/**
 * A + or * reduction over a floating type adds in another order, which
 * changes the rounding (with cancellation, without bound): only with the
 * user's permission, as clang. min and max are not exact either: each
 * thread's copy starts at the largest finite value (data of only -inf ends
 * at -DBL_MAX), a NaN start value is dropped, and either zero may win.
 */
function permitted(v: LoopVerdict, reassociate: boolean): LoopVerdict {
  if (!v.parallel || reassociate) return v;
  const inexact = v.reductions.flatMap((r) => r.vars.filter((x) => v.floating.includes(x)).map((x) => ({ op: r.op, x })));
  if (!inexact.length) return v;
  const what = (op: string) =>
    op === '*' ? 'product: a reduction reassociates it' : op === '+' ? 'sum: a reduction reassociates it' : `${op}: an OpenMP ${op} reduction is not exact on infinities, NaN and signed zeros`;
  const reasons = inexact.map(({ op, x }) => `${x} is a floating-point ${what(op)}, which the user's flags do not allow (-ffast-math or SLMCC_REASSOCIATE=1 would)`);
  return { ...v, parallel: false, reasons };
}

function loopPlan(l: Loop, v: LoopVerdict, why: string): LoopPlan {
  const p: LoopPlan = { loop: l.id, parallel: true };
  if (v.private.length) p.private = v.private;
  if (v.lastprivate.length) p.lastprivate = v.lastprivate;
  if (v.reductions.length) p.reduction = v.reductions;
  if (v.schedule) p.schedule = v.schedule;
  if (v.aliasGuard) p.aliasGuard = v.aliasGuard;
  p.reason = [why, ...v.notes].join('; ');
  return p;
}

function soleChild(l: Loop): Loop | undefined {
  return l.perfectChild && l.children.length === 1 ? l.children[0] : undefined;
}

/** Inner loop bounds that do not depend on the outer variable (needed for collapse and interchange). */
function rectangular(outer: Loop, inner: Loop): boolean {
  const r = inner.range;
  const o = outer.range;
  if (!r?.min || !r.max || !o?.min || !o.max || !outer.inductionVar || !inner.inductionVar) return false;
  return ![r.min, r.max].some((x) => affine.names(x!).includes(outer.inductionVar!)) && ![o.min, o.max].some((x) => affine.names(x!).includes(inner.inductionVar!));
}

/** simd plans for the innermost loops under a parallel loop that are themselves dependence-free and unit stride. */
function simdPlans(test: Test, under: Loop, innermost: Loop[], guard: readonly string[] = []): LoopPlan[] {
  const out: LoopPlan[] = [];
  for (const l of innermost) {
    if (l === under || l.children.length || !unitStride(l) || l.calls.length) continue;
    const v = test(l);
    // A loop that needs an overlap check gets simd only inside a parallel loop guarded on the same
    // pointers (row pointers an outer guard covers are other names, which the claim check cannot tie to it).
    // A scratch array private to each lane is left to the parallel loop around it.
    if (!v.parallel || v.schedule || (v.aliasGuard && !v.aliasGuard.every((n) => guard.includes(n))) || v.privateArrays) continue;
    const p: LoopPlan = { loop: l.id, parallel: false, simd: true, reason: 'unit-stride inner loop without dependences' };
    if (v.private.length) p.private = v.private;
    if (v.lastprivate.length) p.lastprivate = v.lastprivate;
    if (v.reductions.length) p.reduction = v.reductions;
    out.push(p);
  }
  return out;
}

interface Choice {
  loop: Loop;
  verdict: LoopVerdict;
}

/** The outermost parallel loop of each nest (descending into nests whose outer loop is sequential). */
function choose(test: Test, loops: Loop[], refusals: string[]): Choice[] {
  const out: Choice[] = [];
  for (const l of loops) {
    const v = test(l);
    if (v.parallel) out.push({ loop: l, verdict: v });
    else {
      refusals.push(`${l.id} (line ${l.sourceLine}): ${v.reasons.join('; ')}`);
      out.push(...choose(test, l.children, refusals));
    }
  }
  return out;
}

/** Plans, best first, or one refusal explaining why no loop can run in parallel. */
export function proposeBuiltin(tu: TranslationUnit, fn: FunctionInfo, opts: BuiltinOptions = { reassociate: false }): Proposal[] {
  try {
    return propose(tu, fn, opts);
  } catch (e) {
    return [{ form: 'none', origin: ORIGIN, reason: `builtin analysis failed: ${(e as Error).message}` }];
  }
}

function propose(tu: TranslationUnit, fn: FunctionInfo, opts: BuiltinOptions): Proposal[] {
  if (!fn.loops.length) return [{ form: 'none', origin: ORIGIN, reason: 'no loops' }];
  if (/#\s*pragma\s+omp\b/.test(fn.text)) return [{ form: 'none', origin: ORIGIN, reason: 'already has OpenMP pragmas' }];
  const ctx = fnContext(tu, fn);
  if (!ctx) return [{ form: 'none', origin: ORIGIN, reason: 'function could not be parsed' }];
  const test: Test = (l) => permitted(safeTest(ctx, l), opts.reassociate);
  const refusals: string[] = [];
  const chosen = choose(test, fn.loops, refusals);
  if (!chosen.length) return [{ form: 'none', origin: ORIGIN, reason: refusals.join(' | ') || 'no parallel loop' }];

  const basic: LoopPlan[] = [];
  const collapsed: LoopPlan[] = [];
  const interchanged: LoopPlan[] = [];
  let anyCollapse = false;
  let anyInterchange = false;
  let smallOuter = false;
  for (const { loop, verdict } of chosen) {
    const innermost = [loop, ...loopsInside(loop)].filter((l) => !l.children.length);
    const base = loopPlan(loop, verdict, `no iteration of ${loop.inductionVar} reads or writes what another writes`);
    const simd = loop.children.length === 0 && unitStride(loop) && !loop.calls.length && !verdict.schedule && !verdict.privateArrays;
    const plain: LoopPlan = simd ? { ...base, simd: true } : base;
    basic.push(plain, ...simdPlans(test, loop, innermost, verdict.aliasGuard));

    // collapse(2) on a perfect rectangular pair whose inner loop is parallel too.
    const c = soleChild(loop);
    const cv = c ? test(c) : undefined;
    if (c && cv?.parallel && rectangular(loop, c) && !verdict.schedule && !cv.schedule && !cv.reductions.length && !verdict.reductions.length) {
      anyCollapse = true;
      if (loop.lower?.kind === 'constant' && loop.upper?.kind === 'constant' && loop.tripEstimate < 16) smallOuter = true;
      const lp = [...new Set([...verdict.lastprivate, ...cv.lastprivate])].filter((x) => x !== c.inductionVar || true);
      const p: LoopPlan = { ...loopPlan(loop, { ...verdict, lastprivate: lp }, `iterations of ${loop.inductionVar} and ${c.inductionVar} are all independent`), collapse: 2 };
      collapsed.push(p, ...simdPlans(test, c, innermost, verdict.aliasGuard));
    } else collapsed.push(plain, ...simdPlans(test, loop, innermost, verdict.aliasGuard));

    // i-j-k to i-k-j: swap a perfect, rectangular innermost pair when one of
    // the two loops carries no dependence and the swap removes strided accesses.
    const j = soleChild(loop);
    const k = j ? soleChild(j) : undefined;
    let swapped = false;
    // Not across calls: the swap reorders what callees do, which the per-loop test does not judge.
    if (j && k && !k.children.length && !k.calls.length && rectangular(j, k) && j.inductionVar && k.inductionVar) {
      const jv = test(j);
      const kv = test(k);
      const noScalars = !jv.private.length && !jv.lastprivate.length && !jv.reductions.length && !kv.reductions.length && !kv.private.length && !kv.lastprivate.length;
      const nodeOk = ctx.node(j) && ctx.node(k) && forHeader(ctx.node(j)!) && forHeader(ctx.node(k)!);
      if ((jv.parallel || kv.parallel) && noScalars && nodeOk && stridedCount(k, j.inductionVar) < stridedCount(k, k.inductionVar)) {
        swapped = true;
        anyInterchange = true;
        const simdJ = kv.parallel || jv.parallel ? unitStrideAfterSwap(k, j.inductionVar) && jv.parallel : false;
        interchanged.push(base, {
          loop: j.id,
          parallel: false,
          interchangeWith: k.id,
          ...(simdJ ? { simd: true } : {}),
          reason: `interchange makes the innermost loop (${j.inductionVar}) unit stride`,
        });
      }
    }
    if (!swapped) interchanged.push(plain, ...simdPlans(test, loop, innermost, verdict.aliasGuard));
  }
  const mk = (loops: LoopPlan[], rationale: string): Proposal => ({ form: 'plan', origin: ORIGIN, plan: { function: fn.name, loops } satisfies Plan, rationale });
  const out: Proposal[] = [];
  if (anyInterchange) out.push(mk(interchanged, 'parallel outer loop with loop interchange for unit-stride inner accesses'));
  if (anyCollapse && smallOuter) out.push(mk(collapsed, 'collapse(2): the outer loop alone has too few iterations'));
  out.push(mk(basic, 'parallel outermost independent loop'));
  if (anyCollapse && !smallOuter) out.push(mk(collapsed, 'collapse(2) over the perfect nest'));
  return out;
}

function unitStrideAfterSwap(k: Loop, j: string): boolean {
  return stridedCount(k, j) === 0;
}
