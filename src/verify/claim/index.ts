// The claim check: a candidate is a claim about the original ("these loops
// may run in parallel, with these clauses"). Its shape must be the original's
// statements plus OpenMP directives and named transformations (clang's AST of
// both), and each directive must be legal by the dependence analysis. What
// the analysis proves, guards or leaves to tests is the verdict's evidence.
import type { FunctionInfo, TranslationUnit } from '../../analysis/types.js';
import { BudgetExceeded } from '../../analysis/index.js';
import { EVIDENCE_LEVELS, type Evidence } from '../../core/claim.js';
import type { CheckOutcome } from '../../core/decision.js';
import type { Config } from '../../config/index.js';
import { reassociationAllowed } from '../../config/index.js';
import { judgeDirectives } from './legality.js';
import { compareShape } from './shape.js';

export interface ClaimCheck {
  outcome: CheckOutcome;
  evidence?: Evidence;
}

/** Is `e` at least as strong as the weakest level the user accepts? */
export function meetsEvidence(e: Evidence, weakest: Evidence): boolean {
  return EVIDENCE_LEVELS.indexOf(e) <= EVIDENCE_LEVELS.indexOf(weakest);
}

const EVIDENCE_WORDS: Record<Evidence, string> = {
  proven: 'proven by the dependence analysis',
  guarded: 'guarded: a runtime check runs the original where the analysis could not rule out a dependence',
  tested: 'tested only: the analysis could not decide, so the sanitizers and differential runs are all that stand behind it',
};

export function describeEvidence(e: Evidence | undefined): string {
  return EVIDENCE_WORDS[e ?? 'tested'];
}

export function checkClaim(tu: TranslationUnit, fn: FunctionInfo, text: string, codeFlags: readonly string[], config: Config): ClaimCheck {
  const t0 = performance.now();
  const outcome = (ok: boolean, detail: string): CheckOutcome => ({ check: 'claim', ok, ms: Math.round(performance.now() - t0), detail });
  let shape;
  try {
    shape = compareShape(tu, fn, text, codeFlags);
  } catch (e) {
    // Past the analysis budget nothing was read: that is no claim the tests may stand behind alone.
    if (e instanceof BudgetExceeded) return { outcome: outcome(false, e.why) };
    // The claim cannot be read: nothing stands behind the candidate but tests, and a setting may refuse that.
    shape = undefined;
    const why = `the comparison with the original failed (${(e as Error).message.split('\n')[0]})`;
    return config.evidence === 'tested' ? { outcome: outcome(true, `tested only: ${why}`), evidence: 'tested' } : { outcome: outcome(false, why) };
  }
  if (!shape.ok) return { outcome: outcome(false, shape.reason) };
  const legal = judgeDirectives(tu, fn, shape, { reassociate: reassociationAllowed(codeFlags, config) });
  if (!legal.ok) return { outcome: outcome(false, legal.reason) };
  if (!meetsEvidence(legal.evidence, config.evidence))
    return {
      outcome: outcome(false, `${describeEvidence(legal.evidence)}; SLMCC_EVIDENCE=${config.evidence} refuses that${legal.notes.length ? ` (${legal.notes.join('; ')})` : ''}`),
      evidence: legal.evidence,
    };
  return { outcome: outcome(true, [legal.evidence, ...legal.notes].join('; ')), evidence: legal.evidence };
}
