// Analysis of the test corpus, and the builtin's legal/illegal answer on
// every loop of it.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { analyze, analyzeCandidate, declarationsFor, pickHot, type TranslationUnit } from '../../src/analysis/index.js';
import { loopFindings, proposeBuiltin } from '../../src/propose/builtin/index.js';

const corpus = path.resolve(__dirname, '..', 'corpus');
const pp = (f: string) => execFileSync('clang-19', ['-E', path.join(corpus, f)], { encoding: 'utf8' });
const legal = analyze(pp('legal.c'));
const illegal = analyze(pp('illegal.c'));
const fn = (tu: TranslationUnit, name: string) => tu.functions.find((f) => f.name === name)!;
const best = (tu: TranslationUnit, name: string, reassociate = false) => proposeBuiltin(tu, fn(tu, name), { reassociate })[0];
/** The loop findings of the first function of `src`, a unit of its own. */
const loopsOf = (src: string) => {
  const tu = analyze(`# 1 "f.c"\n${src}`);
  return loopFindings(tu, tu.functions[0]);
};
const reasons = (tu: TranslationUnit, name: string) =>
  loopFindings(tu, fn(tu, name))
    .flatMap((f) => f.reasons)
    .join(' | ');

describe('analysis of a preprocessed translation unit', () => {
  it('keeps only the functions defined in the user file, with source lines through the markers', () => {
    expect(legal.file).toMatch(/legal\.c$/);
    expect(legal.functions.map((f) => f.name)).toEqual(['matmul', 'jacobi2d', 'dot', 'brighten', 'spmv', 'maxabs', 'nbody', 'softmax_rows', 'bfs_step', 'polybench_style', 'poly_globals']);
    const mm = fn(legal, 'matmul');
    expect(mm.sourceLine).toBe(4);
    expect(mm.loops[0]).toMatchObject({ id: 'L1', inductionVar: 'i', depth: 1, sourceLine: 5, perfectChild: true });
    expect(mm.loops[0].children[0].children[0]).toMatchObject({ id: 'L1.1.1', inductionVar: 'k', sourceLine: 7 });
    expect(mm.params.find((p) => p.name === 'C')).toMatchObject({ isPointer: true, writtenThrough: true, arrayDims: [64, 64] });
    expect(mm.params.find((p) => p.name === 'A')!.writtenThrough).toBe(false);
  });

  it('resolves macros and typedefs from headers into affine subscripts', () => {
    const j = fn(legal, 'jacobi2d');
    const w = j.loops[0].accesses.find((a) => a.isWrite)!;
    expect(w.array).toBe('b');
    expect(w.subscripts[0]).toEqual({ terms: { 'i*n': 1, j: 1 }, constant: 0 });
    const d = declarationsFor(legal, fn(legal, 'nbody'));
    expect(d).toMatch(/typedef double real;/);
    expect(d).toMatch(/vec3;/);
    expect(d).toMatch(/sqrt/);
    expect(d).not.toMatch(/printf/);
  });

  it('records bounds, calls, early exits and globals', () => {
    const spmv = fn(legal, 'spmv').loops[0];
    expect(spmv.upper).toMatchObject({ kind: 'parameter', names: ['n'] });
    expect(spmv.children[0].lower).toMatchObject({ kind: 'unknown' });
    expect(fn(illegal, 'find_first').loops[0].earlyExits).toContain('return');
    expect(fn(illegal, 'dump').calls).toContain('fprintf');
  });

  it('picks the hottest functions over the threshold', () => {
    const hot = pickHot(legal, 4).map((f) => f.name);
    expect(hot).toHaveLength(4);
    expect(hot[0]).toBe('matmul');
    expect(hot).not.toContain('dot');
    expect(pickHot(legal, 0)).toEqual([]);
  });

  it('never throws on text it cannot parse', () => {
    expect(analyze('this is not C {{{ ').functions).toEqual([]);
    expect(analyze('').functions).toEqual([]);
  });

  it('analyses candidates with the TU as context, and reports syntax errors', () => {
    const ok = analyzeCandidate(
      legal,
      'double dot(int n, const double *x, const double *y) {\n double s = 0;\n#pragma omp parallel for reduction(+:s)\n for (int i = 0; i < n; i++) s += x[i]*y[i];\n return s; }',
    );
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.fn).toMatchObject({ name: 'dot', hasAsm: false });
    expect(analyzeCandidate(legal, 'void f(int n) { for (;;) { n++; }')).toMatchObject({ ok: false, reason: expect.stringMatching(/syntax error/) });
    expect(analyzeCandidate(legal, 'int x;')).toMatchObject({ ok: false, reason: 'no function definition' });
  });
});

