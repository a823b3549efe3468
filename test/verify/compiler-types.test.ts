// The harness, the screen and the link test take types as clang-19 reads
// the unit, not as the declarator's text is spelled: PolyBench's padded
// arrays, a void * grid cast to a VLA, a static global -O3 stores in one
// byte, Polly's subfunctions under TSan.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type TranslationUnit } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { linkTest } from '../../src/driver/link-test.js';
import { planHarness } from '../../src/verify/harness.js';
import { screenCandidate, unverifiableReason, verifyFunction } from '../../src/verify/index.js';
import { fixedElements, inputSets } from '../../src/verify/harness.js';

const config = { ...loadConfig({}).config, threads: 2 };

function unitOf(source: string): TranslationUnit {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-ctypes-'));
  const file = path.join(dir, 'unit.c');
  fs.writeFileSync(file, source);
  const pp = execFileSync('clang-19', ['-E', file], { encoding: 'utf8' });
  return analyze(pp, { sourceFile: file });
}

const fnOf = (tu: TranslationUnit, name: string) => tu.functions.find((f) => f.name === name)!;

/** The original, and one code candidate, through the checks alone (nothing is timed). */
async function checked(tu: TranslationUnit, name: string, text: string, opts: { secondLineOnly?: boolean } = {}) {
  return verifyFunction({
    tu,
    fn: fnOf(tu, name),
    cc: ['clang-19'],
    codeFlags: ['-O3'],
    config,
    checksOnly: true,
    ...opts,
    candidates: [{ id: 'cand', origin: { provider: 'builtin' }, form: 'code', text }],
  });
}

/** The same past the claim check: what the tests alone say of a candidate. */
const testedOnly = (tu: TranslationUnit, name: string, text: string) => checked(tu, name, text, { secondLineOnly: true });

// As PolyBench/C 4.2.1's macros write it (POLYBENCH_2D with POLYBENCH_PADDING_FACTOR 0).
const SYRK = `
void kernel_syrk(int n, int m, double alpha, double beta, double C[1200 + 0][1200 + 0], double A[1200 + 0][1000 + 0]) {
  int i, j, k;
#pragma scop
  for (i = 0; i < n; i++) {
    for (j = 0; j <= i; j++) C[i][j] *= beta;
    for (k = 0; k < m; k++)
      for (j = 0; j <= i; j++) C[i][j] += alpha * A[i][k] * A[j][k];
  }
#pragma endscop
}
`;

const SYRK_PARALLEL = `void kernel_syrk(int n, int m, double alpha, double beta, double C[1200 + 0][1200 + 0], double A[1200 + 0][1000 + 0]) {
  int i, j, k;
#pragma scop
  #pragma omp parallel for private(j, k)
  for (i = 0; i < n; i++) {
    for (j = 0; j <= i; j++) C[i][j] *= beta;
    for (k = 0; k < m; k++)
      for (j = 0; j <= i; j++) C[i][j] += alpha * A[i][k] * A[j][k];
  }
#pragma endscop
}`;

describe('a padded PolyBench array', () => {
  it('runs in the harness at its declared shape, its sizes capped by the dimensions', () => {
    const tu = unitOf(SYRK);
    const plan = planHarness(fnOf(tu, 'kernel_syrk'), tu);
    const [c, a] = [plan.params[4], plan.params[5]];
    expect(c.kind).toMatchObject({ kind: 'buffer', dims: [1200, 1200] });
    expect(fixedElements(c.kind)).toBe(1200 * 1200);
    expect(fixedElements(a.kind)).toBe(1200 * 1000);
    // m counts A's columns (1000), n its rows and C's (1200).
    expect(plan.params[1].cap).toBe(1000);
    expect(plan.params[0].cap).toBe(1200);
  });

  it('as a global, caps each size by the dimension it indexes', () => {
    const tu = unitOf('double G[1000 + 0][1200 + 0];\nvoid fill(int n, int m) { for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) G[i][j] = i + j; }\n');
    const plan = planHarness(fnOf(tu, 'fill'), tu);
    expect(plan.globalDims.G).toBe(2);
    expect(plan.params.map((p) => p.cap)).toEqual([1000, 1200]);
  });

  it("keeps the original's own #pragma scop in a candidate, and its parallel outer loop passes every check", async () => {
    const tu = unitOf(SYRK);
    const r = await checked(tu, 'kernel_syrk', SYRK_PARALLEL);
    expect(r.verdict.kind).not.toBe('unverifiable');
    for (const c of r.candidates[0].checks) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
  }, 600_000);
});

