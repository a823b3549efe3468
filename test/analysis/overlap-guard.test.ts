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
import { withoutWorkTest } from '../support/work-test.js';

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

// A seam-carving DP row: each cell reads a window of the row above whose
// bounds (lo, hi) are computed in the body. The window's subscript cannot be
// bounded by loop bounds, but C keeps it inside the declared row, so the
// check is the rows' extent; it must still send overlapping arrays to the
// original loop.
const SEAM = `#include <stdio.h>
#define W 64
static void seam(int h, int w, int r, double E[W][W], double C[W][W]) {
  int i, j, d, lo, hi;
  double best, c;
  for (i = 1; i < h; i++)
    for (j = 0; j < w; j++) {
      lo = j - r < 0 ? -j : -r;
      hi = j + r >= w ? w - 1 - j : r;
      best = C[i - 1][j];
      for (d = lo; d <= hi; d++) {
        c = C[i - 1][j + d] + 0.5 * d * d;
        best = c < best ? c : best;
      }
      C[i][j] = E[i][j] + best;
    }
}
static double buf[3 * W][W];
int main(void) {
  for (int k = 0; k < 3 * W; k++) for (int j = 0; j < W; j++) buf[k][j] = ((k * 7 + j * 13) % 17) * 0.25;
  seam(W, W, 3, (double (*)[W])buf[0], (double (*)[W])buf[W]);       /* apart */
  seam(W, W, 3, (double (*)[W])&buf[W][1], (double (*)[W])buf[W]);  /* E[i][j] is C[i][j + 1]: the next iteration's write */
  double s = 0;
  for (int k = 0; k < 3 * W; k++) for (int j = 0; j < W; j++) s += buf[k][j] * (k + 1) * (j + 1);
  printf("%.6f\\n", s);
  return 0;
}
`;

/**
 * `source` written as `file`, the builtin's plan for `fnName` in it applied,
 * and the program's output with a rewritten function (at 2 threads) beside
 * the original program's.
 */
function guardedProgram(file: string, source: string, fnName: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-guard-'));
  const src = path.join(dir, file);
  fs.writeFileSync(src, source);
  const tu = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
  const fn = tu.functions.find((f) => f.name === fnName)!;
  const plan = proposeBuiltin(tu, fn).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error(`the builtin proposed no plan for ${fnName}`);
  const r = applyPlan(tu, fn, plan.plan);
  if (!('text' in r) || !r.text) throw new Error(`the plan did not apply: ${JSON.stringify(r)}`);
  const outputs = (text: string) => {
    fs.writeFileSync(path.join(dir, 'u.i'), spliceFunctions(tu, [{ fn, text }]));
    const run = (args: string[], out: string) => {
      execFileSync('clang-19', [...args, '-o', path.join(dir, out)]);
      return execFileSync(path.join(dir, out), { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '2' } });
    };
    const both = { rewritten: run(['-O2', '-fopenmp', '-w', '-x', 'cpp-output', path.join(dir, 'u.i')], 'par'), original: run(['-O2', src], 'ref') };
    fs.rmSync(dir, { recursive: true, force: true });
    return both;
  };
  return { plan: plan.plan, text: r.text, outputs };
}

it("bounds a window subscript by its row's declared extent, and still runs overlapping arrays as the original", () => {
  const g = guardedProgram('seam.c', SEAM, 'seam');
  // The row loop (j) is the one made parallel, under the check.
  expect(g.plan.loops.find((l) => l.loop === 'L1.1')).toMatchObject({ aliasGuard: expect.arrayContaining(['C', 'E']) });
  expect(g.text).toMatch(/\(long\)\(64\) - 1/);
  const { rewritten, original } = g.outputs(g.text);
  expect(rewritten).toBe(original);
}, 60_000);

