// The harness' verdict on hand-written candidates, past the claim check
// (which would refuse a wrong one on its changed statements before any run):
// these tests pin what the comparison itself sees.
import { verifyFunction, type VerifyInput, type VerifyResult } from '../../src/verify/index.js';

/** verifyFunction with `secondLineOnly`, tried again while a probe that found the machine busy says "undecided". */
export async function verifyPastClaims(input: Omit<VerifyInput, 'secondLineOnly'>, tries = 3): Promise<VerifyResult> {
  let r!: VerifyResult;
  for (let i = 0; i < tries; i++) {
    r = await verifyFunction({ ...input, secondLineOnly: true });
    if (r.verdict.kind !== 'undecided') break;
  }
  return r;
}

/** What refused candidate `id`, timing aside: one `check: detail` per failed check. */
export const failedChecks = (r: VerifyResult, id: string): string[] =>
  r.candidates
    .find((c) => c.id === id)!
    .checks.filter((k) => k.check !== 'timing' && !k.ok)
    .map((k) => `${k.check}: ${k.detail}`);