const GRID = `
void smooth(int n1, int n2, int n3, void *ou, void *ov) {
  double (*u)[n2][n1] = (double (*)[n2][n1])ou;
  double (*v)[n2][n1] = (double (*)[n2][n1])ov;
  for (int k = 0; k < n3; k++)
    for (int j = 1; j < n2 - 1; j++)
      for (int i = 0; i < n1; i++) u[k][j][i] = 0.5 * (v[k][j - 1][i] + v[k][j + 1][i]);
}
`;

const GRID_PARALLEL = `void smooth(int n1, int n2, int n3, void *ou, void *ov) {
  double (*u)[n2][n1] = (double (*)[n2][n1])ou;
  double (*v)[n2][n1] = (double (*)[n2][n1])ov;
  #pragma omp parallel for
  for (int k = 0; k < n3; k++)
    for (int j = 1; j < n2 - 1; j++)
      for (int i = 0; i < n1; i++) u[k][j][i] = 0.5 * (v[k][j - 1][i] + v[k][j + 1][i]);
}`;

describe('a void * grid cast to a VLA pointer', () => {
  it('is driven as that VLA: a buffer of doubles spanning three sizes', () => {
    const tu = unitOf(GRID);
    const fn = fnOf(tu, 'smooth');
    expect(unverifiableReason(fn, tu)).toBeUndefined();
    const plan = planHarness(fn, tu);
    expect(plan.params[3].kind).toMatchObject({ kind: 'buffer', elem: 'double', viewDims: 2 });
    expect(plan.params[3].degree).toBe(3);
  });

  it('passes the screen with the cast in it: the cast calls nothing', () => {
    const tu = unitOf(GRID);
    const s = screenCandidate(tu, fnOf(tu, 'smooth'), { id: 'c', origin: { provider: 'builtin' }, form: 'code', text: GRID_PARALLEL });
    expect(s.ok, s.detail).toBe(true);
  });

  it('runs in the harness, and a parallel outer loop passes every check', async () => {
    const tu = unitOf(GRID);
    const r = await checked(tu, 'smooth', GRID_PARALLEL);
    expect(r.verdict.kind).not.toBe('unverifiable');
    for (const c of r.candidates[0].checks) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
  }, 600_000);

  it('stays an untyped pointer when the body never says what it points to', () => {
    const tu = unitOf('void zero(int n, void *p) { for (int i = 0; i < n; i++) ((char *)p)[i] = 0; }\nvoid keep(int n, void *p) { for (int i = 0; i < n; i++) if (!p) return; }\n');
    expect(unverifiableReason(fnOf(tu, 'keep'), tu)).toMatch(/untyped pointer/);
    expect(unverifiableReason(fnOf(tu, 'zero'), tu)).toBeUndefined();
  });
});

// NPB CG's shape: -O3 proves lastcol holds 0 or NA - 1 and stores it as one byte.
const SHRUNK = `
#define NA 500
static int lastcol;
double x[NA], y[NA];
void setup(void) { lastcol = NA - 1; }
void scale(double s) {
  for (int j = 0; j <= lastcol; j++) y[j] = s * x[j];
}
`;

const SHRUNK_PARALLEL = `void scale(double s) {
  #pragma omp parallel for
  for (int j = 0; j <= lastcol; j++) y[j] = s * x[j];
}`;

