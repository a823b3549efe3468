// May slmcc reorder floating-point arithmetic? Only where clang may: the
// user's flags allow it (-ffast-math and its kin), or the user opted in with
// SLMCC_REASSOCIATE. A parallel reduction over a float or double adds in
// another order; with cancellation the difference has no bound.
import type { Config } from './settings.js';

/** Flags with which the user lets clang reassociate floating-point arithmetic. */
const REASSOCIATING = /^-(ffast-math|fassociative-math|funsafe-math-optimizations)$/;
/** Flags that take that permission back. */
const NOT_REASSOCIATING = /^-fno-(fast-math|associative-math|unsafe-math-optimizations)$/;

/**
 * Do the user's code flags let clang reassociate? The last flag that says
 * either way wins, as for clang; -Ofast says yes only while it is the last
 * -O level (`-Ofast -O2` is -O2).
 */
export function flagsReassociate(codeFlags: readonly string[]): boolean {
  const levels = codeFlags.filter((f) => /^-O/.test(f));
  const ofast = levels[levels.length - 1] === '-Ofast';
  let allowed = false;
  for (const f of codeFlags) {
    if (REASSOCIATING.test(f) || (ofast && f === '-Ofast')) allowed = true;
    else if (NOT_REASSOCIATING.test(f)) allowed = false;
  }
  return allowed;
}

/** May slmcc reassociate floating-point reductions for this compile? */
export function reassociationAllowed(codeFlags: readonly string[], config: Pick<Config, 'reassociate'>): boolean {
  return config.reassociate || flagsReassociate(codeFlags);
}
