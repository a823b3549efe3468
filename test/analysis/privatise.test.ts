// Scratch declared outside the loop (issue 24, items 3-4), on the shapes
// real programs use (test/corpus/privatise.c): multigrid rows, an FFT plane
// buffer, an N-body box's pointers, arrays of complex structs, a loop
// bounded by a struct field. Each scratch that every iteration writes
// before it reads is private and the outer loop is parallel; each that is
// read before it is written, or read after the loop, is not. Every best
// plan, applied, prints what the original prints at two and three threads.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze, pickHot, type TranslationUnit } from '../../src/analysis/index.js';
import { loopFindings, proposeBuiltin } from '../../src/propose/builtin/index.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';
import { withoutWorkTest } from '../support/work-test.js';

const source = path.resolve(__dirname, '..', 'corpus', 'privatise.c');
const pp = execFileSync('clang-19', ['-E', source], { encoding: 'utf8' });
const tu = analyze(pp, { sourceFile: source });
const fnOf = (t: TranslationUnit, name: string) => {
  const f = t.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
};
const finding = (name: string, loop: string) => {
  const f = loopFindings(tu, fnOf(tu, name)).find((x) => x.loop === loop);
  if (!f) throw new Error(`${name} has no loop ${loop}`);
  return f;
};
/** The loops the best plan runs in parallel, with their private lists. */
const bestParallel = (name: string) => {
  const p = proposeBuiltin(tu, fnOf(tu, name))[0];
  if (p.form !== 'plan') return p.form === 'none' ? `refused: ${p.reason}` : p.form;
  return Object.fromEntries(p.plan.loops.filter((l) => l.parallel).map((l) => [l.loop, [...(l.private ?? [])].sort()]));
};

