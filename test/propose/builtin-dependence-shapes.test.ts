// The builtin dependence test on PolyBench-shaped kernels (C99 array
// parameters sized by macros, `int i, j, k;` at the top, unequal sizes,
// triangular nests, scalars reset per row): exactly which loops are parallel,
// with which private/lastprivate/reduction clauses, and why the others are
// refused. Then every plan, applied and spliced, prints what the original
// prints when run with two threads, and its runtime overlap checks let the
// parallel form run.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze, type TranslationUnit } from '../../src/analysis/index.js';
import { loopFindings, proposeBuiltin } from '../../src/propose/builtin/index.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';
import { withoutWorkTest } from '../support/work-test.js';

const source = path.resolve(__dirname, '..', 'corpus', 'polybench_shapes.c');
const pp = execFileSync('clang-19', ['-E', source], { encoding: 'utf8' });
const tu = analyze(pp);
const fnOf = (t: TranslationUnit, name: string) => {
  const f = t.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
};

/** The scalar clauses of a parallel loop (private, lastprivate, reduction), without schedule and overlap guard; null for a sequential loop. */
function scalarClauses(clauses: string | undefined, parallel: boolean): string | null {
  if (!parallel) return null;
  return (clauses ?? '')
    .replace(/\s*if disjoint\([^)]*\)/, '')
    .replace(/\s*schedule\(\w+\)/, '')
    .trim();
}

function table(t: TranslationUnit, name: string): Record<string, string | null> {
  return Object.fromEntries(loopFindings(t, fnOf(t, name)).map((f) => [f.loop, scalarClauses(f.clauses, f.parallel)]));
}

function reasonsOf(t: TranslationUnit, name: string, loop: string): string {
  const f = loopFindings(t, fnOf(t, name)).find((x) => x.loop === loop);
  if (!f) throw new Error(`${name} has no loop ${loop}`);
  return f.reasons.join(' | ');
}

/** Loops the best plan runs in parallel, with their scalar clauses. */
function bestPlan(t: TranslationUnit, name: string): Record<string, string> | string {
  const p = proposeBuiltin(t, fnOf(t, name))[0];
  if (p.form !== 'plan') return p.form === 'none' ? `refused: ${p.reason}` : p.form;
  const out: Record<string, string> = {};
  for (const l of p.plan.loops) {
    if (!l.parallel) continue;
    const bits = [
      l.private?.length ? `private(${l.private.join(', ')})` : '',
      l.lastprivate?.length ? `lastprivate(${l.lastprivate.join(', ')})` : '',
      ...(l.reduction ?? []).map((r) => `reduction(${r.op}:${r.vars.join(', ')})`),
    ];
    out[l.loop] = bits.filter(Boolean).join(' ');
  }
  return out;
}

