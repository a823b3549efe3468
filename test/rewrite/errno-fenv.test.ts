// What ships keeps errno and the floating-point environment as the original
// leaves them, for every thread count: the caller's errno survives libomp's
// initialisation, a worker's EDOM and FE_DIVBYZERO reach the caller, and the
// workers compute in the caller's rounding mode. Each case is also run
// without the guard (the function text pasted in plainly), which must show
// the difference: the cases have teeth.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type FunctionInfo, type TranslationUnit } from '../../src/analysis/index.js';
import { POLLY_FLAGS, pollyOnlyFunc } from '../../src/core/polly.js';
import { pollyInUnit, spliceFunctions } from '../../src/rewrite/index.js';
import { splitParallel, withErrnoFenvGuard } from '../../src/rewrite/errno-fenv.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-errno-fenv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// main picks a case from argv; no OpenMP call of its own before the kernel,
// so the kernel's first region is the process' first contact with libomp.
// libomp's initialisation sets ENOENT only where LANG names a locale (it
// looks for its message catalogue): the runs set the usual one.
const PROGRAM = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fenv.h>
#include <math.h>
static double x[3000], y[3000];
void divide(int n, double *restrict a, const double *restrict d) {
  int i;
  for (i = 0; i < n; i++)
    a[i] = a[i] / d[i];
}
void roots(int n, const double *restrict a, double *restrict r) {
  for (int i = 0; i < n; i++)
    r[i] = sqrt(a[i]);
}
double total(int n, const double *restrict a) {
  double s = 0;
  int i, k = -1;
  for (i = 0; i < n; i++) {
    s += a[i];
    k = i;
  }
  return s + k;
}
int main(int argc, char **argv) {
  int i;
  const char *c = argv[1];
  for (i = 0; i < 3000; i++) { x[i] = 1.0; y[i] = 3.0; }
  if (!strcmp(c, "errno-zero")) { errno = 0; divide(3000, x, y); printf("errno %d\\n", errno); }
  if (!strcmp(c, "errno-edom-kept")) { errno = EDOM; divide(3000, x, y); printf("errno %d\\n", errno); }
  if (!strcmp(c, "upward")) {
    /* Threads inherit their creator's FP environment: the pool must exist before the mode changes, as in a program that ran a region before. */
    divide(3000, x, y);
    for (i = 0; i < 3000; i++) x[i] = 1.0;
    fesetround(FE_UPWARD);
    divide(3000, x, y);
    printf("%.17g %.17g %.17g upward %d\\n", x[0], x[1500], x[2999], fegetround() == FE_UPWARD);
  }
  if (!strcmp(c, "divbyzero")) {
    y[2999] = 0.0;
    feclearexcept(FE_ALL_EXCEPT);
    divide(3000, x, y);
    printf("divbyzero %d overflow %d invalid %d\\n", !!fetestexcept(FE_DIVBYZERO), !!fetestexcept(FE_OVERFLOW), !!fetestexcept(FE_INVALID));
  }
  if (!strcmp(c, "reduce")) {
    for (i = 0; i < 3000; i++) x[i] = i % 7;
    printf("total %.1f\\n", total(3000, x));
  }
  if (!strcmp(c, "edom-late")) {
    x[2999] = -1.0;
    errno = 0; feclearexcept(FE_ALL_EXCEPT);
    roots(3000, x, y);
    printf("errno %d invalid %d\\n", errno, !!fetestexcept(FE_INVALID));
  }
  return 0;
}
`;

const PARALLEL = {
  divide:
    'void divide(int n, double *restrict a, const double *restrict d) {\n  int i;\n#pragma omp parallel for schedule(static) default(none) shared(a, d, n)\n  for (i = 0; i < n; i++)\n    a[i] = a[i] / d[i];\n}',
  roots: 'void roots(int n, const double *restrict a, double *restrict r) {\n#pragma omp parallel for\n  for (int i = 0; i < n; i++)\n    r[i] = sqrt(a[i]);\n}',
  total:
    'double total(int n, const double *restrict a) {\n  double s = 0;\n  int i, k = -1;\n#pragma omp parallel for reduction(+:s) lastprivate(k) default(none) shared(a, n)\n  for (i = 0; i < n; i++) {\n    s += a[i];\n    k = i;\n  }\n  return s + k;\n}',
};

function unit(): { pp: string; tu: TranslationUnit; fns: FunctionInfo[] } {
  const src = path.join(dir, 'prog.c');
  fs.writeFileSync(src, PROGRAM);
  const pp = execFileSync('clang-19', ['-E', src], { encoding: 'utf8' });
  const tu = analyze(pp, { sourceFile: src });
  return { pp, tu, fns: ['divide', 'roots', 'total'].map((n) => tu.functions.find((f) => f.name === n)!) };
}

function compile(name: string, text: string, extra: string[] = []): string {
  const i = path.join(dir, `${name}.i`);
  fs.writeFileSync(i, text);
  const exe = path.join(dir, name);
  execFileSync('clang-19', ['-O2', '-fopenmp', ...extra, '-x', 'cpp-output', i, '-o', exe, '-lm']);
  return exe;
}

const run = (exe: string, c: string, threads: number, env: Record<string, string> = {}) => {
  const r = spawnSync(exe, [c], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C.UTF-8', OMP_NUM_THREADS: String(threads), ...env } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

const { pp, tu, fns } = unit();
const replacements = fns.map((fn) => ({ fn, text: PARALLEL[fn.name as keyof typeof PARALLEL] }));
const serial = compile('serial', pp);
const guarded = compile('guarded', spliceFunctions(tu, replacements));
// The same parallel text with nothing added: what the guard is for.
let plain = pp;
for (const r of [...replacements].sort((a, b) => b.fn.start - a.fn.start)) plain = plain.slice(0, r.fn.start) + r.text + plain.slice(r.fn.end);
const unguarded = compile('unguarded', plain);

describe('a shipped parallel function leaves errno and the FP environment as the original', () => {
  const cases: [string, string][] = [
    ['errno-zero', "errno 0 stays 0 across libomp's first region (not ENOENT)"],
    ['errno-edom-kept', "the caller's EDOM stays when the loop sets no errno"],
    ['upward', "the caller's FE_UPWARD holds inside the workers"],
    ['divbyzero', "FE_DIVBYZERO raised in the last thread's iterations reaches the caller"],
    ['edom-late', "EDOM and FE_INVALID from sqrt(-1) in the last thread's iterations reach the caller"],
  ];
  // libomp on x86 hands the caller's FP control word to its workers at each
  // fork (KMP_INHERIT_FP_CONTROL, on by default); OpenMP does not promise it,
  // libgomp does not do it, and a user may turn it off: the rounding case runs
  // without it too, which is where the unguarded code shows the difference.
  const noInherit = { KMP_INHERIT_FP_CONTROL: 'false' };
  for (const [c, what] of cases)
    it(what, () => {
      const want = run(serial, c, 1);
      for (const t of [2, 3, 7]) {
        expect(run(guarded, c, t), `${c} at ${t} threads`).toBe(want);
        expect(run(guarded, c, t, noInherit), `${c} at ${t} threads without libomp's FP inheritance`).toBe(want);
      }
      // Without the guard, some thread count shows the difference.
      expect([2, 3, 7].map((t) => run(unguarded, c, t, noInherit))).not.toEqual([want, want, want]);
    });

  it('a split construct keeps its reduction and lastprivate (the inner directive is nowait)', () => {
    const want = run(serial, 'reduce', 1);
    expect(want).toBe('total 11993.0\n');
    for (const t of [2, 3, 7]) expect(run(guarded, 'reduce', t), `${t} threads`).toBe(want);
  });

  it('the serial original really leaves what the cases expect', () => {
    expect(run(serial, 'errno-zero', 1)).toBe('errno 0\n');
    expect(run(serial, 'divbyzero', 1)).toMatch(/divbyzero 1/);
    expect(run(serial, 'edom-late', 1)).toBe(`errno ${os.constants.errno.EDOM} invalid 1\n`);
    // 1/3 rounded up, not to nearest (0.33333333333333331).
    expect(run(serial, 'upward', 1)).toMatch(/^0\.33333333333333338 .* upward 1\n$/);
  });
});