describe('scratch written before it is read in every iteration is private', () => {
  it('a row buffer written before it is read in each iteration of the outer loop is private, and the outer loop is parallel', () => {
    expect(finding('mg_resid', 'L1')).toMatchObject({ parallel: true, clauses: expect.stringMatching(/^private\(i1, i2, u1, u2\)/) });
    expect(bestParallel('mg_resid')).toEqual({ L1: ['i1', 'i2', 'u1', 'u2'] });
    // The scalar t set in the row too, C89 style, at the top of the function.
    expect(bestParallel('mg_psinv')).toEqual({ L1: ['i1', 'i2', 'r1', 'r2', 't'] });
  });

  it('a row sized by a macro expression (`double row[MROW]`, MROW = ((1 << 5) + 8)) is private: its size is what the compiler computes', () => {
    expect(finding('macro_row', 'L1')).toMatchObject({ parallel: true, clauses: expect.stringMatching(/private\([^)]*\brow\b/) });
  });

  it('rows reached through row pointers (`out = un + i * nx`) are guarded by a runtime overlap check of the arrays they point into', () => {
    expect(finding('row_sweep', 'L1')).toMatchObject({ parallel: true, clauses: expect.stringMatching(/if disjoint\((?=.*\bun\b)(?=.*\bu\b)(?=.*\bsrc\b)/) });
  });

  it('rows written at every other element (i1 = 2*j1 - d1) and read there are private', () => {
    expect(finding('mg_rprj3', 'L1.1')).toMatchObject({ parallel: true, clauses: expect.stringMatching(/private\(i1, i2, j1, x2, y2, x1, y1\)/) });
    expect(finding('mg_resid_void', 'L1')).toMatchObject({ parallel: true, clauses: expect.stringMatching(/^private\(i1, i2, u1, u2\)/) });
  });

  it('a plane buffer copied in whole before a callee transforms it is private', () => {
    expect(finding('fft_pass', 'L1')).toMatchObject({ parallel: true, clauses: expect.stringMatching(/private\(i, j, plane\)/) });
    expect(bestParallel('fft_pass')).toEqual({ L1: ['i', 'j', 'plane'] });
  });

  it("a static file-scope row written whole in every iteration is each thread's own, and the last iteration's is copied back (doitgen)", () => {
    expect(finding('doitgen_global', 'L1')).toMatchObject({ parallel: true, clauses: expect.stringMatching(/lastprivate\([^)]*\bdg_sum\b/) });
  });

  it('a file-scope row is not privatised when it is not static, not written whole, or a callee reads it', () => {
    expect(finding('global_not_static', 'L1').parallel).toBe(false);
    expect(finding('global_partly_written', 'L1').parallel).toBe(false);
    expect(finding('global_read_by_callee', 'L1').parallel).toBe(false);
  });

  it('a pointer set at the top of each box is private, and what it points to is judged where it points', () => {
    expect(bestParallel('nbody_boxes')).toEqual({ L1: ['d', 'dx', 'fA', 'p', 'q', 'rA'] });
  });
});

describe('scratch that carries a value is not private', () => {
  it('a scratch read before it is written in some iteration is not private', () => {
    expect(finding('carried_row', 'L2')).toMatchObject({ parallel: false, reasons: expect.arrayContaining([expect.stringMatching(/row\[j\]: every iteration of i touches the same elements/)]) });
  });

  it('a row written at odd elements and read at even ones is not private', () => {
    expect(finding('wrong_stride', 'L2').parallel).toBe(false);
  });

  it('a row written only up to m - 1 but read up to m is not private', () => {
    expect(finding('short_row', 'L2').parallel).toBe(false);
  });

  it('a row whose values are read after the loop is not private', () => {
    expect(finding('live_row', 'L1').parallel).toBe(false);
  });

  it('a pointer set in only some iterations is not private', () => {
    expect(finding('sometimes_set', 'L1')).toMatchObject({ parallel: false, reasons: [expect.stringMatching(/pointer p is changed inside the loop/)] });
  });

  it('a row filled under a condition, or by a loop that may stop early, covers nothing after it', () => {
    const t = analyze(`
#define M 16
void cond(int n, int m, int c, double a[][M]) {
  int i, j; double row[M];
  for (i = 0; i < n; i++) {
    if (c) for (j = 0; j < m; j++) row[j] = a[i][j];
    for (j = 0; j < m; j++) a[i][j] = row[j];
  }
}
void early(int n, int m, double a[][M]) {
  int i, j; double row[M];
  for (i = 0; i < n; i++) {
    for (j = 0; j < m; j++) { if (a[i][j] < 0) break; row[j] = a[i][j]; }
    for (j = 0; j < m; j++) a[i][j] = row[j];
  }
}
void stride(int n, int m, double a[][M]) {
  int i, j; double row[M];
  for (i = 0; i < n; i++) {
    for (j = 0; j < m; j += 2) row[j] = a[i][j];
    for (j = 0; j < m; j++) a[i][j] = row[j];
  }
}
void ternary(int n, int m, int c, double a[][M]) {
  int i, j; double row[M];
  for (i = 0; i < n; i++) {
    for (j = 0; j < m; j++) c > j ? (row[j] = a[i][j]) : 0;
    for (j = 0; j < m; j++) a[i][j] = row[j];
  }
}
void member(int n, int m, struct { double re, im; } a[][M]) {
  int i, j; struct { double re, im; } row[M];
  for (i = 0; i < n; i++) {
    for (j = 0; j < m; j++) row[j].re = a[i][j].re;
    for (j = 0; j < m; j++) a[i][j].im = row[j].im;
  }
}
`);
    for (const name of ['cond', 'early', 'stride', 'member', 'ternary']) expect(loopFindings(t, fnOf(t, name))[0], name).toMatchObject({ loop: 'L1', parallel: false });
  });
});

describe('structs and element types', () => {
  it('x[i].real and x[j].real do not depend; .real and .imag of one element are different fields of one iteration', () => {
    expect(finding('complex_scale', 'L1').parallel).toBe(true);
  });

  it('a loop bounded by a struct field passed by value has a trip count', () => {
    const g = fnOf(tu, 'grid_scale');
    expect(g.loops[0].upper).toMatchObject({ kind: 'parameter', names: ['g.n'] });
    expect(finding('grid_scale', 'L1')).toMatchObject({ parallel: true });
    expect(pickHot(tu, 20).map((f) => f.name)).toContain('grid_scale');
  });

  it('a bound read from a struct the loop changes is not a trip count', () => {
    const t = analyze(`
typedef struct { int n; } box;
void shrink(box g, double *a) {
  int i;
  for (i = 0; i < g.n; i++) { a[i] = a[i + 1]; g.n = g.n - 1; }
}`);
    expect(loopFindings(t, fnOf(t, 'shrink'))[0].parallel).toBe(false);
  });
});

describe('a struct local set member by member', () => {
  const t = analyze(`
typedef struct { double x, y, z; } vec;
typedef union { double d; long long i; } pun;
static double g(vec v) { return v.x + v.y + v.z; }
/* box-md's inner pair loop: d's members set, then read; fi cleared, then summed. */
void pairs(int n, const vec *restrict p, vec *restrict f) {
  int i, j; vec d, fi;
  for (i = 0; i < n; i++) {
    fi.x = 0.0; fi.y = 0.0; fi.z = 0.0;
    for (j = 0; j < n; j++) {
      d.x = p[i].x - p[j].x; d.y = p[i].y - p[j].y; d.z = p[i].z - p[j].z;
      fi.x += d.x; fi.y += d.y; fi.z += d.z;
    }
    f[i] = fi;
  }
}
/* Copied in whole, then read. */
void whole(int n, const vec *restrict p, double *restrict out) {
  int i; vec v;
  for (i = 0; i < n; i++) { v = p[i]; out[i] = v.x + v.z; }
}
/* z is read but only x and y were set in the iteration. */
void one_short(int n, const vec *restrict p, double *restrict out) {
  int i; vec d = {0, 0, 0};
  for (i = 0; i < n; i++) { d.x = p[i].x; d.y = p[i].y; out[i] = d.x + d.y + d.z; d.z = out[i]; }
}
/* The struct read whole (a call) after two of its three members were set. */
void passed(int n, const vec *restrict p, double *restrict out) {
  int i; vec d = {0, 0, 0};
  for (i = 0; i < n; i++) { d.x = p[i].x; d.y = p[i].y; out[i] = g(d); }
}
/* A union: the member read is not the member written. */
void punned(int n, const double *restrict a, long long *restrict out) {
  int i; pun u; u.i = 0;
  for (i = 0; i < n; i++) { u.d = a[i]; out[i] = u.i; }
}
/* Set member by member, and read after the loop. */
double after(int n, const vec *restrict p, double *restrict out) {
  int i; vec d;
  for (i = 0; i < n; i++) { d.x = p[i].x; d.y = p[i].y; d.z = p[i].z; out[i] = d.x * d.y * d.z; }
  return d.x;
}
`);
  const first = (name: string) => loopFindings(t, fnOf(t, name))[0];

  it('is private when every member an iteration reads was set earlier in it', () => {
    expect(first('pairs')).toMatchObject({ loop: 'L1', parallel: true, clauses: expect.stringMatching(/private\((?=[^)]*\bd\b)(?=[^)]*\bfi\b)/) });
    expect(first('whole')).toMatchObject({ parallel: true, clauses: expect.stringMatching(/private\([^)]*\bv\b/) });
  });

  it('carries a value when a member, the struct whole, or another member of a union is read first', () => {
    expect(first('one_short')).toMatchObject({ parallel: false, reasons: expect.arrayContaining([expect.stringMatching(/d carries a value/)]) });
    expect(first('passed')).toMatchObject({ parallel: false, reasons: expect.arrayContaining([expect.stringMatching(/d carries a value/)]) });
    expect(first('punned')).toMatchObject({ parallel: false, reasons: expect.arrayContaining([expect.stringMatching(/u carries a value/)]) });
  });

  it('is never lastprivate: set member by member, it is not set whole on every path', () => {
    expect(first('after')).toMatchObject({ parallel: false, reasons: expect.arrayContaining([expect.stringMatching(/d carries a value out of the loop/)]) });
  });
});