describe('PolyBench shapes: which loops are parallel, with which clauses', () => {
  // null: sequential. '': parallel, no scalar clauses.
  const expected: Record<string, Record<string, string | null>> = {
    kernel_gemm: { L1: 'private(j, k)', 'L1.1': '', 'L1.2': null, 'L1.2.1': '' },
    kernel_2mm: { L1: 'private(j, k)', 'L1.1': 'private(k)', 'L1.1.1': null, L2: 'private(j, k)', 'L2.1': 'private(k)', 'L2.1.1': null },
    kernel_syrk: { L1: 'private(j, k)', 'L1.1': '', 'L1.2': null, 'L1.2.1': '' },
    kernel_syr2k: { L1: 'private(j, k)', 'L1.1': '', 'L1.2': null, 'L1.2.1': '' },
    kernel_trmm: { L1: null, 'L1.1': 'private(k)', 'L1.1.1': null },
    kernel_covariance: { L1: 'private(i)', 'L1.1': null, L2: 'private(j)', 'L2.1': '', L3: 'private(j, k)', 'L3.1': 'private(k)', 'L3.1.1': null },
    kernel_correlation: { L1: 'private(i)', 'L1.1': null, L2: 'private(i)', 'L2.1': null, L3: 'private(j)', 'L3.1': '', L4: 'private(j, k)', 'L4.1': 'private(k)', 'L4.1.1': null },
    kernel_gemver: { L1: 'private(j)', 'L1.1': '', L2: 'private(j)', 'L2.1': null, L3: '', L4: 'private(j)', 'L4.1': null },
    kernel_atax: { L1: 'private(j, tmp)', 'L1.1': 'reduction(+:tmp)', L2: '', L3: null, 'L3.1': '' },
    kernel_bicg: { L1: '', L2: null, 'L2.1': null },
    kernel_mvt: { L1: 'private(j)', 'L1.1': null, L2: 'private(j)', 'L2.1': null },
    kernel_jacobi_2d: { L1: null, 'L1.1': 'private(j)', 'L1.1.1': '', 'L1.2': 'private(j)', 'L1.2.1': '' },
    kernel_seidel_2d: { L1: null, 'L1.1': null, 'L1.1.1': null },
    kernel_row_dp: { L1: null, 'L1.1': 'private(best)' },
    kernel_lcs: { L1: null, 'L1.1': null },
    kernel_symmetrize: { L1: null, 'L1.1': '' },
    kernel_gesummv: { L1: 'private(j, sum, tmp)', 'L1.1': 'reduction(+:sum, tmp)' },
    kernel_carry: { L1: null, 'L1.1': 'reduction(+:last)' },
    kernel_live_after: { L1: 'private(j) lastprivate(s)', 'L1.1': 'reduction(+:s)' },
    kernel_cond_set: { L1: null },
    kernel_floyd_warshall: { L1: null, 'L1.1': null, 'L1.1.1': null },
    kernel_lu: { L1: null, 'L1.1': null, 'L1.1.1': null, 'L1.2': 'private(k)', 'L1.2.1': null },
    kernel_cholesky: { L1: null, 'L1.1': null, 'L1.1.1': null, 'L1.2': null },
    kernel_symm: { L1: null, 'L1.1': 'private(k, temp2)', 'L1.1.1': 'reduction(+:temp2)' },
    kernel_trisolv: { L1: null, 'L1.1': null },
    kernel_doitgen: { L1: null, 'L1.1': null, 'L1.1.1': 'private(s)', 'L1.1.1.1': null, 'L1.1.2': '' },
    kernel_adi_sweep: { L1: 'private(j)', 'L1.1': null, 'L1.2': null },
    kernel_blur3: { L1: 'private(acc, di, dj, j)', 'L1.1': 'private(acc, di, dj)', 'L1.1.1': 'private(dj) reduction(+:acc)', 'L1.1.1.1': 'reduction(+:acc)' },
  };

  it.each(Object.keys(expected))('%s', (name) => {
    expect(table(tu, name)).toEqual(expected[name]);
  });

  it('the best plan parallelises the outermost legal loop of each nest', () => {
    expect(bestPlan(tu, 'kernel_gemm')).toEqual({ L1: 'private(j, k)' });
    expect(bestPlan(tu, 'kernel_2mm')).toEqual({ L1: 'private(j, k)', L2: 'private(j, k)' });
    expect(bestPlan(tu, 'kernel_syrk')).toEqual({ L1: 'private(j, k)' });
    expect(bestPlan(tu, 'kernel_trmm')).toEqual({ 'L1.1': 'private(k)' });
    expect(bestPlan(tu, 'kernel_covariance')).toEqual({ L1: 'private(i)', L2: 'private(j)', L3: 'private(j, k)' });
    expect(bestPlan(tu, 'kernel_correlation')).toEqual({ L1: 'private(i)', L2: 'private(i)', L3: 'private(j)', L4: 'private(j, k)' });
    expect(bestPlan(tu, 'kernel_jacobi_2d')).toEqual({ 'L1.1': 'private(j)', 'L1.2': 'private(j)' });
    expect(bestPlan(tu, 'kernel_gesummv')).toEqual({ L1: 'private(j, sum, tmp)' });
    expect(bestPlan(tu, 'kernel_row_dp')).toEqual({ 'L1.1': 'private(best)' });
    expect(bestPlan(tu, 'kernel_seidel_2d')).toMatch(/^refused: /);
    expect(bestPlan(tu, 'kernel_lcs')).toMatch(/^refused: /);
    expect(bestPlan(tu, 'kernel_cond_set')).toMatch(/^refused: /);
  });

  it('array parameters without restrict run in parallel behind a runtime overlap check, triangles included', () => {
    const cov = loopFindings(tu, fnOf(tu, 'kernel_covariance')).find((f) => f.loop === 'L3')!;
    expect(cov.clauses).toBe('private(j, k) schedule(guided) if disjoint(cov, data)');
    const syrk = loopFindings(tu, fnOf(tu, 'kernel_syrk')).find((f) => f.loop === 'L1')!;
    expect(syrk.clauses).toBe('private(j, k) schedule(guided) if disjoint(C, A)');
    // A const lookup table is never what `out` points into; loop bounds written `-1` are affine.
    expect(loopFindings(tu, fnOf(tu, 'kernel_blur3'))[0].clauses).toBe('private(acc, di, dj, j) if disjoint(out, in)');
  });
});