describe('builtin: legal loops are proposed', () => {
  it.each([
    ['jacobi2d', 'L1', undefined],
    ['dot', 'L1', 'reduction(+:s)'],
    ['spmv', 'L1', 'schedule(guided)'],
    ['maxabs', 'L1', 'reduction(max:m)'],
    ['nbody', 'L1', undefined],
    ['softmax_rows', 'L1', undefined],
    ['bfs_step', 'L1', 'reduction(|:changed)'],
  ])('%s: %s is parallel (where the flags allow reassociation)', (name, loop, clause) => {
    const p = best(legal, name, true);
    expect(p.form).toBe('plan');
    if (p.form !== 'plan') return;
    expect(p.plan.loops.find((l) => l.parallel)!.loop).toBe(loop);
    if (clause) expect(loopFindings(legal, fn(legal, name)).find((f) => f.loop === loop)!.clauses).toContain(clause);
  });

  it("dot: its double sum is not reassociated without the user's permission", () => {
    expect(best(legal, 'dot')).toMatchObject({ form: 'none', reason: expect.stringMatching(/s is a floating-point sum/) });
  });

  it('polybench-style globals: outer-declared i and j are lastprivate when used after the loop', () => {
    const f = loopFindings(legal, fn(legal, 'poly_globals'));
    expect(f[0]).toMatchObject({ loop: 'L1', parallel: true });
    expect(f[0].clauses).toBe('lastprivate(j, i)');
  });

  it('plain array parameters may be the same array: parallel only under a runtime overlap check', () => {
    const f = loopFindings(legal, fn(legal, 'polybench_style'));
    expect(f[0]).toMatchObject({ parallel: true, clauses: 'private(j) if disjoint(B, A)' });
    expect(loopFindings(illegal, fn(illegal, 'add_vec'))[0]).toMatchObject({ parallel: true, clauses: 'if disjoint(dst, src)' });
  });

  it('pointers that may alias are checked through scans of the index arrays, and refused where nothing bounds them', () => {
    // spmv without restrict on y: x[col[k]] is bounded by scanning rp and col before the loop.
    const spmv = (gather: string) =>
      analyze(
        `# 1 "s.c"\nvoid spmv(int n, const int *rp, const int *col, const double *x, double *y) {\n for (int i = 0; i < n; i++) { double t = 0; for (int k = rp[i]; k < rp[i+1]; k++) t += x[${gather}]; y[i] = t; }\n}\n`,
      );
    const scanned = spmv('col[k]');
    expect(loopFindings(scanned, scanned.functions[0])[0]).toMatchObject({ parallel: true, clauses: expect.stringMatching(/if disjoint\(y, x\)/) });
    // A product of two loads is no element the check can scan.
    const tu = spmv('col[k] * col[k]');
    const f = loopFindings(tu, tu.functions[0])[0];
    expect(f.parallel).toBe(false);
    expect(f.reasons.join()).toMatch(/y and x may overlap/);
    expect(f.reasons.join()).toMatch(/no runtime overlap check possible/);
  });
});