it('leaves a window into a flattened row unbounded: no declared extent to lean on', () => {
  const tu = analyze(`# 1 "f.c"
void seam(int h, int w, int r, const double *E, double *C) {
  for (int i = 1; i < h; i++)
    for (int j = 0; j < w; j++) {
      int lo = j - r < 0 ? -j : -r, hi = j + r >= w ? w - 1 - j : r;
      double best = C[(i - 1) * w + j];
      for (int d = lo; d <= hi; d++) best = C[(i - 1) * w + j + d] < best ? C[(i - 1) * w + j + d] : best;
      C[i * w + j] = E[i * w + j] + best;
    }
}
`);
  const plan = proposeBuiltin(tu, tu.functions[0]).find((p) => p.form === 'plan');
  expect(plan?.form === 'plan' && plan.plan.loops.some((l) => l.loop === 'L1.1' && l.aliasGuard)).toBe(false);
});

// PolyBench's heap arrays reach an outlined nest as a pointer to one whole
// array, written (*B)[r][s]: that is B[0][r][s], a row of B per r, not a
// write through an address nobody can bound. lu, cholesky and ludcmp spend
// most of their time in such a nest (B = A A^T in init_array).
it('reads (*B)[r][s] as B[0][r][s], and guards B against the other array', () => {
  const tu = analyze(`void nest(int n, double A[2000][2000], double (*B)[2000][2000]) {
  for (int t = 0; t < n; ++t)
    for (int r = 0; r < n; ++r)
      for (int s = 0; s < n; ++s)
        (*B)[r][s] += A[r][t] * A[s][t];
}
`);
  const fn = tu.functions[0];
  const plan = proposeBuiltin(tu, fn).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error(`the builtin proposed no plan: ${JSON.stringify(proposeBuiltin(tu, fn))}`);
  expect(plan.plan.loops[0]).toMatchObject({ loop: 'L1.1', parallel: true, aliasGuard: ['B', 'A'] });
  const r = applyPlan(tu, fn, plan.plan);
  if (!('text' in r) || !r.text) throw new Error(`the plan did not apply: ${JSON.stringify(r)}`);
  // The guard measures B's extent in bytes through sizeof((*B)[0]...), not as 32 MB steps.
  expect(r.text).toMatch(/sizeof\(B\[0\]\[0\]\)/);
});

// Rodinia's hotspot3D clamps each neighbour to the cell itself at the
// border: `w = (x == 0) ? c : c - 1`, with `c` the flattened cell index set
// at the top of the body. The cell index stands for its expression, and a
// neighbour that is one of two values is bounded by both, so the plane loop
// runs in parallel under the check, and overlapping grids still run the
// original loop.
const HOTSPOT = `#include <stdio.h>
static void step(int nx, int ny, int nz, const float *tIn, float *tOut) {
  int z;
  for (z = 0; z < nz; z++) {
    int y;
    for (y = 0; y < ny; y++) {
      int x;
      for (x = 0; x < nx; x++) {
        int c, w, e;
        c = x + y * nx + z * nx * ny;
        w = (x == 0) ? c : c - 1;
        e = (x == nx - 1) ? c : c + 1;
        tOut[c] = 0.5f * tIn[c] + 0.25f * (tIn[w] + tIn[e]);
      }
    }
  }
}
static float buf[3 * 32 * 32 * 16];
int main(void) {
  int cells = 32 * 32 * 16;
  for (int k = 0; k < 3 * cells; k++) buf[k] = (float)((k * 7) % 23);
  step(32, 32, 16, buf, buf + cells);      /* apart */
  step(32, 32, 16, buf + cells + 1, buf + cells); /* tIn[c] is tOut[c + 1]: the next cell's write */
  double s = 0;
  for (int k = 0; k < 3 * cells; k++) s += buf[k] * (k % 97 + 1);
  printf("%.3f\\n", s);
  return 0;
}
`;

it('bounds a neighbour that is one of two cells by both, and still runs overlapping grids as the original', () => {
  const g = guardedProgram('hotspot.c', HOTSPOT, 'step');
  expect(g.plan.loops.find((l) => l.loop === 'L1')).toMatchObject({ parallel: true, aliasGuard: expect.arrayContaining(['tIn', 'tOut']) });
  const { rewritten, original } = g.outputs(withoutWorkTest(g.text));
  expect(rewritten).toBe(original);
}, 60_000);