describe('PolyBench shapes: why the others are refused', () => {
  it.each([
    ['kernel_trmm', 'L1', /B\[i\]\[j\] written in one iteration of i may be B\[k\]\[j\] of another iteration/],
    ['kernel_symmetrize', 'L1', /S\[j\]\[i\] written in one iteration of i may be S\[i\]\[j\] of another iteration/],
    ['kernel_seidel_2d', 'L1', /A\[i\]\[j\]: every iteration of t touches the same elements/],
    ['kernel_seidel_2d', 'L1.1', /A\[i\]\[j\] depends on A\[i - 1\]\[j\] of the previous iteration/],
    ['kernel_seidel_2d', 'L1.1.1', /A\[i\]\[j\] depends on A\[i\]\[j - 1\] of the previous iteration/],
    ['kernel_jacobi_2d', 'L1', /B\[i\]\[j\]: every iteration of t touches the same elements/],
    ['kernel_row_dp', 'L1', /cost\[i\]\[j\] depends on cost\[i - 1\]\[j\] of the previous iteration/],
    ['kernel_lcs', 'L1.1', /L\[i\]\[j\] depends on L\[i\]\[j - 1\] of the previous iteration/],
    ['kernel_atax', 'L3', /y\[j\]: every iteration of i touches the same elements/],
    ['kernel_bicg', 'L2.1', /q\[i\]: every iteration of j touches the same elements/],
    ['kernel_carry', 'L1', /last carries a value from one iteration to the next \(an iteration may read it before setting it\)/],
    ['kernel_cond_set', 'L1', /s carries a value out of the loop: .*s is read after the loop and the last iteration may not set it/],
    ['kernel_floyd_warshall', 'L1.1', /path\[i\]\[j\] written in one iteration of i may be path\[k\]\[j\] of another iteration/],
    ['kernel_floyd_warshall', 'L1.1.1', /path\[i\]\[j\] written in one iteration of j may be path\[i\]\[k\] of another iteration/],
    ['kernel_cholesky', 'L1.1', /A\[i\]\[j\] written in one iteration of j may be A\[i\]\[k\] of another iteration/],
    ['kernel_trisolv', 'L1', /x\[i\] written in one iteration of i may be x\[j\] of another iteration/],
    ['kernel_adi_sweep', 'L1.2', /v\[j\]\[i\] depends on v\[j \+ 1\]\[i\] of the previous iteration/],
  ])('%s %s', (name, loop, why) => {
    expect(reasonsOf(tu, name, loop)).toMatch(why);
  });

  it('parallel loops say which scalars are private and which pairs only the whole-nest test separates', () => {
    const f = loopFindings(tu, fnOf(tu, 'kernel_covariance')).find((x) => x.loop === 'L3')!;
    expect(f.reasons.join(' | ')).toMatch(/j, k are assigned before any use in every iteration and not read after the loop: private/);
    expect(f.reasons.join(' | ')).toMatch(/cov\[i\]\[j\] and cov\[j\]\[i\] never meet in two different iterations of i/);
    const live = loopFindings(tu, fnOf(tu, 'kernel_live_after'))[0];
    expect(live.reasons.join(' | ')).toMatch(/s is set before use in every iteration and its last value is used later .*: lastprivate/);
  });
});

