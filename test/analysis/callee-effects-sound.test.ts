// The effect summaries of callees are sound: every write a callee makes
// through a pointer parameter (directly, through a local copy, pointer
// arithmetic, a pointer-to-rows cast, a struct field, pointers swapped),
// to a global (directly or through a pointer to it), or through its own
// callees (transitively, recursion included) is counted. Each case is a small
// C program whose loop must NOT be called parallel; the legal counterparts
// after them still are.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loopFindings } from '../../src/analysis/dependence/index.js';
import { effectsOf } from '../../src/analysis/dependence/effects.js';
import { PURE_LIBRARY } from '../../src/analysis/dependence/pure.js';

const dir = mkdtempSync(path.join(tmpdir(), 'slmcc-effects-'));
let n = 0;

/** The unit as the driver sees it: preprocessed by the real compiler. */
function unit(src: string) {
  const file = path.join(dir, `u${n++}.c`);
  writeFileSync(file, `#include <math.h>\n#include <stddef.h>\n${src}`);
  return analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }));
}

/** The verdict on one loop of the function `drive`: 'parallel' or the reasons. */
function verdict(src: string, loop = 'L1'): string {
  const tu = unit(src);
  const fn = tu.functions.find((f) => f.name === 'drive');
  if (!fn) throw new Error('no function drive');
  const f = loopFindings(tu, fn).find((x) => x.loop === loop);
  if (!f) throw new Error(`drive has no loop ${loop}`);
  return f.parallel ? 'parallel' : f.reasons.join(' | ');
}

const STEP = `
static void step(double *p, double *q, int n)
{
	for (int i = 1; i < n - 1; i++)
		q[i] = (p[i - 1] + p[i] + p[i + 1]) / 3.0;
	for (int i = 1; i < n - 1; i++)
		p[i] = q[i];
}`;

