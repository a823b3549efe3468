// A cell list's force loop: each box b writes its particles' forces through
// `fA = &force[first[b]]` and reads its neighbours' through `rB =
// &pos[first[nb]]`. No subscript says where those pointers land, so the
// dependence test used to refuse the box loop. The overlap check now replays
// the pointers' offsets before the loop: it bounds what each pointer
// reaches, and runs the loop in parallel only where every box's segment of
// force lies after the previous box's, so no two boxes write one element.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type TranslationUnit } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { proposeBuiltin } from '../../src/propose/index.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';
import { checkClaim } from '../../src/verify/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-segments-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const KERNEL = `typedef struct { double x, y; } P2;
void forces(int nbox, int nn, const int *first, const int *count, const int *nbr, const P2 *pos, P2 *force, double *pe) {
  int b, k, i, j, nb, na, m;
  const P2 *rA, *rB;
  P2 *fA;
  double e, dx, dy;
  for (b = 0; b < nbox; b++) {
    rA = &pos[first[b]];
    fA = &force[first[b]];
    na = count[b];
    e = 0.0;
    for (i = 0; i < na; i++) {
      fA[i].x = 0.0;
      fA[i].y = 0.0;
    }
    for (k = 0; k < nn; k++) {
      nb = nbr[nn * b + k];
      rB = &pos[first[nb]];
      m = count[nb];
      for (i = 0; i < na; i++)
        for (j = 0; j < m; j++) {
          dx = rA[i].x - rB[j].x;
          dy = rA[i].y - rB[j].y;
          fA[i].x += 0.5 * dx;
          fA[i].y += 0.25 * dy;
          e += dx * dy;
        }
    }
    pe[b] = e;
  }
}
`;

// Boxes laid out one after another (some empty), then segments that
// overlap, then boxes in reverse order, then forces written over the
// positions, then no boxes at all with NULL tables.
const DRIVER = `#include <stdio.h>
#include <stdlib.h>
static double digest(int n, const double *x) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * (i % 7 + 1);
  return s;
}
int main(void) {
  enum { NB = 400, NN = 5, NP = 2400 };
  int *first = malloc(sizeof(int) * NB), *count = malloc(sizeof(int) * NB), *nbr = malloc(sizeof(int) * NB * NN);
  P2 *pos = malloc(sizeof(P2) * NP), *force = malloc(sizeof(P2) * NP);
  double *pe = malloc(sizeof(double) * NB);
  for (int i = 0; i < NP; i++) { pos[i].x = (i * 37 % 101) * 0.01; pos[i].y = (i * 53 % 97) * 0.02; }
  for (int b = 0; b < NB * NN; b++) nbr[b] = (b / NN + (b % NN) * 7) % NB;
  int at = 0;
  for (int b = 0; b < NB; b++) { count[b] = b % 9 == 4 ? 0 : 1 + b % 5; first[b] = at; at += count[b]; }
  forces(NB, NN, first, count, nbr, pos, force, pe);
  printf("apart %.6f %.6f\\n", digest(2 * at, (double *)force), digest(NB, pe));
  for (int b = 0; b < NB; b++) first[b] = 2 * b;
  forces(NB, NN, first, count, nbr, pos, force, pe);
  printf("overlapping %.6f %.6f\\n", digest(2 * (2 * NB + 5), (double *)force), digest(NB, pe));
  at = 0;
  for (int b = NB - 1; b >= 0; b--) { first[b] = at; at += count[b]; }
  forces(NB, NN, first, count, nbr, pos, force, pe);
  printf("reversed %.6f %.6f\\n", digest(2 * at, (double *)force), digest(NB, pe));
  forces(NB, NN, first, count, nbr, pos, (P2 *)pos, pe);
  printf("over positions %.6f %.6f\\n", digest(2 * at, (double *)pos), digest(NB, pe));
  forces(0, NN, NULL, NULL, NULL, NULL, NULL, NULL);
  printf("empty\\n");
  free(first), free(count), free(nbr), free(pos), free(force), free(pe);
  return 0;
}
`;

const src = path.join(dir, 'cells.c');
fs.writeFileSync(src, `#include <stdio.h>\n${KERNEL}${DRIVER}`);

function unit(text: string): TranslationUnit {
  return analyze(`# 1 "f.c"\n${text}`, { sourceFile: 'f.c' });
}

function plannedText(t: TranslationUnit, name = 'forces'): string {
  const fn = t.functions.find((f) => f.name === name)!;
  const plan = proposeBuiltin(t, fn).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error('the builtin proposed no plan');
  expect(plan.plan.loops.find((l) => l.loop === 'L1')).toMatchObject({ parallel: true, aliasGuard: expect.arrayContaining(['force', 'pos']) });
  const r = applyPlan(t, fn, plan.plan);
  if (!r.ok) throw new Error(`the plan did not apply: ${r.reason}`);
  return r.text;
}

function boxLoopParallel(kernel: string): boolean {
  const t = unit(kernel);
  const plan = proposeBuiltin(t, t.functions[0]).find((p) => p.form === 'plan');
  return plan?.form === 'plan' && plan.plan.loops.some((l) => l.loop === 'L1' && l.parallel);
}