describe("a Polly unit keeps the caller's errno", () => {
  // Polly parallelises this nest (LLVM emits the libomp calls: no source to bracket).
  const SRC = `#include <stdio.h>
#include <errno.h>
static double A[600][600], B[600][600];
void stencil(int n, double a[600][600], double b[600][600]) {
  for (int i = 1; i < n - 1; i++)
    for (int j = 1; j < n - 1; j++)
      b[i][j] = 0.25 * (a[i - 1][j] + a[i + 1][j] + a[i][j - 1] + a[i][j + 1]);
}
int main(void) {
  for (int i = 0; i < 600; i++) for (int j = 0; j < 600; j++) A[i][j] = (i * 7 + j) % 13;
  errno = 0;
  stencil(600, A, B);
  printf("errno %d sum %.1f\\n", errno, B[300][300]);
  return 0;
}
`;
  it("errno 0 stays 0 after the Polly function opened libomp's first region", () => {
    const src = path.join(dir, 'polly.c');
    fs.writeFileSync(src, SRC);
    const ppp = execFileSync('clang-19', ['-E', src], { encoding: 'utf8' });
    const ptu = analyze(ppp, { sourceFile: src });
    const fn = ptu.functions.find((f) => f.name === 'stencil')!;
    // main kept as written: stencil stays out of line, so its region is libomp's first (melted into main, Polly's own region for main's init loop would be).
    const u = pollyInUnit(ptu, [fn], { keepOwnCode: ['main'] });
    const flags = [...POLLY_FLAGS, '-mllvm', pollyOnlyFunc(u.polly), '-mllvm', '-polly-parallel-force'];
    const withInit = compile('polly-init', u.main, flags);
    expect(u.main).toContain('__slmcc_omp_early');
    const without = compile('polly-bare', u.main.slice(0, u.main.lastIndexOf('# 1 "<slmcc>"')), flags);
    const r = run(withInit, '', 2);
    expect(r).toMatch(/^errno 0 /);
    // The bare Polly build shows what the initialisation does (the test's teeth).
    expect(run(without, '', 2)).toMatch(new RegExp(`^errno ${os.constants.errno.ENOENT} `));
  });
});

