// From a provider to candidates for verify, the same for a compile
// (decide.ts) and for tune (tune-face.ts): ask the provider, then turn each
// proposal into a candidate, applying plans with rewrite.
import { allLoops, currentBudget, declarationsFor } from '../analysis/index.js';
import { fnContext, safeTest } from '../analysis/dependence/index.js';
import type { Plan } from '../core/plan.js';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { reassociationAllowed, type Config } from '../config/index.js';
import type { Candidate, Origin, Proposal } from '../core/candidate.js';
import { createOllamaSession, createOpenAISession, loopFindings, proposeBuiltin, type ChatSession } from '../propose/index.js';
import { applyPlan } from '../rewrite/index.js';
import { asksModel, type ProviderChoice } from './provider.js';

/**
 * A provider's first proposals, and the model's session when one was asked
 * (it takes feedback and counts requests). The code flags say whether the
 * user lets floating-point sums be reassociated, which the builtin follows.
 */
export async function askProvider(
  tu: TranslationUnit,
  fn: FunctionInfo,
  config: Config,
  provider: Exclude<ProviderChoice, { kind: 'unavailable' }>,
  codeFlags: readonly string[],
): Promise<{ proposals: Proposal[]; session?: ChatSession }> {
  if (provider.kind === 'builtin') return { proposals: proposeBuiltin(tu, fn, { reassociate: reassociationAllowed(codeFlags, config) }) };
  if (!asksModel(provider)) return { proposals: [] };
  const facts = loopFindings(tu, fn).flatMap((f) => f.reasons.map((r) => `loop ${f.loop} (line ${f.line}): ${r}`));
  // Past the analysis budget the function keeps its code: no model is asked about it.
  if (currentBudget()?.exceeded) return { proposals: [] };
  const input = { tu, fn, config, facts, declarations: declarationsFor(tu, fn) };
  const session = provider.kind === 'openai' ? createOpenAISession(input) : createOllamaSession(input);
  return { proposals: await session.propose(), session };
}

/**
 * A model's plan names the loops to run in parallel; where the dependence
 * test finds such a loop parallel only if two pointers (or a pointer and a
 * global array) do not overlap, the shipped code checks that at run time and
 * runs the original loop when they do, as the builtin's own plans do. The
 * plan form cannot say this itself (the reply reader keeps no aliasGuard).
 */
function withOverlapGuards(tu: TranslationUnit, fn: FunctionInfo, plan: Plan): Plan {
  const ctx = fnContext(tu, fn);
  if (!ctx) return plan;
  const loops = allLoops(fn.loops);
  return {
    ...plan,
    loops: plan.loops.map((lp) => {
      if (!lp.parallel || lp.aliasGuard?.length) return lp;
      const l = loops.find((x) => x.id === lp.loop);
      const v = l ? safeTest(ctx, l) : undefined;
      return v?.parallel && v.aliasGuard?.length ? { ...lp, aliasGuard: v.aliasGuard } : lp;
    }),
  };
}

/** A proposal that gave no candidate: the provider proposed nothing, or its plan does not apply. */
export type Refusal = { form: 'none'; reason: string } | { form: 'plan'; id: string; origin: Origin; reason: string };

/**
 * Turns proposals for `fn` into candidates, in order, numbering them per
 * provider across every call (a feedback round continues the count).
 */
export function candidateMaker(tu: TranslationUnit, fn: FunctionInfo): (proposals: Proposal[]) => { candidates: Candidate[]; refusals: Refusal[] } {
  let serial = 0;
  return (proposals) => {
    const candidates: Candidate[] = [];
    const refusals: Refusal[] = [];
    for (const p of proposals) {
      if (p.form === 'none') {
        refusals.push({ form: 'none', reason: p.reason });
        continue;
      }
      const id = `${p.origin.provider}-${++serial}`;
      if (p.form === 'code') {
        candidates.push({ id, origin: p.origin, form: 'code', text: p.code, rationale: p.rationale });
        continue;
      }
      const applied = applyPlan(tu, fn, p.origin.provider === 'builtin' ? p.plan : withOverlapGuards(tu, fn, p.plan));
      if (applied.ok) candidates.push({ id, origin: p.origin, form: 'plan', plan: p.plan, text: applied.text, rationale: p.rationale });
      else refusals.push({ form: 'plan', id, origin: p.origin, reason: `plan not applicable: ${applied.reason}` });
    }
    return { candidates, refusals };
  };
}