describe('a loop calling a callee that writes shared memory is not parallel', () => {
  it('a time-stepping driver: the same two pointers every iteration', () => {
    expect(
      verdict(`${STEP}
void drive(double *p, double *q, int n, int T) { for (int t = 0; t < T; t++) step(p, q, n); }`),
    ).toMatch(/calls step, which writes through its 1st argument `p`.*calls step, which writes through its 2nd argument `q`/);
  });

  it('the driver over two arrays of its own', () => {
    expect(
      verdict(`${STEP}
double drive(int T) { double a[64] = {1}, b[64] = {0}; for (int t = 0; t < T; t++) step(a, b, 64); return a[5]; }`),
    ).toMatch(/calls step, which writes through its 1st argument `a`/);
  });

  it('writes through a local copy of the pointer', () => {
    expect(
      verdict(`
static void step(double *p, double *q, int n) { double *src = p, *dst = q; for (int i = 1; i < n; i++) dst[i] = src[i - 1]; double *back; back = dst; for (int i = 0; i < n; i++) src[i] = back[i]; }
void drive(double *p, double *q, int n, int T) { for (int t = 0; t < T; t++) step(p, q, n); }`),
    ).toMatch(/calls step, which writes through its 1st argument `p`/);
  });

  it('writes through a pointer to rows made by a cast: (double (*)[N])p', () => {
    const src = `
static void step(void *vp, void *vq, int n) { double (*P)[8] = (double (*)[8])vp; double (*Q)[8] = vq; for (int i = 1; i < n; i++) for (int j = 0; j < 8; j++) Q[i][j] = P[i - 1][j]; for (int i = 0; i < n; i++) for (int j = 0; j < 8; j++) P[i][j] = Q[i][j]; }
void drive(double *p, double *q, int n, int T) { for (int t = 0; t < T; t++) step(p, q, n); }`;
    expect(effectsOf(unit(src), 'step')!.params.slice(0, 2)).toEqual([
      { read: 'unknown', write: 'unknown' },
      { read: 'unknown', write: 'unknown' },
    ]);
    expect(verdict(src)).toMatch(/calls step, which writes through its 1st argument `p`/);
  });

  it('writes through pointer arithmetic: *(p + i), *p++', () => {
    expect(
      verdict(`
static void step(double *p, int n) { for (int i = 1; i < n; i++) *(p + i) += *(p + i - 1); double *e = p + n; while (p < e) *p++ *= 0.5; }
void drive(double *p, int n, int T) { for (int t = 0; t < T; t++) step(p, n); }`),
    ).toMatch(/calls step, which writes through its 1st argument `p`/);
  });

  it('writes through a pointer held in a struct field', () => {
    expect(
      verdict(`
struct grid { double *u, *v; int n; };
static void step(struct grid *g) { for (int i = 1; i < g->n - 1; i++) g->v[i] = g->u[i - 1] + g->u[i + 1]; }
void drive(struct grid *g, int T) { for (int t = 0; t < T; t++) step(g); }`),
    ).toMatch(/calls step, which writes through a pointer loaded from memory/);
    expect(
      verdict(`
struct grid { double *u, *v; int n; };
static void step(struct grid g) { for (int i = 1; i < g.n - 1; i++) g.v[i] = g.u[i - 1]; }
void drive(struct grid g, int T) { for (int t = 0; t < T; t++) step(g); }`),
    ).toMatch(/calls step, which writes through a pointer loaded from memory/);
  });

  it('pointers swapped in the loop: tmp = p; p = q; q = tmp;', () => {
    expect(
      verdict(`
static void step(const double *restrict p, double *restrict q, int n) { for (int i = 1; i < n - 1; i++) q[i] = p[i - 1] + p[i + 1]; }
void drive(double *p, double *q, int n, int T) { double *tmp; for (int t = 0; t < T; t++) { step(p, q, n); tmp = p; p = q; q = tmp; } }`),
    ).toMatch(/pointer p is changed inside the loop/);
  });

  it('pointers swapped inside the callee', () => {
    expect(
      verdict(`
static void step(double *p, double *q, int n) { for (int k = 0; k < 2; k++) { for (int i = 1; i < n; i++) q[i] = p[i - 1]; double *tmp = p; p = q; q = tmp; } }
void drive(double *p, double *q, int n, int T) { for (int t = 0; t < T; t++) step(p, q, n); }`),
    ).toMatch(/calls step, which writes through its 1st argument `p`.*2nd argument `q`/);
  });

  it('writes to a global, directly, through a pointer to it, and through its address', () => {
    const globals = `double G[64]; double total; static void bump(double *x) { *x += 1; }
static void direct(int i) { G[i % 64] += 1; }
static void via_pointer(int i) { double *r = G; r[(i + 1) % 64] = i; }
static void via_address(int i) { bump(&total); }`;
    expect(verdict(`${globals}\nvoid drive(int n) { for (int i = 0; i < n; i++) direct(i); }`)).toBe('calls direct, which writes the global G');
    expect(verdict(`${globals}\nvoid drive(int n) { for (int i = 0; i < n; i++) via_pointer(i); }`)).toBe('calls via_pointer, which writes the global G');
    expect(verdict(`${globals}\nvoid drive(int n) { for (int i = 0; i < n; i++) via_address(i); }`)).toBe('calls via_address, which writes the global total');
  });

  it("writes of a callee's callee, two levels down", () => {
    expect(
      verdict(`
static void leaf(double *p, int n) { for (int i = 1; i < n; i++) p[i] += p[i - 1]; }
static void mid(double *p, int n) { leaf(p + 1, n - 1); }
static void top(double *p, int n) { mid(p, n); }
void drive(double *p, int n, int T) { for (int t = 0; t < T; t++) top(p, n); }`),
    ).toMatch(/calls top, which writes through its 1st argument `p`/);
  });

  it('mutual recursion is not summarised', () => {
    expect(
      verdict(`
static void odd(double *p, int k);
static void even(double *p, int k) { if (k > 0) odd(p, k - 1); else p[0] += 1; }
static void odd(double *p, int k) { if (k > 0) even(p, k - 1); }
void drive(double *a, int n) { for (int i = 0; i < n; i++) even(&a[i], 3); }`),
    ).toMatch(/calls even, which is recursive \(even → odd → even\)/);
  });

  it('a callee with no body in the unit is unknown, never pure', () => {
    expect(verdict(`void ext(double *p);\nvoid drive(double *a, int n) { for (int i = 0; i < n; i++) ext(&a[i]); }`)).toBe('calls ext, which is not defined in this file (its effects are unknown)');
    expect(verdict(`double ext2(double x);\nvoid drive(double *a, int n) { for (int i = 0; i < n; i++) a[i] = ext2(a[i]); }`)).toMatch(/calls ext2, which is not defined/);
  });

  it('lgamma is not on the pure list: it sets the global signgam', () => {
    expect(PURE_LIBRARY.has('lgamma')).toBe(false);
    expect(verdict(`void drive(double *a, int n) { for (int i = 0; i < n; i++) a[i] = lgamma(a[i]); }`)).toMatch(/calls lgamma, which is not defined/);
  });

  it('pointers loaded from an array of pointers may alias: rows[0][i] = rows[1][i + 1]', () => {
    expect(verdict(`void drive(double *p, int n) { double *rows[2] = {p, p}; for (int i = 0; i < n; i++) rows[0][i] = rows[1][i + 1]; }`)).toMatch(
      /rows, whose rows are loaded pointers that may alias/,
    );
  });

  it('two pointers to rows cast from parameters may alias: parallel only under the overlap check', () => {
    const tu = unit(
      `void drive(double *p, double *q, int n) { double (*P)[8] = (double (*)[8])p; double (*Q)[8] = (double (*)[8])q; for (int i = 1; i < n; i++) for (int j = 0; j < 8; j++) Q[i][j] = P[i - 1][j]; }`,
    );
    const f = loopFindings(tu, tu.functions[tu.functions.length - 1])[0];
    expect(f.clauses).toMatch(/if disjoint\((Q, P|P, Q)\)/);
  });
});