describe('a program that does not link libm', () => {
  it('links without it (the fenv functions are weak references) and still keeps errno', () => {
    const src = path.join(dir, 'nolibm.c');
    fs.writeFileSync(
      src,
      '#include <stdio.h>\n#include <errno.h>\nstatic double v[4000];\nvoid fill(int n, double *a) {\n  for (int i = 0; i < n; i++)\n    a[i] = i * 0.5;\n}\nint main(void) {\n  errno = 0;\n  fill(4000, v);\n  printf("errno %d %.1f\\n", errno, v[3999]);\n  return 0;\n}\n',
    );
    const ntu = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
    const fn = ntu.functions.find((f) => f.name === 'fill')!;
    const i = path.join(dir, 'nolibm.i');
    fs.writeFileSync(i, spliceFunctions(ntu, [{ fn, text: 'void fill(int n, double *a) {\n#pragma omp parallel for\n  for (int i = 0; i < n; i++)\n    a[i] = i * 0.5;\n}' }]));
    const exe = path.join(dir, 'nolibm');
    execFileSync('clang-19', ['-O2', '-fopenmp', '-x', 'cpp-output', i, '-o', exe]);
    for (const t of [2, 3, 7]) expect(run(exe, '', t)).toBe('errno 0 1999.5\n');
  });
});

