// May slmcc reorder floating-point arithmetic? Only where clang may: the
// user's flags allow it (-ffast-math and its kin), or the user opted in with
// SLMCC_REASSOCIATE. A parallel reduction over a float or double adds in
// another order; with cancellation the difference has no bound.
import { tokenFacts } from '../core/flags.js';
import type { Config } from './settings.js';

/**
 * Do the user's code flags let clang reassociate? The last flag that says
 * either way wins, as for clang; -Ofast says yes only while it is the last
 * -O level (`-Ofast -O2` is -O2). The flag table's properties say which
 * flags say so (core/flags.ts).
 */
export function flagsReassociate(codeFlags: readonly string[]): boolean {
  return tokenFacts(codeFlags).reassociates;
}

/** May slmcc reassociate floating-point reductions for this compile? */
export function reassociationAllowed(codeFlags: readonly string[], config: Pick<Config, 'reassociate'>): boolean {
  return config.reassociate || flagsReassociate(codeFlags);
}