/** The outer loop of a one-function TU. */
function one(src: string, loop = 'L1') {
  const t = analyze(`# 1 "s.c"\n#define N 64\n${src}`);
  const fn = t.functions[t.functions.length - 1];
  const f = loopFindings(t, fn).find((x) => x.loop === loop);
  if (!f) throw new Error(`no loop ${loop}`);
  return { parallel: f.parallel, scalars: scalarClauses(f.clauses, f.parallel), reasons: f.reasons.join(' | '), clauses: f.clauses };
}

describe('scalars declared at the top of the function', () => {
  it('a loop variable reused by a later loop is private, not lastprivate', () => {
    const r = one(`void f(int n, double A[N][N], double *restrict s) {
  int i, k;
  for (i = 0; i < n; i++) for (k = 0; k < n; k++) A[i][k] = i + k;
  for (k = 0; k < n; k++) s[k] = A[0][k];
}`);
    expect(r).toMatchObject({ parallel: true, scalars: 'private(k)' });
  });

  it('read before it is set in an iteration: carried', () => {
    const r = one(`void g(int n, double *restrict a) {
  int i; double t = 0;
  for (i = 0; i < n; i++) { a[i] = t; t = a[i] * 2; }
}`);
    expect(r.parallel).toBe(false);
    expect(r.reasons).toMatch(/t carries a value from one iteration to the next/);
  });

  it('set only on some paths but never read otherwise, and dead after the loop: private', () => {
    const r = one(`void cs(int n, double *restrict y, const double *restrict a) {
  int i; double s;
  for (i = 0; i < n; i++) { if (a[i] > 0) { s = a[i] * 2; y[i] = s; } }
}`);
    expect(r).toMatchObject({ parallel: true, scalars: 'private(s)' });
  });

  it('set in an inner loop that may not run, then read: carried', () => {
    const r = one(`void inner(int n, int m, double *restrict y, const double *restrict a) {
  int i, j; double s = 0;
  for (i = 0; i < n; i++) { for (j = 0; j < m; j++) s = a[j]; y[i] = s; }
}`);
    expect(r.parallel).toBe(false);
    expect(r.reasons).toMatch(/s carries a value/);
  });

  it('read by the next iteration of an enclosing loop: lastprivate, not private', () => {
    const r = one(
      `void h(int T, int n, double *restrict y, double *restrict b, const double *restrict a) {
  int t, i; double x = 0;
  for (t = 0; t < T; t++) { y[t] = x; for (i = 0; i < n; i++) { x = a[i] * t; b[i] = x; } }
}`,
      'L1.1',
    );
    expect(r).toMatchObject({ parallel: true, scalars: 'lastprivate(x)' });
  });

  it('a break that skips the re-assignment keeps the value live; without it the value is dead', () => {
    const src = (brk: string) => `double b2(int T, int n, double *restrict b, const double *restrict a) {
  int t, i; double x = 0;
  for (t = 0; t < T; t++) { for (i = 0; i < n; i++) { x = a[i]; b[i] = x; } ${brk} x = 0; }
  return x;
}`;
    expect(one(src('if (b[0] > 3) break;'), 'L1.1')).toMatchObject({ parallel: true, scalars: 'lastprivate(x)' });
    expect(one(src(''), 'L1.1')).toMatchObject({ parallel: true, scalars: 'private(x)' });
  });

  it('a global is visible after the function: lastprivate', () => {
    const r = one(`double gs;
void gl(int n, double *restrict y) {
  int i;
  for (i = 0; i < n; i++) { gs = i * 2.0; y[i] = gs; }
}`);
    expect(r).toMatchObject({ parallel: true, scalars: 'lastprivate(gs)' });
  });

  it('a scalar whose address is taken is not privatised', () => {
    const r = one(`void at(int n, double *restrict y) {
  int i; double s; double *restrict p = &s;
  for (i = 0; i < n; i++) { s = i; y[i] = *p; }
}`);
    expect(r.parallel).toBe(false);
    expect(r.reasons).toMatch(/address is taken/);
  });

  it('a continue before the assignment rules out lastprivate', () => {
    const r = one(`double lc(int n, double *restrict y, const double *restrict a) {
  int i; double s = 0;
  for (i = 0; i < n; i++) { if (a[i] < 0) continue; s = a[i]; y[i] = s; }
  return s;
}`);
    expect(r.parallel).toBe(false);
    expect(r.reasons).toMatch(/s carries a value out of the loop/);
  });
});