describe('a static global -O3 stores in one byte', () => {
  it('is one byte in the object, and a correct candidate still passes every check', async () => {
    const tu = unitOf(SHRUNK);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-shrunk-'));
    const src = path.join(dir, 'u.c');
    fs.writeFileSync(src, SHRUNK);
    execFileSync('clang-19', ['-O3', '-c', src, '-o', path.join(dir, 'u.o')]);
    const nm = execFileSync('nm', ['-P', path.join(dir, 'u.o')], { encoding: 'utf8' });
    expect(nm).toMatch(/^lastcol b \S+ 1$/m);
    const r = await checked(tu, 'scale', SHRUNK_PARALLEL);
    for (const c of r.candidates[0].checks) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
  }, 600_000);
});

describe('Polly under TSan', () => {
  it('may refer to the unwinder in a sanitizer build: its parallel subfunction is not nounwind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-polly-tsan-'));
    const src = path.join(dir, 'v.c');
    fs.writeFileSync(src, 'void vadd(int n, double *restrict a, const double *restrict b) { for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i*n+j] += b[j*n+i]; }\n');
    const tsan = ['-O3', '-fsanitize=thread', '-g1', '-c', src, '-o'];
    execFileSync('clang-19', [...tsan, path.join(dir, 'orig.o')]);
    execFileSync('clang-19', [...tsan, path.join(dir, 'polly.o'), '-fopenmp', '-mllvm', '-polly', '-mllvm', '-polly-parallel']);
    expect(execFileSync('nm', ['-u', path.join(dir, 'polly.o')], { encoding: 'utf8' })).toMatch(/__gcc_personality_v0/);
    expect(await linkTest(['clang-19'], path.join(dir, 'polly.o'), path.join(dir, 'orig.o'))).toBeUndefined();
  }, 120_000);
});

// Complex numbers as a struct, as a 3-D FFT code writes them: a record of two
// doubles is two doubles per element to fill and compare.
const COMPLEX = `
typedef struct { double real, imag; } dcomplex;
void evolve(int n3, int n2, int n1, dcomplex u0[n3][n2][n1], dcomplex u1[n3][n2][n1], const double *ex) {
  for (int k = 0; k < n3; k++)
    for (int j = 0; j < n2; j++)
      for (int i = 0; i < n1; i++) {
        u0[k][j][i].real *= ex[i + j + k];
        u0[k][j][i].imag *= ex[i + j + k];
        u1[k][j][i] = u0[k][j][i];
      }
}
`;
const complexCandidate = (body: string) => `void evolve(int n3, int n2, int n1, dcomplex u0[n3][n2][n1], dcomplex u1[n3][n2][n1], const double *ex) {
  #pragma omp parallel for
  for (int k = 0; k < n3; k++)
    for (int j = 0; j < n2; j++)
      for (int i = 0; i < n1; i++) {
${body}
      }
}`;
const COMPLEX_PARALLEL = complexCandidate(`        u0[k][j][i].real *= ex[i + j + k];
        u0[k][j][i].imag *= ex[i + j + k];
        u1[k][j][i] = u0[k][j][i];`);
// An honest slip: the imaginary part scaled by the real part's factor of the next element.
const COMPLEX_WRONG = complexCandidate(`        u0[k][j][i].real *= ex[i + j + k];
        u0[k][j][i].imag *= ex[i + j + k + 1];
        u1[k][j][i] = u0[k][j][i];`);