describe('a cell list reached through pointers set from first[b]', () => {
  const tu = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
  const fn = tu.functions.find((f) => f.name === 'forces')!;

  it('runs the box loop in parallel only where the segments are apart, and prints what the original prints', () => {
    const text = plannedText(tu);
    expect(text).toMatch(/#pragma omp parallel for/);
    fs.writeFileSync(path.join(dir, 'u.i'), spliceFunctions(tu, [{ fn, text }]));
    const run = (args: string[], out: string) => {
      execFileSync('clang-19', [...args, '-o', path.join(dir, out), '-lm']);
      return execFileSync(path.join(dir, out), { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '3' } });
    };
    const ref = run(['-O2', src], 'ref');
    expect(ref).toMatch(/^apart .*\noverlapping .*\nreversed .*\nover positions .*\nempty\n$/);
    expect(run(['-O2', '-fopenmp', '-w', '-x', 'cpp-output', path.join(dir, 'u.i')], 'par')).toBe(ref);
    // The parallel loop runs for the boxes laid out apart; the overlapping, reversed and
    // aliased calls run the original, and so does the call with no boxes (too little work).
    fs.writeFileSync(path.join(dir, 'which.i'), spliceFunctions(tu, [{ fn, text: text.replace(/#pragma omp parallel for[^\n]*\n/, 'puts("parallel");\n') }]));
    expect(run(['-O2', '-w', '-x', 'cpp-output', path.join(dir, 'which.i')], 'which').replace(/ [-\d.]+/g, '')).toBe('parallel\napart\noverlapping\nreversed\nover positions\nempty\n');
    // The replay reads only what the original reads: NULL tables with no boxes included.
    expect(run(['-O1', '-g', '-fopenmp', '-fsanitize=address', '-w', '-x', 'cpp-output', path.join(dir, 'u.i')], 'asan')).toBe(ref);
  }, 120_000);

  it('is accepted by the claim check as a guard, and refused once the segments check is weakened', () => {
    const config = loadConfig({}).config;
    const text = plannedText(tu);
    const ok = checkClaim(tu, fn, text, ['-O2'], config);
    expect(ok.outcome, ok.outcome.detail).toMatchObject({ check: 'claim', ok: true });
    expect(ok.evidence).toBe('guarded');
    // Overlapping segments would pass a check that only asks each to start after the previous one starts.
    const weak = text.replace(/(_ok && \(slmcc_L1_g\d+_b > slmcc_L1_g\d+_e \|\| slmcc_L1_g\d+_b )>( slmcc_L1_g\d+_end\))/, '$1>=$2');
    expect(weak).not.toBe(text);
    expect(checkClaim(tu, fn, weak, ['-O2'], config).outcome.ok).toBe(false);
    // Naming the pointers in a guard of one's own is not enough: the segments must be tested apart.
    const loose = text.replace(/ && slmcc_L1_g\d+_ok\)/, ')');
    expect(loose).not.toBe(text);
    const refused = checkClaim(tu, fn, loose, ['-O2'], config);
    expect(refused.outcome.ok).toBe(false);
    expect(refused.outcome.detail).toMatch(/segment apart/);
  });
});

describe('the box loop stays serial where the replay cannot vouch for it', () => {
  it('(and is parallel as written)', () => {
    expect(boxLoopParallel(KERNEL)).toBe(true);
  });
  it('when the loop also writes force directly', () => {
    expect(boxLoopParallel(KERNEL.replace('pe[b] = e;', 'pe[b] = e;\n    force[b].x += 1.0;'))).toBe(false);
  });
  it('when the pointer is set under a condition', () => {
    expect(boxLoopParallel(KERNEL.replace('fA = &force[first[b]];', 'if (count[b]) fA = &force[first[b]];'))).toBe(false);
  });
  it('when the loop writes through a pointer set in an inner loop (a neighbour box)', () => {
    expect(
      boxLoopParallel(
        KERNEL.replace('const P2 *rA, *rB;', 'const P2 *rA; P2 *rB;')
          .replace('rB = &pos[first[nb]];', 'rB = &force[first[nb]];')
          .replace('e += dx * dy;', 'e += dx * dy;\n          rB[j].x -= 0.5 * dx;'),
      ),
    ).toBe(false);
  });
  it('when the loop writes an index array it reads the offsets from', () => {
    expect(boxLoopParallel(KERNEL.replace('const int *count', 'int *count').replace('pe[b] = e;', 'pe[b] = e;\n    count[b] = na;'))).toBe(false);
  });
  it('when a call comes before the pointer is set (it may end the program)', () => {
    expect(boxLoopParallel(`void check(int);\n${KERNEL.replace('rA = &pos[first[b]];', 'check(b);\n    rA = &pos[first[b]];')}`)).toBe(false);
  });
  it('when the box loop may leave early', () => {
    expect(boxLoopParallel(KERNEL.replace('e = 0.0;', 'e = 0.0;\n    if (na < 0) continue;'))).toBe(false);
  });
});
