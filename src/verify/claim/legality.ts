// Placeholder until the legality judge lands (branch legality).
import type { FunctionInfo, TranslationUnit } from '../../analysis/types.js';
import type { ClaimedDirective, LegalityResult, Transform } from '../../core/claim.js';
import type { Config } from '../../config/index.js';

export function judgeDirectives(_tu: TranslationUnit, _fn: FunctionInfo, _claim: { directives: ClaimedDirective[]; transforms: Transform[] }, _opts: { reassociate: boolean }): LegalityResult {
  return { ok: true, evidence: 'tested', notes: [] };
}

export function reassociationAllowed(_codeFlags: readonly string[], config: Config): boolean {
  return (config as { reassociate?: boolean }).reassociate === true;
}
