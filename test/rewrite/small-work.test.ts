// The probe judges a candidate on the harness' sizes; the program may call
// the function with five elements a million times (the shootout's nbody,
// 600x slower with a parallel `advance`). A builtin parallel loop therefore
// runs only where its estimated work is enough to pay for opening a
// parallel region; below that the original loop runs.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { MIN_PARALLEL_WORK } from '../../src/analysis/dependence/index.js';
import { loadConfig } from '../../src/config/index.js';
import { proposeBuiltin } from '../../src/propose/index.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';
import { checkClaim } from '../../src/verify/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-small-work-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PROGRAM = `#include <stdio.h>
#include <stdlib.h>
struct body { double x, y, vx, vy; };
void drift(int n, struct body *b, double dt) {
  for (int i = 0; i < n; i++) {
    b[i].x += dt * b[i].vx;
    b[i].y += dt * b[i].vy;
  }
}
int main(int argc, char **argv) {
  int n = atoi(argv[1]), steps = atoi(argv[2]);
  struct body *b = calloc(n, sizeof *b);
  for (int i = 0; i < n; i++) b[i].vx = i, b[i].vy = 0.5 * i;
  for (int s = 0; s < steps; s++) drift(n, b, 0.01);
  printf("%.6f %.6f\\n", b[n - 1].x, b[n - 1].y);
  free(b);
  return 0;
}
`;

function candidate(src: string, name: string) {
  const tu = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
  const fn = tu.functions.find((f) => f.name === name)!;
  const plan = proposeBuiltin(tu, fn).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error('the builtin proposed no plan');
  const r = applyPlan(tu, fn, plan.plan);
  if (!r.ok) throw new Error(r.reason);
  return { tu, fn, text: r.text };
}

it('runs the original loop for five bodies and the parallel one for a hundred thousand, printing the same', () => {
  const src = path.join(dir, 'drift.c');
  fs.writeFileSync(src, PROGRAM);
  const { tu, fn, text } = candidate(src, 'drift');
  expect(text).toMatch(new RegExp(`>= ${MIN_PARALLEL_WORK}\\.0\\) \\{`));
  // Which branch runs: the parallel one says so.
  const marked = text.replace(/#pragma omp parallel for[^\n]*\n/, 'fputs("parallel\\n", stderr);\n');
  fs.writeFileSync(path.join(dir, 'u.i'), spliceFunctions(tu, [{ fn, text: marked }]));
  execFileSync('clang-19', ['-O2', '-w', '-x', 'cpp-output', path.join(dir, 'u.i'), '-o', path.join(dir, 'marked')]);
  execFileSync('clang-19', ['-O2', src, '-o', path.join(dir, 'ref')]);
  const run = (exe: string, n: number) => spawnSync(path.join(dir, exe), [String(n), '3'], { encoding: 'utf8' });
  for (const [n, parallel] of [
    [5, false],
    [100_000, true],
  ] as const) {
    const r = run('marked', n);
    expect(r.stdout).toBe(run('ref', n).stdout);
    expect(r.stderr, `n = ${n}`).toBe(parallel ? 'parallel\n'.repeat(3) : '');
  }
  // The test reads only the loop's bound: the claim check accepts it as a guard, and the evidence stays proven.
  const claim = checkClaim(tu, fn, text, ['-O2'], loadConfig({}).config);
  expect(claim.outcome, claim.outcome.detail).toMatchObject({ check: 'claim', ok: true });
  expect(claim.evidence).toBe('proven');
});

it('puts no test in front of a loop that calls a function of the program: its iterations may be heavy', () => {
  const src = path.join(dir, 'calls.c');
  fs.writeFileSync(
    src,
    `double heavy(double);
void apply(int n, double *restrict out, const double *restrict in) {
  for (int i = 0; i < n; i++)
    out[i] = heavy(in[i]);
}
double heavy(double x) {
  for (int k = 0; k < 1000; k++) x = x * 0.5 + 1.0;
  return x;
}
`,
  );
  const { text } = candidate(src, 'apply');
  expect(text).toMatch(/#pragma omp parallel for/);
  expect(text).not.toMatch(/>= \d+\.0/);
});