describe('the plans print what the original prints (2 and 3 threads)', () => {
  let dir: string;
  const build = (text: string, name: string) => {
    const i = path.join(dir, `${name}.i`);
    const exe = path.join(dir, name);
    writeFileSync(i, text);
    execFileSync('clang-19', ['-fopenmp', '-O1', '-x', 'cpp-output', i, '-o', exe, '-lm'], { stdio: 'pipe' });
    return ['2', '3'].map((n) => execFileSync(exe, { env: { ...process.env, OMP_NUM_THREADS: n }, encoding: 'utf8' }));
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'slmcc-privatise-'));
  });

  it('every function with a plan, spliced with its best plan', () => {
    const [expected] = build(pp, 'orig');
    const reps = tu.functions.flatMap((fn) => {
      const p = proposeBuiltin(tu, fn, { reassociate: false })[0];
      if (p.form !== 'plan' || fn.name === 'main') return [];
      const r = applyPlan(tu, fn, p.plan);
      if (!r.ok) throw new Error(`${fn.name}: ${r.reason}`);
      return [{ fn, text: withoutWorkTest(r.text).replace(/\} else \{\n#/g, `} else { __builtin_printf("overlap check failed in ${fn.name}\\n");\n#`) }];
    });
    expect(reps.map((r) => r.fn.name)).toEqual(
      expect.arrayContaining(['doitgen_global', 'mg_resid', 'mg_resid_void', 'mg_rprj3', 'mg_psinv', 'fft_pass', 'nbody_boxes', 'complex_scale', 'grid_scale', 'macro_row', 'row_sweep']),
    );
    const spliced = spliceFunctions(tu, reps);
    expect(spliced).toMatch(/private\([^)]*\bu1\b/);
    // row_sweep(u, u, ...) is the one call whose arrays overlap: there the check runs the original loop.
    const inPlace = 'overlap check failed in row_sweep\n';
    for (const out of build(spliced, 'plans')) {
      expect(out.split(inPlace).length - 1).toBe(1);
      expect(out.indexOf(inPlace)).toBe(out.indexOf('row_sweep 14862') + 'row_sweep 14862.442252\n'.length);
      expect(out.replace(inPlace, '')).toBe(expected);
    }
  }, 60_000);
});
