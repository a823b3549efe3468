// A Polly verdict ships in the function's own unit: Polly restricted to the
// chosen functions and the callers they melt into, every other function as
// clang makes it, and the program's output unchanged.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { POLLY_FLAGS, pollyOnlyFunc } from '../../src/core/polly.js';
import { EARLY_OMP_INIT_NAME } from '../../src/rewrite/errno-fenv.js';
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

function build(program: string, choose: string[], keepOwnCode: string[] = [], rewritten: string[] = [], meltedBefore: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-polly-unit-'));
  const src = path.join(dir, 'p.c');
  fs.writeFileSync(src, program);
  const pp = execFileSync('clang-19', ['-E', src], { encoding: 'utf8' });
  const tu = analyze(pp, { sourceFile: src });
  const unit = pollyInUnit(
    tu,
    tu.functions.filter((f) => choose.includes(f.name)),
    { keepOwnCode, rewritten, meltedBefore },
  );
  // Marked on the definition's own line: the line markers after it stay right.
  // slmcc's libomp initialisation (errno-fenv.ts) follows the user's last line.
  const tail = unit.main.lastIndexOf('# 1 "<slmcc>"');
  expect(tail, 'the early libomp initialisation').toBeGreaterThan(0);
  expect(unit.main.slice(tail)).toContain(EARLY_OMP_INIT_NAME);
  expect(unit.main.slice(0, tail).split('\n').length).toBe(pp.split('\n').length);
  fs.writeFileSync(path.join(dir, 'p.i'), unit.main);
  execFileSync('clang-19', ['-O3', ...POLLY_FLAGS, '-mllvm', pollyOnlyFunc(unit.polly), '-x', 'cpp-output', '-c', path.join(dir, 'p.i'), '-o', path.join(dir, 'p.o')]);
  const syms = execFileSync('nm', [path.join(dir, 'p.o')], { encoding: 'utf8' });
  execFileSync('clang-19', ['-fopenmp', path.join(dir, 'p.o'), '-o', path.join(dir, 'p')]);
  execFileSync('clang-19', ['-O3', src, '-o', path.join(dir, 'ref')]);
  const same = execFileSync(path.join(dir, 'p'), { encoding: 'utf8' }) === execFileSync(path.join(dir, 'ref'), { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { unit, syms, same };
}

it('lets a static function with one caller melt into it, gives that caller Polly, and keeps Polly off a function judged to keep its code', () => {
  const { unit, syms, same } = build(PROGRAM, ['cov'], ['cov_other']);
  expect(unit.polly).toEqual(['cov', 'main']);
  expect(unit.main).toMatch(/__attribute__\(\(noinline\)\) static void cov_other\(/);
  expect(unit.main).not.toMatch(/noinline\)\) static void cov\(/);
  // cov's nest, inlined, is parallelised inside main; cov_other's is left as -O3 makes it.
  expect(syms).toMatch(/main_polly_subfn/);
  expect(syms).toMatch(/ t cov_other$/m);
  expect(syms).not.toMatch(/cov_other_polly_subfn/);
  expect(same).toBe(true);
}, 60_000);

it('lets an extern function with one caller in the unit melt into it too, its own copy keeping Polly for other files', () => {
  // doitgen's kernel_doitgen is not static: kept out of line, Polly never saw main's fixed sizes (1.17x against 1.85x).
  const { unit, syms, same } = build(PROGRAM.replace('static void cov(', 'void cov('), ['cov'], ['cov_other']);
  expect(unit.polly).toEqual(['cov', 'main']);
  expect(unit.main).not.toMatch(/noinline\)\) void cov\(/);
  expect(syms).toMatch(/main_polly_subfn/);
  expect(syms).toMatch(/ T cov$/m);
  expect(syms).toMatch(/cov_polly_subfn/);
  expect(same).toBe(true);
}, 60_000);

it('keeps a function with two callers out of line, Polly on it alone', () => {
  const twoCallers = PROGRAM.replace('int main(void) {', 'void again(double c[300][300]) { cov(300, 400, data, c); }\nint main(void) {');
  const { unit, syms, same } = build(twoCallers, ['cov'], ['cov_other']);
  expect(unit.polly).toEqual(['cov']);
  expect(syms).toMatch(/ t cov$/m);
  expect(syms).toMatch(/cov_polly_subfn/);
  expect(syms).not.toMatch(/main_polly_subfn|cov_other_polly_subfn/);
  expect(same).toBe(true);
}, 60_000);

it('keeps the chosen function out of line when its caller was judged to keep its own code, or was rewritten', () => {
  for (const [keep, rewritten] of [
    [['main'], []],
    [[], ['main']],
  ]) {
    const { unit } = build(PROGRAM, ['cov'], keep, rewritten);
    expect(unit.polly).toEqual(['cov']);
    expect(unit.main).toMatch(/__attribute__\(\(noinline\)\) static void cov\(/);
  }
}, 60_000);

// `init` stands for a rewritten init function: what it stores through its
// pointers (alpha) is known to main only when it melts into main.
const WITH_INIT = PROGRAM.replace(
  'int main(void) {',
  `static void init(int n, double *alpha, double d[400][300]) {
  *alpha = 0.5;
  for (int k = 0; k < n; k++) for (int i = 0; i < 300; i++) d[k][i] = (k * 7 + i * 3) % 11 * 0.25;
}
int main(void) {
  double alpha;
  init(400, &alpha, data);`,
).replace('s += c1[i][j]', 's += alpha * c1[i][j]');

it('melts a rewritten function into a caller that gets Polly where the compiler inlined its original, and nowhere else', () => {
  const melted = build(WITH_INIT, ['cov'], ['cov_other'], ['init'], ['init']);
  expect(melted.unit.polly).toEqual(['cov', 'main']);
  expect(melted.unit.main).toMatch(/__attribute__\(\(always_inline\)\) static void init\(/);
  expect(melted.syms).not.toMatch(/ t init$/m);
  expect(melted.same).toBe(true);
  // Not inlined before: left to the inliner, as the rewrite was checked.
  expect(build(WITH_INIT, ['cov'], ['cov_other'], ['init'], []).unit.main).not.toMatch(/always_inline/);
  // No caller gets Polly: nothing to melt into.
  const twoCallers = WITH_INIT.replace('int main(void) {', 'void again(double c[300][300]) { cov(300, 400, data, c); }\nint main(void) {');
  expect(build(twoCallers, ['cov'], ['cov_other'], ['init'], ['init']).unit.main).not.toMatch(/always_inline/);
}, 60_000);

// An outlined nest stands for loops cut out of a larger function; the harness
// timed Polly on it out of line, and melted into its caller Polly may find
// nothing to transform (lu's B = A Aᵀ nest ran at -O3's speed in main).
it('keeps an outlined nest out of line, Polly on it alone, though it is static with one caller', () => {
  const outlined = PROGRAM.replaceAll('cov(', '__slmcc_loop_cov_1(');
  const { unit, syms, same } = build(outlined, ['__slmcc_loop_cov_1'], ['cov_other']);
  expect(unit.polly).toEqual(['__slmcc_loop_cov_1']);
  expect(unit.main).toMatch(/__attribute__\(\(noinline\)\) static void __slmcc_loop_cov_1\(/);
  expect(syms).toMatch(/__slmcc_loop_cov_1_polly_subfn/);
  expect(same).toBe(true);
}, 60_000);