describe('the guard keeps every line where it was', () => {
  it('diagnostics and the functions after it keep their lines, and the spliced unit reads back whole', () => {
    const src = path.join(dir, 'lines.c');
    fs.writeFileSync(src, `${PROGRAM}\nint after(void) { return 1; }\n`);
    const ltu = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
    const divide = ltu.functions.find((f) => f.name === 'divide')!;
    // An error on the loop's body line (line 3 of the text) must be reported there.
    const broken = PARALLEL.divide.replace('a[i] / d[i]', 'a[i] / d[i] + no_such_name');
    const spliced = spliceFunctions(ltu, [{ fn: divide, text: broken }]);
    const again = analyze(spliced, { sourceFile: src });
    for (const name of ['divide', 'main', 'after']) expect(again.functions.find((f) => f.name === name)?.sourceLine, name).toBe(ltu.functions.find((f) => f.name === name)!.sourceLine);
    const i = path.join(dir, 'lines.i');
    fs.writeFileSync(i, spliced);
    const r = spawnSync('clang-19', ['-fopenmp', '-fsyntax-only', '-x', 'cpp-output', i], { encoding: 'utf8' });
    expect(r.stderr).toContain(`lines.c:${divide.sourceLine + 4}:`);
    expect(r.stderr).toContain("use of undeclared identifier 'no_such_name'");
  });

  it("a region's directive becomes fork, parallel, enter and the inner directive, all on the directive's line", () => {
    const g = withErrnoFenvGuard(PARALLEL.divide, { file: 'k.c', line: 10 });
    expect(g.guarded).toBe(true);
    expect(g.text).toContain(
      [
        '{ struct __slmcc_fe __slmcc_fe0; __slmcc_fe_fork(&__slmcc_fe0);',
        '# 12 "k.c"',
        '#pragma omp parallel shared(a, d, n) shared(__slmcc_fe0)',
        '# 12 "k.c"',
        '{ unsigned long long __slmcc_fe0_own[8]; __slmcc_fe_enter(&__slmcc_fe0, __slmcc_fe0_own);',
        '# 12 "k.c"',
        '#pragma omp for schedule(static) nowait',
        '# 13 "k.c"',
        '  for (i = 0; i < n; i++)',
        '    a[i] = a[i] / d[i]; __slmcc_fe_leave(&__slmcc_fe0, __slmcc_fe0_own); } __slmcc_fe_join(&__slmcc_fe0); }',
      ].join('\n'),
    );
  });

  it("a combined construct's clauses go where OpenMP applies them", () => {
    expect(splitParallel('omp parallel for simd reduction(+:s) num_threads(t) private(j) collapse(2) if(n > 100) proc_bind(close)', 'r')).toEqual({
      parallel: 'omp parallel num_threads(t) if(n > 100) proc_bind(close) shared(r)',
      inner: 'omp for simd reduction(+:s) private(j) collapse(2) nowait',
    });
    expect(splitParallel('omp parallel sections default(firstprivate) lastprivate(k)', 'r')).toEqual({
      parallel: 'omp parallel default(firstprivate) shared(k) shared(r)',
      inner: 'omp sections lastprivate(k) nowait',
    });
    expect(splitParallel('omp parallel default(none) shared(a)', 'r')).toEqual({ parallel: 'omp parallel default(none) shared(a) shared(r)' });
  });

  it('nested regions close inner first, and compile under C89', () => {
    const text = 'void f(int n, double *a) {\n#pragma omp parallel\n#pragma omp single\n  {\n#pragma omp parallel for\n    for (int i = 0; i < n; i++) a[i] = 1;\n  }\n}';
    const g = withErrnoFenvGuard(text, { file: 'n.c', line: 1 });
    expect(g.text).toMatch(/__slmcc_fe_leave\(&__slmcc_fe1, __slmcc_fe1_own\); \} __slmcc_fe_join\(&__slmcc_fe1\); \}\n  \} __slmcc_fe_leave\(&__slmcc_fe0/);
    const c89 = text.replace('for (int i = 0;', 'for (i = 0;').replace('{\n#pragma omp parallel\n#pragma omp single', '{\n  int i;\n#pragma omp parallel\n#pragma omp single');
    const ntu = analyze(`# 1 "n.c"\n${c89}\n`);
    const out = path.join(dir, 'nested.i');
    fs.writeFileSync(out, spliceFunctions(ntu, [{ fn: ntu.functions[0], text: c89 }]));
    execFileSync('clang-19', ['-fopenmp', '-std=c89', '-Werror=declaration-after-statement', '-fsyntax-only', '-x', 'cpp-output', out]);
  });
});
