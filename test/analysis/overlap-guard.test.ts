// The runtime overlap check grows with the number of accesses, not
// exponentially: a 3-D 7-point stencil over two pointers that may alias (the
// corpus' heat_3d) once made a 1.7 MB candidate whose AST dump ran past the
// screen's output limit, so its candidates were lost.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { proposeBuiltin } from '../../src/propose/index.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';

it('guards a stencil over two maybe-aliasing arrays with a check of modest size that compiles', () => {
  const src = path.resolve(import.meta.dirname, '..', '..', 'kernels', 'corpus', 'heat_3d.c');
  const pp = execFileSync('clang-19', ['-E', '-O3', src], { encoding: 'utf8' });
  const tu = analyze(pp, { sourceFile: src });
  const fn = tu.functions.find((f) => f.name === 'kernel_heat_3d')!;
  const plan = proposeBuiltin(tu, fn).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error('the builtin proposed no plan for heat_3d');
  expect(JSON.stringify(plan.plan)).toMatch(/aliasGuard/);
  const r = applyPlan(tu, fn, plan.plan);
  if (!('text' in r) || !r.text) throw new Error(`the plan did not apply: ${JSON.stringify(r)}`);
  expect(r.text.length).toBeLessThan(40 * fn.text.length);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-guard-'));
  fs.writeFileSync(path.join(dir, 'u.i'), spliceFunctions(tu, [{ fn, text: r.text }]));
  execFileSync('clang-19', ['-fsyntax-only', '-fopenmp', '-w', '-x', 'cpp-output', path.join(dir, 'u.i')]);
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);