describe('triangular nests', () => {
  const sym = (lower: string) => `void t(int m, double C[N][N]) {
  int i, j;
  for (i = 1; i < m; i++)
    for (j = ${lower}; j < m; j++) { C[i][j] = i + j; C[j][i] = C[i][j]; }
}`;

  it('writes C[i][j] and C[j][i] with j >= i (or j > i) never meet across iterations of i', () => {
    expect(one(sym('i'))).toMatchObject({ parallel: true });
    expect(one(sym('i + 1'))).toMatchObject({ parallel: true });
  });

  it('with j >= i - 1 iteration i writes C[i-1][i], which iteration i-1 writes as its C[i][j]: refused, with the reason', () => {
    const r = one(sym('i - 1'));
    expect(r.parallel).toBe(false);
    expect(r.reasons).toMatch(/C\[j\]\[i\] written in one iteration of i may be C\[i\]\[j\] of another iteration/);
  });

  it('with a full square the transposed write meets another row: refused', () => {
    expect(one(sym('0')).parallel).toBe(false);
  });

  it('syrk-like lower triangle j <= i is parallel on i', () => {
    const r = one(`void s(int n, int m, double C[N][N], double A[N][N]) {
  int i, j, k;
  for (i = 0; i < n; i++) for (k = 0; k < m; k++) for (j = 0; j <= i; j++) C[i][j] += A[i][k] * A[j][k];
}`);
    expect(r).toMatchObject({ parallel: true, scalars: 'private(j, k)' });
  });

  it('trmm-like reads of rows written by other iterations are carried on i whichever side of i they lie', () => {
    const lower = one(`void l(int m, int n, double A[N][N], double B[N][N]) {
  int i, j, k;
  for (i = 0; i < m; i++) for (j = 0; j < n; j++) for (k = 0; k < i; k++) B[i][j] += A[i][k] * B[k][j];
}`);
    expect(lower.parallel).toBe(false);
    expect(lower.reasons).toMatch(/B\[i\]\[j\] written in one iteration of i may be B\[k\]\[j\] of another iteration/);
  });

  it('constant subscripts that differ separate iterations (a[i][0] vs a[i-1][1])', () => {
    const r = one(`void c(int n, double a[N][2]) {
  int i;
  for (i = 1; i < n; i++) a[i][0] = a[i - 1][1];
}`);
    expect(r.parallel).toBe(true);
  });
});

