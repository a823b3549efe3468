// Builtin parallel loops run only where their estimated work pays for a
// parallel region (analysis/dependence/work.ts); the tests' programs are
// small, so a test that asks which branch of a runtime check ran takes the
// work test out first.
import { MIN_PARALLEL_WORK } from '../../src/analysis/dependence/index.js';

/** `text` with every test of enough work removed from the guards rewrite wrote. */
export function withoutWorkTest(text: string): string {
  const t = `${MIN_PARALLEL_WORK}.0`;
  return text.replace(new RegExp(`if \\(([^{;]*?) >= ${t.replace('.', '\\.')} && `, 'g'), 'if (').replace(new RegExp(`if \\(([^{;]*?) >= ${t.replace('.', '\\.')}\\) \\{`, 'g'), 'if (1) {');
}
