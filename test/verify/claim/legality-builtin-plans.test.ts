// The builtin proposes only what the dependence test proves, so every plan
// it makes for the corpus and the kernels, judged with the directives the
// plan states, must come out proven (or guarded, where it adds an overlap
// check): never refused, never left to the runs. With and without the
// user's permission to reassociate floating-point sums.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type FunctionInfo, type TranslationUnit } from '../../../src/analysis/index.js';
import type { ClaimedDirective, Transform } from '../../../src/core/claim.js';
import type { Plan } from '../../../src/core/plan.js';
import { proposeBuiltin } from '../../../src/propose/builtin/index.js';
import { judgeDirectives } from '../../../src/verify/claim/legality.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const sources = [
  ...fs
    .readdirSync(path.join(root, 'test', 'corpus'))
    .filter((f) => f.endsWith('.c'))
    .map((f) => path.join(root, 'test', 'corpus', f)),
  ...fs
    .readdirSync(path.join(root, 'kernels', 'src'))
    .filter((f) => f.endsWith('.c'))
    .map((f) => path.join(root, 'kernels', 'src', f)),
];

/** The directives and transformations a plan states, as the claim check reads them from a candidate. */
function claimOf(plan: Plan): { directives: ClaimedDirective[]; transforms: Transform[] } {
  const directives: ClaimedDirective[] = [];
  const transforms: Transform[] = [];
  for (const [i, lp] of plan.loops.entries()) {
    if (lp.interchangeWith) transforms.push({ kind: 'interchange', outer: lp.loop, inner: lp.interchangeWith });
    if (lp.aliasGuard) transforms.push({ kind: 'guard', loop: lp.loop, condition: lp.aliasGuard.join(' ') });
    if (!lp.parallel && !lp.simd) continue;
    // After an interchange the simd sits on the loop that moved inwards: the plan's own loop.
    directives.push({
      kind: lp.parallel ? (lp.simd ? 'parallel for simd' : 'parallel for') : 'simd',
      loop: lp.loop,
      line: i + 1,
      private: lp.private ?? [],
      firstprivate: [],
      lastprivate: lp.lastprivate ?? [],
      shared: [],
      reduction: lp.reduction ?? [],
      collapse: lp.collapse,
      schedule: lp.schedule ? { kind: lp.schedule } : undefined,
      nowait: false,
      other: [],
    });
  }
  return { directives, transforms };
}

const units = sources.map((file) => {
  const flags = file.includes(`${path.sep}kernels${path.sep}`) ? ['-I', path.join(root, 'kernels', 'include')] : [];
  const tu = analyze(execFileSync('clang-19', ['-E', ...flags, file], { encoding: 'utf8' }), { sourceFile: file });
  return { file: path.relative(root, file), tu };
});

function judged(tu: TranslationUnit, fn: FunctionInfo, reassociate: boolean) {
  return proposeBuiltin(tu, fn, { reassociate }).flatMap((p, rank) => {
    if (p.form !== 'plan') return [];
    const r = judgeDirectives(tu, fn, claimOf(p.plan), { reassociate });
    return [{ plan: `${fn.name} plan ${rank + 1}`, result: r.ok ? r.evidence : `refused: ${r.reason}`, notes: r.ok ? r.notes : [] }];
  });
}

describe('every builtin plan of the corpus and the kernels is proven or guarded', () => {
  for (const reassociate of [false, true])
    it(`${reassociate ? 'with' : 'without'} the permission to reassociate`, () => {
      const all = units.flatMap(({ file, tu }) => tu.functions.flatMap((fn) => judged(tu, fn, reassociate).map((j) => ({ ...j, plan: `${file}: ${j.plan}` }))));
      expect(all.length).toBeGreaterThan(50);
      const weak = all.filter((j) => j.result !== 'proven' && j.result !== 'guarded').map((j) => `${j.plan}: ${j.result} ${j.notes.join(' | ')}`);
      expect(weak).toEqual([]);
    }, 120_000);
});