describe('builtin: flattened arrays with symbolic row lengths', () => {
  it('channels of a flattened 3-D array are disjoint planes', () => {
    const [f] = loopsOf(
      'void planes(int c, int h, int w, float *restrict out) {\n int oh = h - 2, ow = w - 2;\n for (int ch = 0; ch < c; ch++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) out[(ch * oh + i) * ow + j] = ch + i + j;\n}\n',
    );
    expect(f).toMatchObject({ loop: 'L1', parallel: true });
  });

  it('rows overlap when the inner loop runs one past the row length', () => {
    const [f] = loopsOf(
      'void overlap(int c, int h, int w, float *restrict out) {\n for (int ch = 0; ch < c; ch++) for (int i = 0; i < h; i++) for (int j = 0; j <= w; j++) out[(ch * h + i) * w + j] += 1;\n}\n',
    );
    expect(f).toMatchObject({ loop: 'L1', parallel: false });
    expect(f.reasons.join()).toMatch(/may overlap/);
  });

  it('INFINITY (__builtin_inff) is a pure call, so rows of attention are parallel', () => {
    const [f] = loopsOf(
      'void rowmax(int n, int d, const float *restrict s, float *restrict m) {\n for (int i = 0; i < n; i++) { float mx = -__builtin_inff(); for (int t = 0; t < d; t++) if (s[i * d + t] > mx) mx = s[i * d + t]; m[i] = mx; }\n}\n',
    );
    expect(f).toMatchObject({ loop: 'L1', parallel: true });
  });
});

describe('builtin: a subscript that is not affine beside one that separates', () => {
  const ROLL = 'void roll(int n, int m, double (*restrict x)[m], double (*restrict y)[m]) {\n for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) y[i][j] = x[i][(j + 1) % m];\n}\n';

  it('rows of a periodic shift are independent: the row subscript keeps them apart', () => {
    const [outer] = loopsOf(ROLL);
    expect(outer).toMatchObject({ loop: 'L1', parallel: true });
  });

  it('in place, the shift is refused along the row and kept apart across rows', () => {
    const [outer, inner] = loopsOf('void roll(int n, int m, double (*x)[m]) {\n for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) x[i][j] = x[i][(j + 1) % m];\n}\n');
    expect(outer).toMatchObject({ loop: 'L1', parallel: true });
    expect(inner).toMatchObject({ loop: 'L1.1', parallel: false });
    expect(inner.reasons.join()).toMatch(/x\[i\]\[\(j \+ 1\) % m\] is read at a subscript that is not affine/);
  });

  it('a scatter into rows chosen at run time stays refused', () => {
    const [outer] = loopsOf(
      'void scatter(int n, int m, const int *restrict to, double (*restrict x)[m], const double (*restrict y)[m]) {\n for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) x[to[i]][j] = y[i][j];\n}\n',
    );
    expect(outer).toMatchObject({ loop: 'L1', parallel: false });
    expect(outer.reasons.join()).toMatch(/not affine/);
  });
});

describe('an index set once at the top of the body stands for its expression', () => {
  it("hotspot3D's flattened cell index, declared at the top of the function, keeps the planes apart", () => {
    const [f] = loopsOf(
      'void step(int nx, int ny, int nz, const float *restrict tIn, float *restrict tOut) {\n int c, w, x, y, z;\n for (z = 0; z < nz; z++) for (y = 0; y < ny; y++) for (x = 0; x < nx; x++) {\n  c = x + y * nx + z * nx * ny;\n  w = (x == 0) ? c : c - 1;\n  tOut[c] = 0.5f * (tIn[c] + tIn[w]);\n }\n}\n',
    );
    expect(f).toMatchObject({ loop: 'L1', parallel: true });
    expect(f.clauses).toMatch(/private\(c, w, x, y\)/);
  });

  it("srad's two sweeps each set the same index from a size read before the loops", () => {
    const tu = analyze(
      '# 1 "s.c"\nint atoi(const char *);\nvoid use(long);\nvoid f(char **argv, float *restrict image, float *restrict dN) {\n long Nr, Nc, i, j, k;\n Nr = atoi(argv[1]);\n Nc = atoi(argv[2]);\n use(Nr);\n for (j = 0; j < Nc; j++) for (i = 0; i < Nr; i++) {\n  k = i + Nr * j;\n  dN[k] = image[k] * 2;\n }\n for (j = 0; j < Nc; j++) for (i = 0; i < Nr; i++) {\n  k = i + Nr * j;\n  image[k] = image[k] + dN[k];\n }\n}\n',
    );
    const loops = loopFindings(tu, tu.functions[0]);
    expect(loops.find((l) => l.loop === 'L1')).toMatchObject({ parallel: true });
    expect(loops.find((l) => l.loop === 'L2')).toMatchObject({ parallel: true });
  });

  it('two sweeps that set the index differently keep it opaque', () => {
    const differ = analyze(
      '# 1 "s.c"\nvoid f(long Nr, long Nc, float *restrict image, float *restrict dN) {\n long i, j, k;\n for (j = 0; j < Nc; j++) for (i = 0; i < Nr; i++) {\n  k = i + Nr * j;\n  dN[k] = image[k] * 2;\n }\n for (j = 0; j < Nc; j++) for (i = 0; i < Nr; i++) {\n  k = j + Nc * i;\n  image[k] = dN[k];\n }\n}\n',
    );
    expect(loopFindings(differ, differ.functions[0]).find((l) => l.loop === 'L1')).toMatchObject({ parallel: false });
  });

  it('a use before the assignment sees the previous iteration, so the index is not substituted', () => {
    const [f] = loopsOf('void shift(int n, float *restrict a) {\n int c = 0, i;\n for (i = 0; i < n; i++) {\n  a[c] = 1.0f;\n  c = 2 * i;\n }\n}\n');
    expect(f.parallel).toBe(false);
    const [g] = loopsOf('void shift(int n, float *restrict a) {\n int c, i;\n c = 0;\n for (i = 0; i < n; i++) {\n  a[c] = 1.0f;\n  c = 2 * i;\n }\n}\n');
    expect(g.parallel).toBe(false);
  });

  it('an expression whose names change after the assignment is not substituted', () => {
    const [f] = loopsOf('void walk(int n, float *restrict a) {\n int c, i, k = 0;\n for (i = 0; i < n; i++) {\n  c = k;\n  k = k + 3;\n  a[c] = 1.0f;\n }\n}\n');
    expect(f.parallel).toBe(false);
  });
});