describe('PolyBench shapes: the rewrites print what the original prints (2 threads)', () => {
  let dir: string;
  let expected: string;
  const build = (text: string, name: string) => {
    const i = path.join(dir, `${name}.i`);
    const exe = path.join(dir, name);
    writeFileSync(i, text);
    execFileSync('clang-19', ['-fopenmp', '-O1', '-x', 'cpp-output', i, '-o', exe, '-lm'], { stdio: 'pipe' });
    return execFileSync(exe, { env: { ...process.env, OMP_NUM_THREADS: '2' }, encoding: 'utf8' });
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'slmcc-shapes-'));
    expected = build(pp, 'orig');
  });

  it('every plan of every kernel (spliced by rank), with every runtime overlap check taking the parallel path', () => {
    const kernels = tu.functions.filter((f) => f.name.startsWith('kernel_'));
    // With the user's permission to reassociate (-ffast-math): the double sums are reductions too.
    const plans = kernels.map((fn) => ({ fn, ps: proposeBuiltin(tu, fn, { reassociate: true }).flatMap((p) => (p.form === 'plan' ? [p.plan] : [])) }));
    const ranks = Math.max(...plans.map((p) => p.ps.length));
    expect(plans.filter((p) => p.ps.length).length).toBe(22);
    // Without it, kernel_carry's only parallel loop is a double sum: no plan.
    expect(kernels.filter((fn) => proposeBuiltin(tu, fn)[0].form === 'plan').length).toBe(21);
    expect(proposeBuiltin(tu, fnOf(tu, 'kernel_carry'))[0]).toMatchObject({ form: 'none', reason: expect.stringMatching(/last is a floating-point sum: a reduction reassociates it/) });
    for (let k = 0; k < ranks; k++) {
      const reps = plans.flatMap(({ fn, ps }) => {
        const plan = ps[Math.min(k, ps.length - 1)];
        if (!plan) return [];
        const r = applyPlan(tu, fn, plan);
        if (!r.ok) throw new Error(`${fn.name}: ${r.reason}`);
        // A guard that fails would run the original: say so on stdout, which must then differ.
        return [{ fn, text: withoutWorkTest(r.text).replace(/\} else \{\n#/g, `} else { __builtin_printf("overlap check failed in ${fn.name}\\n");\n#`) }];
      });
      expect(build(spliceFunctions(tu, reps), `rank${k}`)).toBe(expected);
    }
  }, 60_000);
});

describe('the runtime overlap check of a triangular nest', () => {
  it('bounds the inner variable through the outer one: one shared element fails the check, the next address passes', () => {
    const src = `#define N 16
void tri(int n, double C[N][N], double A[N][N]) {
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j <= i; j++)
      C[i][j] = A[j][i] + 1.0;
}
int main(void) {
  static double buf[2 * N * N];
  double (*C)[N] = (double (*)[N])buf;
  for (int q = 0; q < 2 * N * N; q++) buf[q] = q;
  tri(N, C, (double (*)[N])&C[N - 1][N - 1]);
  __builtin_printf("%g\\n", buf[N * N - 1]);
  tri(N, C, (double (*)[N])&C[N][0]);
  __builtin_printf("%g\\n", buf[N * N - 1]);
  return 0;
}
`;
    const dir = mkdtempSync(path.join(tmpdir(), 'slmcc-tri-'));
    const file = path.join(dir, 'tri.c');
    writeFileSync(file, src);
    const text = execFileSync('clang-19', ['-E', file], { encoding: 'utf8' });
    const t = analyze(text);
    const fn = fnOf(t, 'tri');
    const p = proposeBuiltin(t, fn)[0];
    expect(p.form).toBe('plan');
    if (p.form !== 'plan') return;
    expect(p.plan.loops[0]).toMatchObject({ loop: 'L1', parallel: true, aliasGuard: ['C', 'A'] });
    const r = applyPlan(t, fn, p.plan);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const marked = withoutWorkTest(r.text).replace(/\} else \{\n#/, '} else { __builtin_printf("original\\n");\n#');
    const run = (code: string, name: string) => {
      const i = path.join(dir, `${name}.i`);
      writeFileSync(i, code);
      execFileSync('clang-19', ['-fopenmp', '-O1', '-x', 'cpp-output', i, '-o', path.join(dir, name)], { stdio: 'pipe' });
      return execFileSync(path.join(dir, name), { env: { ...process.env, OMP_NUM_THREADS: '2' }, encoding: 'utf8' });
    };
    const want = run(text, 'orig');
    const got = run(spliceFunctions(t, [{ fn, text: marked }]), 'guarded');
    const lines = want.trim().split('\n');
    expect(got.trim().split('\n')).toEqual(['original', lines[0], lines[1]]);
  });
});

describe('row pointers declared in the loop', () => {
  it('`x = in + r * cols` and `y = &out[r * cols]` are read as rows of in and out: parallel on r', () => {
    const r = one(`void softmax(float *restrict out, const float *restrict in, long rows, long cols) {
  for (long r = 0; r < rows; ++r) {
    const float *x = in + r * cols;
    float *y = &out[r * cols];
    float m = x[0];
    for (long c = 1; c < cols; ++c) if (x[c] > m) m = x[c];
    for (long c = 0; c < cols; ++c) y[c] = x[c] - m;
  }
}`);
    expect(r.parallel).toBe(true);
  });

  it('a row pointer to the row before is a dependence on the array it points into', () => {
    const r = one(`void smear(double *restrict a, int rows, int cols) {
  for (int r = 1; r < rows; r++) {
    double *up = a + (r - 1) * cols;
    double *here = a + r * cols;
    for (int c = 0; c < cols; c++) here[c] += up[c];
  }
}`);
    expect(r.parallel).toBe(false);
    expect(r.reasons).toMatch(/here\[c\] written in one iteration of r may be up\[c\] of another iteration/);
  });

  it('a pointer that walks (p++) or whose offset changes in the loop is not a row', () => {
    const walk = one(`void w(double *restrict a, int rows, int cols) {
  for (int r = 0; r < rows; r++) {
    double *p = a + r * cols;
    for (int c = 0; c < cols; c++) *p++ = c;
  }
}`);
    expect(walk.parallel).toBe(false);
    expect(walk.reasons).toMatch(/computed address \(\*p\+\+\)/);
    const moved = one(`void m(double *restrict a, int rows, int cols) {
  int k = 0;
  for (int r = 0; r < rows; r++) {
    double *p = a + k;
    k += cols;
    for (int c = 0; c < cols; c++) p[c] = c;
  }
}`);
    expect(moved.parallel).toBe(false);
  });
});

describe('floating-point sums', () => {
  // Issue 23: a reordered sum rounds differently (with cancellation without
  // bound), so the builtin reassociates one only where clang may: with the
  // user's permission. The dependence test itself reports the reduction.
  const fdot = `float fdot(const float *a, const float *b, int n) {
  float s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}`;
  const ddot = `double ddot(const double *a, const double *b, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}`;
  const lsum = `long lsum(const long *a, int n) {
  long s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}`;
  const proposal = (src: string, reassociate: boolean) => {
    const t = analyze(`# 1 "s.c"\n${src}`);
    return proposeBuiltin(t, t.functions[t.functions.length - 1], { reassociate })[0];
  };
  it('the dependence test finds the + reduction whatever the type', () => {
    for (const src of [fdot, ddot, lsum]) expect(one(src)).toMatchObject({ parallel: true, scalars: 'reduction(+:s)' });
  });
  it('without permission the builtin proposes no float or double sum, and says why; an integer sum it proposes', () => {
    for (const src of [fdot, ddot])
      expect(proposal(src, false)).toMatchObject({ form: 'none', reason: expect.stringMatching(/s is a floating-point sum: a reduction reassociates it, which the user's flags do not allow/) });
    expect(proposal(lsum, false)).toMatchObject({ form: 'plan', plan: { loops: [expect.objectContaining({ reduction: [{ op: '+', vars: ['s'] }] })] } });
  });
  it('with permission it proposes both', () => {
    for (const src of [fdot, ddot]) expect(proposal(src, true)).toMatchObject({ form: 'plan', plan: { loops: [expect.objectContaining({ reduction: [{ op: '+', vars: ['s'] }] })] } });
  });
});
