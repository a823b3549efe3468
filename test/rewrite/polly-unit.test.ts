// A Polly verdict ships in the function's own unit: Polly restricted to the
// chosen functions (kept out of line), every other function as clang makes
// it, and the program's output unchanged.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { POLLY_FLAGS, pollyOnlyFunc } from '../../src/core/polly.js';
import { pollyInUnit } from '../../src/rewrite/index.js';

// Two functions Polly parallelises alike; only `cov` is chosen.
const NEST = (name: string) => `static void ${name}(int m, int n, double data[400][300], double c[300][300]) {
  for (int i = 0; i < m; i++)
    for (int j = i; j < m; j++) {
      c[i][j] = 0.0;
      for (int k = 0; k < n; k++) c[i][j] += data[k][i] * data[k][j];
      c[j][i] = c[i][j];
    }
}
`;
const PROGRAM = `#include <stdio.h>
static double data[400][300], c1[300][300], c2[300][300];
${NEST('cov')}${NEST('cov_other')}
int main(void) {
  for (int k = 0; k < 400; k++) for (int i = 0; i < 300; i++) data[k][i] = (k * 7 + i * 3) % 11 * 0.25;
  cov(300, 400, data, c1);
  cov_other(300, 400, data, c2);
  double s = 0;
  for (int i = 0; i < 300; i++) for (int j = 0; j < 300; j++) s += c1[i][j] - c2[i][j] * 0.5;
  printf("%.6f\\n", s);
  return 0;
}
`;

it('gives Polly only the chosen function, in its unit, and the program prints what it printed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-polly-unit-'));
  const src = path.join(dir, 'p.c');
  fs.writeFileSync(src, PROGRAM);
  const pp = execFileSync('clang-19', ['-E', src], { encoding: 'utf8' });
  const tu = analyze(pp, { sourceFile: src });
  const unit = pollyInUnit(tu, [tu.functions.find((f) => f.name === 'cov')!]);
  expect(unit.polly).toEqual(['cov']);
  // Marked on the definition's own line: the line markers after it stay right.
  expect(unit.main.split('\n').length).toBe(pp.split('\n').length);
  fs.writeFileSync(path.join(dir, 'p.i'), unit.main);
  execFileSync('clang-19', ['-O3', ...POLLY_FLAGS, '-mllvm', pollyOnlyFunc(unit.polly), '-x', 'cpp-output', '-c', path.join(dir, 'p.i'), '-o', path.join(dir, 'p.o')]);
  const syms = execFileSync('nm', [path.join(dir, 'p.o')], { encoding: 'utf8' });
  expect(syms).toMatch(/ t cov$/m);
  expect(syms).toMatch(/cov_polly_subfn/);
  expect(syms).not.toMatch(/cov_other_polly_subfn/);
  execFileSync('clang-19', ['-fopenmp', path.join(dir, 'p.o'), '-o', path.join(dir, 'p')]);
  execFileSync('clang-19', ['-O3', src, '-o', path.join(dir, 'ref')]);
  expect(execFileSync(path.join(dir, 'p'), { encoding: 'utf8' })).toBe(execFileSync(path.join(dir, 'ref'), { encoding: 'utf8' }));
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);