describe('the legal counterparts are still parallel', () => {
  it('each iteration writes its own element through the callee: set(&a[i])', () => {
    expect(verdict(`static void set(double *out, double x) { *out = sqrt(x); }\nvoid drive(double *a, int n) { for (int i = 0; i < n; i++) set(&a[i], i); }`)).toBe('parallel');
  });

  it("and through a callee's callee", () => {
    expect(verdict(`static void deep2(double *p) { p[0] = 1; }\nstatic void deep1(double *p) { deep2(p); }\nvoid drive(double *a, int n) { for (int i = 0; i < n; i++) deep1(&a[i]); }`)).toBe(
      'parallel',
    );
  });

  it("a scratch array declared in the iteration is the iteration's own", () => {
    expect(
      verdict(`static void scratch(double *buf, int m) { for (int j = 0; j < m; j++) buf[j] = j; }
double drive(double *out, int n) { for (int i = 0; i < n; i++) { double tmp[8]; scratch(tmp, 8); out[i] = tmp[i % 8]; } return out[0]; }`),
    ).toBe('parallel');
  });

  it('(imprecise, but safe) a write through a cast of a void * is placed nowhere more exact than "somewhere in a"', () => {
    expect(verdict(`static void put(void *v, int k) { double (*R)[1] = (double (*)[1])v; R[0][0] = k; }\nvoid drive(double *a, int n) { for (int i = 0; i < n; i++) put(&a[i], i); }`)).toBe(
      'calls put, which writes through its 1st argument `&a[i]`: a[?]: which elements of a it writes is not known',
    );
  });

  it('a callee that reads a global and writes only its own element', () => {
    expect(verdict(`const double W[4] = {1, 2, 3, 4};\nstatic void weigh(double *x, int k) { *x *= W[k % 4]; }\nvoid drive(double *a, int n) { for (int i = 0; i < n; i++) weigh(&a[i], i); }`)).toBe(
      'parallel',
    );
  });

  it("frexp and modf write one element through their pointer: into the iteration's own variable, or a shared one", () => {
    expect(verdict(`void drive(const double *x, double *m, int *ex, int n) { for (int i = 0; i < n; i++) { int e; m[i] = frexp(x[i], &e); ex[i] = e; } }`)).toBe('parallel');
    expect(verdict(`static double split(double v) { double ip; return modf(v, &ip) + ip; }\nvoid drive(double *a, int n) { for (int i = 0; i < n; i++) a[i] = split(a[i]); }`)).toBe('parallel');
    expect(verdict(`void drive(double *a, int *last, int n) { for (int i = 0; i < n; i++) a[i] = frexp(a[i], last); }`)).not.toBe('parallel');
  });

  it('pure library calls stay pure', () => {
    expect(verdict(`void drive(double *a, int n) { for (int i = 0; i < n; i++) a[i] = sqrt(fabs(a[i])) + pow(a[i], 2.0); }`)).toBe('parallel');
  });
});