describe('an array of records of one scalar type (complex numbers as a struct)', () => {
  it('is driven as that many scalars per element; an array of records with a pointer or mixed fields is not', () => {
    const tu = unitOf(COMPLEX);
    const fn = fnOf(tu, 'evolve');
    expect(unverifiableReason(fn, tu)).toBeUndefined();
    expect(planHarness(fn, tu).params[3].kind).toMatchObject({ kind: 'buffer', elem: 'double', per: 2 });
    const other = unitOf(`typedef struct { int n; double *v; } grid_t;
typedef struct { int id; double x; } mixed_t;
void a(int n, grid_t *g) { for (int i = 0; i < n; i++) g[i].n = i; }
void b(int n, mixed_t *m) { for (int i = 0; i < n; i++) m[i].x = i; }
void c(int n, grid_t g) { for (int i = 0; i < n; i++) g.v[i] = i; }
`);
    for (const name of ['a', 'b']) expect(unverifiableReason(fnOf(other, name), other)).toMatch(/is a struct or union/);
    // One record of a size and a pointer, passed by value, is built member by member (record-params.test.ts).
    expect(unverifiableReason(fnOf(other, 'c'), other)).toBeUndefined();
  });

  it('runs in the harness: a parallel outer loop passes every check, a wrong imaginary part is refused by the comparison', async () => {
    const tu = unitOf(COMPLEX);
    const good = await checked(tu, 'evolve', COMPLEX_PARALLEL);
    for (const c of good.candidates[0].checks) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
    const bad = await testedOnly(tu, 'evolve', COMPLEX_WRONG);
    const failed = bad.candidates[0].checks.find((c) => !c.ok);
    expect(failed?.check).toMatch(/differential|asan/);
  }, 600_000);
});

// A solver's parameters passed by value, as cg-rand and NPB's CG pass them.
const PARAMS = `typedef struct {
  int n;      /* rows */
  int m;      /* another size, equal to n in every set that moves the sizes together */
  double alpha;
  long reps;
} Params;
void axpy(Params p, double *restrict y, const double *restrict x) {
  for (int i = 0; i < p.n; i++) y[i] += p.alpha * x[i];
}
`;
const axpyWith = (bound: string) => `void axpy(Params p, double *restrict y, const double *restrict x) {
  #pragma omp parallel for
  for (int i = 0; i < ${bound}; i++) y[i] += p.alpha * x[i];
}`;

describe('a record of arithmetic fields passed by value (a solver parameter block)', () => {
  it('is built field by field; a record with a pointer field or an array field is built as a record of members', () => {
    const tu = unitOf(PARAMS);
    const fn = fnOf(tu, 'axpy');
    expect(unverifiableReason(fn, tu)).toBeUndefined();
    expect(planHarness(fn, tu).params[0].kind).toEqual({
      kind: 'scalar',
      type: 'Params',
      fields: [
        { name: 'n', type: 'int' },
        { name: 'm', type: 'int' },
        { name: 'alpha', type: 'double' },
        { name: 'reps', type: 'long' },
      ],
    });
    // Each integer field is varied on its own too, as an integer parameter is.
    const sets = inputSets(planHarness(fn, tu)).map((x) => x.name);
    expect(sets).toEqual(expect.arrayContaining(['p.n=1, other integers n=32', 'p.m=1, other integers n=32', 'p.reps=1, other integers n=32']));
    expect(sets.some((x) => x.startsWith('p.alpha='))).toBe(false);
    const other = unitOf(`typedef struct { int n; double *v; } grid_t;
struct shape { int n; double w[4]; };
void c(int n, grid_t g) { for (int i = 0; i < n; i++) g.v[i] = i; }
void d(struct shape s, double *out) { for (int i = 0; i < s.n; i++) out[i] = s.w[i % 4]; }
`);
    for (const name of ['c', 'd']) {
      expect(unverifiableReason(fnOf(other, name), other)).toBeUndefined();
      expect(planHarness(fnOf(other, name), other).params.find((p) => p.kind.kind === 'record')?.kind).toMatchObject({ kind: 'record', byValue: true });
    }
  });

  it('runs in the harness: a parallel loop passes every check; a loop to the wrong field is refused by the comparison', async () => {
    const tu = unitOf(PARAMS);
    const good = await checked(tu, 'axpy', axpyWith('p.n'));
    for (const c of good.candidates[0].checks) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
    const bad = await testedOnly(tu, 'axpy', axpyWith('p.m'));
    const failed = bad.candidates[0].checks.find((c) => !c.ok);
    expect(failed?.check, JSON.stringify(bad.candidates[0].checks)).toBe('differential');
    // The sets that give the two fields unequal values tell them apart.
    expect(failed?.detail).toMatch(/outputs differ at y\[/);
  }, 600_000);
});