describe('attributes tree-sitter-c cannot place', () => {
  const BLOCKED = (attr: string) =>
    `# 1 "lud.c"\nvoid blocked(float *a, int size) {\n for (int chunk = 0; chunk < size / 16; chunk++) {\n  float temp[256] ${attr};\n  for (int i = 0; i < 256; i++) temp[i] = a[chunk * 256 + i];\n  for (int i = 0; i < 256; i++) a[chunk * 256 + i] = temp[255 - i];\n }\n}\n`;

  it('a local array aligned after its declarator keeps its function, and its text keeps the attribute', () => {
    const tu = analyze(BLOCKED('__attribute__ ((aligned (64)))'));
    expect(tu.functions.map((f) => f.name)).toEqual(['blocked']);
    expect(tu.functions[0].text).toContain('__attribute__ ((aligned (64)))');
    expect(loopFindings(tu, tu.functions[0])[0]).toMatchObject({ loop: 'L1', parallel: true });
  });

  it('an attribute that runs code (cleanup) still hides the function', () => {
    expect(analyze(BLOCKED('__attribute__((cleanup(release)))')).functions).toEqual([]);
  });
});

describe('builtin: every loop whose parallel form could change the result is refused', () => {
  it.each([
    ['prefix_sum', /a\[i\] depends on a\[i - 1\] of the previous iteration/],
    ['recurrence', /x\[i\] depends on x\[i - 1\] of the previous iteration/],
    ['histogram', /subscript that is not affine/],
    ['scatter', /out\[idx\[i\]\] is written at a subscript that is not affine/],
    ['find_first', /leaves the loop early \(return\)/],
    ['dump', /calls fprintf/],
    ['argmax', /at carries a value/],
    ['gauss_seidel', /depends on A\[i - 1\]\[j\]/],
    ['shrinking', /the bound n changes inside the loop/],
    ['rows_of_pointers', /rows are loaded pointers/],
  ])('%s', (name, why) => {
    const p = best(illegal, name);
    expect(p.form).toBe('none');
    expect(reasons(illegal, name)).toMatch(why);
  });

  it('same_everywhere: the outer loop is refused, the inner one is fine', () => {
    const f = loopFindings(illegal, fn(illegal, 'same_everywhere'));
    expect(f[0]).toMatchObject({ loop: 'L1', parallel: false });
    expect(f[0].reasons.join()).toMatch(/every iteration of i touches the same elements/);
    expect(f[1]).toMatchObject({ loop: 'L1.1', parallel: true });
  });
});
