// Each directive a candidate claims, judged by the dependence test on the
// original: a proven dependence refuses it (with the dependence in words),
// wrong clauses refuse it, what the test cannot decide is 'tested', an
// overlap a runtime guard checks is 'guarded', and a floating-point sum is
// reassociated only with the user's permission.
import { describe, expect, it } from 'vitest';
import { allLoops, analyze, type FunctionInfo, type TranslationUnit } from '../../../src/analysis/index.js';
import type { ClaimedDirective, LegalityResult, Transform } from '../../../src/core/claim.js';
import { judgeDirectives } from '../../../src/verify/claim/legality.js';

/** The unit of `src` (line 1 is its first line) and its last function. */
function unit(src: string): { tu: TranslationUnit; fn: FunctionInfo } {
  const tu = analyze(`# 1 "k.c"\n${src}\n`);
  return { tu, fn: tu.functions[tu.functions.length - 1] };
}

/** A directive on the original's loop `loop`, at `line` of the candidate. */
function dir(kind: string, loop: string | undefined, line: number, c: Partial<ClaimedDirective> = {}): ClaimedDirective {
  return { kind, loop, line, private: [], firstprivate: [], lastprivate: [], shared: [], reduction: [], nowait: false, other: [], ...c };
}

function judge(src: string, directives: ClaimedDirective[], transforms: Transform[] = [], reassociate = false): LegalityResult {
  const { tu, fn } = unit(src);
  return judgeDirectives(tu, fn, { directives, transforms }, { reassociate });
}

const refusal = (r: LegalityResult) => (r.ok ? `accepted (${r.evidence}): ${r.notes.join(' | ')}` : r.reason);
const evidence = (r: LegalityResult) => (r.ok ? r.evidence : `refused: ${r.reason}`);

describe('parallel loops: the dependence decides, whatever the schedule', () => {
  const recurrence = `void shift2(double *a, int n) {
  for (int i = 0; i < n; i++)
    a[i + 2] = a[i] * 0.5;
}`;
  it('a distance-2 recurrence is refused under schedule(static,1), naming the directive, the loop and the dependence', () => {
    const r = judge(recurrence, [dir('parallel for', 'L1', 5, { schedule: { kind: 'static', chunk: '1' } })]);
    expect(refusal(r)).toBe('the directive at line 5 claims the loop at line 2 is parallel, but a[i + 2] written in one iteration is read as a[i] two iterations later');
  });

  it('a read of the next element (anti-dependence) is refused too, for simd as for parallel for', () => {
    const src = `void next(double *a, int n) {
  for (int i = 0; i < n - 1; i++)
    a[i] = a[i + 1] + 1.0;
}`;
    expect(refusal(judge(src, [dir('simd', 'L1', 2)]))).toMatch(/the loop at line 2 is parallel, but a\[i \+ 1\] read in one iteration is overwritten as a\[i\] one iteration later/);
  });

  it('independent iterations with the clauses the test asks for: proven', () => {
    const src = `void scale(int n, double a[restrict 100][100], const double b[restrict 100][100]) {
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      a[i][j] = 2.0 * b[i][j];
}`;
    expect(evidence(judge(src, [dir('parallel for', 'L1', 3, { private: ['j'] })]))).toBe('proven');
    expect(evidence(judge(src, [dir('parallel for', 'L1', 3, { private: ['j'] }), dir('simd', 'L1.1', 5)]))).toBe('proven');
  });

  it('a variable the test needs private left shared is refused', () => {
    const src = `void scale(int n, double a[restrict 100][100], const double b[restrict 100][100]) {
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      a[i][j] = 2.0 * b[i][j];
}`;
    expect(refusal(judge(src, [dir('parallel for', 'L1', 3)]))).toMatch(/j is set in every iteration before it is read, and the directive leaves it shared.*private\(j\)/);
    // Declared inside the loop by the candidate instead: a named transformation.
    expect(evidence(judge(src, [dir('parallel for', 'L1', 3)], [{ kind: 'privatise', variable: 'j', loop: 'L1.1' }]))).toBe('proven');
  });

  it('a column sum into shared s[j] from every row is refused: every iteration writes s[j]', () => {
    const src = `void colsum(int n, double *restrict s, const double *restrict x) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      s[j] += x[i * n + j];
}`;
    expect(refusal(judge(src, [dir('parallel for', 'L1', 2)]))).toMatch(/claims the loop at line 2 is parallel, but every iteration writes s\[j\]/);
  });
});

describe('scalars: private, firstprivate, lastprivate', () => {
  const last = `double lastval(const double *a, double *restrict b, int n) {
  double x = 0;
  for (int i = 0; i < n; i++) {
    x = a[i] * 2.0;
    b[i] = x;
  }
  return x;
}`;
  it('a value used after the loop must be lastprivate', () => {
    expect(refusal(judge(last, [dir('parallel for', 'L1', 3, { private: ['x'] })]))).toMatch(/x is used after the loop, and private\(x\) leaves it unset: lastprivate\(x\)|lastprivate\(x\)/);
    expect(refusal(judge(last, [dir('parallel for', 'L1', 3)]))).toMatch(/lastprivate\(x\)/);
    expect(evidence(judge(last, [dir('parallel for', 'L1', 3, { lastprivate: ['x'] })]))).toBe('proven');
  });

  it('a conditional index made lastprivate is refused: the last iteration need not set it', () => {
    const src = `int argmax(const double *a, int n) {
  double m = a[0];
  int k = 0;
  for (int i = 1; i < n; i++)
    if (a[i] > m) { m = a[i]; k = i; }
  return k;
}`;
    const r = judge(src, [dir('parallel for', 'L1', 4, { reduction: [{ op: 'max', vars: ['m'] }], lastprivate: ['k'] })]);
    expect(refusal(r)).toMatch(/^the directive at line 4 claims the loop at line 4 is parallel, but .*k carries a value out of the loop|m carries a value/);
  });

  it('a private variable read before it is written needs firstprivate', () => {
    const src = `void scale(const double *a, double *restrict b, int n, double f) {
  double t = f * 2.0;
  for (int i = 0; i < n; i++)
    b[i] = t * a[i];
}`;
    expect(refusal(judge(src, [dir('parallel for', 'L1', 3, { private: ['t'] })]))).toMatch(
      /private\(t\) gives each thread an uninitialised t, but the loop reads it before setting it: firstprivate\(t\)/,
    );
    expect(evidence(judge(src, [dir('parallel for', 'L1', 3, { firstprivate: ['t'] })]))).toBe('proven');
    expect(refusal(judge(src, [dir('parallel for', 'L1', 3, { lastprivate: ['t'] })]))).toMatch(/lastprivate\(t\) gives each thread an uninitialised t/);
  });

  it('a variable declared inside the loop instead (privatise) must not be one whose last value is used after it', () => {
    expect(refusal(judge(last, [dir('parallel for', 'L1', 3)], [{ kind: 'privatise', variable: 'x', loop: 'L1' }]))).toMatch(
      /x is declared inside the loop instead, but its last value is used after the loop/,
    );
  });

  it('the loop variable declared outside and used after needs lastprivate; simd keeps it on its own', () => {
    const src = `int fill(double *restrict a, int n) {
  int i;
  for (i = 0; i < n; i++)
    a[i] = 1.0;
  return i;
}`;
    expect(refusal(judge(src, [dir('parallel for', 'L1', 3)]))).toMatch(/the loop variable i is used after the loop, and only lastprivate\(i\)/);
    expect(evidence(judge(src, [dir('parallel for', 'L1', 3, { lastprivate: ['i'] })]))).toBe('proven');
    expect(evidence(judge(src, [dir('simd', 'L1', 3)]))).toBe('proven');
  });
});

describe('reductions', () => {
  const isum = `long isum(const long *a, int n) {
  long s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}`;
  const dsum = isum.replace(/long/g, 'double').replace('double isum', 'double dsum');
  it('an integer sum with the matching reduction is proven; without it, refused', () => {
    expect(evidence(judge(isum, [dir('parallel for', 'L1', 3, { reduction: [{ op: '+', vars: ['s'] }] })]))).toBe('proven');
    expect(refusal(judge(isum, [dir('parallel for', 'L1', 3)]))).toMatch(/s is a \+ reduction over the iterations, which the directive leaves shared: reduction\(\+:s\)/);
    expect(refusal(judge(isum, [dir('parallel for', 'L1', 3, { reduction: [{ op: '*', vars: ['s'] }] })]))).toMatch(/s is a \+ reduction, not \*/);
    expect(refusal(judge(isum, [dir('parallel for', 'L1', 3, { private: ['s'] })]))).toMatch(/makes private/);
  });

  it('a floating-point sum needs the permission to reassociate', () => {
    const claim = [dir('parallel for', 'L1', 3, { reduction: [{ op: '+', vars: ['s'] }] })];
    expect(refusal(judge(dsum, claim))).toBe(
      "the directive at line 3 claims the loop at line 3 is parallel, but reduction(+:s) reassociates a floating-point sum, which the user's flags do not allow; add -ffast-math or -fassociative-math, or set SLMCC_REASSOCIATE=1",
    );
    expect(evidence(judge(dsum, claim, [], true))).toBe('proven');
    const fsum = dsum.replace(/double/g, 'float');
    expect(refusal(judge(fsum, claim))).toMatch(/reassociates a floating-point sum/);
    expect(refusal(judge(dsum.replace(/double/g, 'long double'), claim))).toMatch(/reassociates a floating-point sum/);
    // `-` is OpenMP's other name for a sum.
    expect(refusal(judge(dsum, [dir('parallel for', 'L1', 3, { reduction: [{ op: '-', vars: ['s'] }] })]))).toMatch(/reassociates a floating-point sum/);
  });

  it('a reduction the loop does not make is refused', () => {
    const src = `void copy(const long *a, long *restrict b, int n, long k) {
  for (int i = 0; i < n; i++) b[i] = a[i] + k;
}`;
    expect(refusal(judge(src, [dir('parallel for', 'L1', 2, { reduction: [{ op: '+', vars: ['k'] }] })]))).toMatch(/k is not a reduction the loop makes/);
  });

  // clang-19, 2 threads, `if (a[i] > m) m = a[i]`: a NaN start gives nan
  // sequentially and 8 in parallel; all-NaN data from -INFINITY gives -inf
  // and -DBL_MAX (each thread's copy starts at the largest finite value);
  // {-0.0, ..., 0.0} from -INFINITY gives -0 and 0.
  it('min and max: proven on integers; on floating types not exact, so refused unless the user allows reordering', () => {
    const imax = `int imax(const int *a, int n) {
  int m = a[0];
  for (int i = 0; i < n; i++) if (a[i] > m) m = a[i];
  return m;
}`;
    const claim = [dir('parallel for', 'L1', 3, { reduction: [{ op: 'max', vars: ['m'] }] })];
    expect(evidence(judge(imax, claim))).toBe('proven');
    const dmax = imax.replace(/int m/, 'double m').replace('const int', 'const double').replace('int imax', 'double dmax');
    expect(refusal(judge(dmax, claim))).toMatch(
      /reduction\(max:m\) over a floating type is not exact: each thread starts from the largest finite value, not infinity, drops a NaN start value and may pick the other signed zero/,
    );
    expect(evidence(judge(dmax, claim, [], true))).toBe('proven');
  });
});

describe('collapse', () => {
  it('a perfect rectangular nest without dependences: proven', () => {
    const src = `void init(int n, int m, double a[restrict 100][100]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      a[i][j] = i + j;
}`;
    expect(evidence(judge(src, [dir('parallel for', 'L1', 2, { collapse: 2 })]))).toBe('proven');
  });

  it('a triangular nest whose rows accumulate into shared data is refused', () => {
    const src = `void tri(int n, double *restrict s, const double a[restrict 100][100]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j <= i; j++)
      s[j] += a[i][j];
}`;
    expect(refusal(judge(src, [dir('parallel for', 'L1', 2, { collapse: 2 })]))).toMatch(/the loop at line 3 is not rectangular: its bounds follow i/);
  });

  it('loops that are not perfectly nested cannot be collapsed', () => {
    const src = `void rows(int n, double a[restrict 100][100], double *restrict r) {
  for (int i = 0; i < n; i++) {
    r[i] = 0;
    for (int j = 0; j < n; j++) a[i][j] = 1.0;
  }
}`;
    expect(refusal(judge(src, [dir('parallel for', 'L1', 2, { collapse: 2 })]))).toMatch(/does not hold exactly one loop and nothing else/);
  });

  it('a dependence in the inner loop refuses collapse even when the outer loop is parallel', () => {
    const src = `void sweep(int n, double a[restrict 100][100]) {
  for (int i = 0; i < n; i++)
    for (int j = 1; j < n; j++)
      a[i][j] = a[i][j - 1] + 1.0;
}`;
    expect(evidence(judge(src, [dir('parallel for', 'L1', 2)]))).toBe('proven');
    expect(refusal(judge(src, [dir('parallel for', 'L1', 2, { collapse: 2 })]))).toMatch(/a\[i\]\[j\] written in one iteration is read as a\[i\]\[j - 1\] one iteration later/);
  });
});

describe('what the test cannot decide: tested, or guarded behind a runtime check', () => {
  it('a call it cannot summarise is tested, not refused', () => {
    const src = `double ext(double);
void apply(const double *a, double *restrict b, int n) {
  for (int i = 0; i < n; i++) b[i] = ext(a[i]);
}`;
    const r = judge(src, [dir('parallel for', 'L1', 3)]);
    expect(r).toMatchObject({ ok: true, evidence: 'tested', notes: [expect.stringMatching(/cannot decide: calls ext/)] });
  });

  it('pointers that may overlap: tested, guarded when a guard covers the loop', () => {
    const src = `void add(double *a, const double *b, int n) {
  for (int i = 0; i < n; i++) a[i] = b[i] + 1.0;
}`;
    expect(evidence(judge(src, [dir('parallel for', 'L1', 2)]))).toBe('tested');
    expect(evidence(judge(src, [dir('parallel for', 'L1', 2)], [{ kind: 'guard', loop: 'L1', condition: 'a + n <= b || b + n <= a' }]))).toBe('guarded');
  });

  it('a symbolic distance is refused unless guarded', () => {
    const src = `void shiftm(double *a, int n, int m) {
  for (int i = 0; i < n; i++)
    a[i + m] = a[i] * 0.5;
}`;
    expect(refusal(judge(src, [dir('parallel for', 'L1', 2)]))).toMatch(/a\[i \+ m\] written in one iteration is read as a\[i\] m iterations later: parallel only when \|m\| >= the trip count/);
    expect(evidence(judge(src, [dir('parallel for', 'L1', 2)], [{ kind: 'guard', loop: 'L1', condition: 'm >= n || -m >= n' }]))).toBe('guarded');
    // A guard that never compares the distance with the trip count guards nothing.
    expect(refusal(judge(src, [dir('parallel for', 'L1', 2)], [{ kind: 'guard', loop: 'L1', condition: 'm != 0' }]))).toMatch(/parallel only when \|m\| >= the trip count/);
  });

  it('a pointer parameter the loop writes that may point into a global the loop reads is never proven', () => {
    const direct = `double g[100];
void f(double *p, int n) {
  for (int i = 0; i < n; i++) p[i] = g[i] + 1.0;
}`;
    expect(evidence(judge(direct, [dir('parallel for', 'L1', 3)]))).toBe('tested');
    expect(evidence(judge(direct, [dir('parallel for', 'L1', 3)], [{ kind: 'guard', loop: 'L1', condition: 'p + n <= g || g + 100 <= p' }]))).toBe('guarded');
    const reverse = `double g[100];
void f(const double *p, int n) {
  for (int i = 0; i < n; i++) g[i] = p[i] + 1.0;
}`;
    expect(evidence(judge(reverse, [dir('parallel for', 'L1', 3)]))).toBe('tested');
    const scalar = `double gs;
void f(double *p, const double *restrict a, int n) {
  for (int i = 0; i < n; i++) p[i] = gs * a[i];
}`;
    expect(judge(scalar, [dir('parallel for', 'L1', 3)])).toMatchObject({ ok: true, evidence: 'tested', notes: [expect.stringMatching(/p may point at the global gs, which the loop reads/)] });
    // Of another type it cannot be (strict aliasing).
    expect(evidence(judge(scalar.replace('double *p', 'int *p'), [dir('parallel for', 'L1', 3)]))).toBe('proven');
    const viaCallee = `double g[100];
static double rd(int i) { return g[i]; }
void f(double *p, int n) {
  for (int i = 0; i < n; i++) p[i] = rd(i) + 1.0;
}`;
    const r = judge(viaCallee, [dir('parallel for', 'L1', 4)]);
    expect(r).toMatchObject({ ok: true, evidence: 'tested', notes: [expect.stringMatching(/reads the global g, which p \(written in the loop\) may point into/)] });
  });
});

describe('nowait', () => {
  const src = `void two(double *restrict a, double *restrict b, const double *restrict c, int n) {
  for (int i = 0; i < n; i++) a[i] = c[i] * 2.0;
  for (int i = 0; i < n; i++) b[i] = a[n - 1 - i];
}`;
  // Offsets of the two loops in the original's text, for the region's extent.
  const { fn } = unit(src);
  const [l1, l2] = allLoops(fn.loops);
  const region = (loops: string[]) => dir('parallel', undefined, 1, { encloses: { start: l1.start, end: (loops.includes('L2') ? l2 : l1).end } });

  it('allowed on the last loop of its region', () => {
    const r = judge(src, [region(['L1']), dir('for', 'L1', 3, { nowait: true })]);
    expect(r).toMatchObject({ ok: true });
    const both = judge(src, [region(['L1', 'L2']), dir('for', 'L1', 3), dir('for', 'L2', 5, { nowait: true })]);
    expect(both).toMatchObject({ ok: true });
  });

  it('without the extent of the region, whatever follows in the function counts', () => {
    expect(judge(src, [dir('for', 'L2', 5, { nowait: true })])).toMatchObject({ ok: true });
    expect(refusal(judge(src, [dir('for', 'L1', 3, { nowait: true })]))).toMatch(/a, which the loop writes, is used after it/);
  });

  it('refused where a later loop of the region reads what it writes', () => {
    const r = judge(src, [region(['L1', 'L2']), dir('for', 'L1', 3, { nowait: true }), dir('for', 'L2', 5)]);
    expect(refusal(r)).toMatch(/the directive at line 3 drops the barrier after the loop at line 2 \(nowait\), but a, which the loop writes, is used after it/);
  });
});

describe('non-loop directives', () => {
  it('critical, atomic, single: tested at best', () => {
    const src = `void one(double *restrict a, int n) {
  for (int i = 0; i < n; i++) a[i] = 1.0;
}`;
    const r = judge(src, [dir('parallel for', 'L1', 2), dir('critical', undefined, 4)]);
    expect(r).toMatchObject({ ok: true, evidence: 'tested' });
  });

  it('a shared counter updated under critical is tested; a float one needs the permission', () => {
    const src = `long count(const double *a, int n) {
  long c = 0;
  for (int i = 0; i < n; i++) if (a[i] > 0) c++;
  return c;
}`;
    expect(evidence(judge(src, [dir('parallel for', 'L1', 3), dir('atomic', undefined, 5)]))).toBe('tested');
  });

  it('a parallel region whose statements outside the for directives write shared data is refused; without them it is tested', () => {
    const src = `void region(double *restrict a, int n, int *done) {
  for (int i = 0; i < n; i++) a[i] = 1.0;
  *done = 1;
}`;
    const { fn } = unit(src);
    const l1 = allLoops(fn.loops)[0];
    const end = fn.text.indexOf('*done = 1;') + '*done = 1;'.length;
    const r = judge(src, [dir('parallel', undefined, 2, { encloses: { start: l1.start, end } }), dir('for', 'L1', 4)]);
    expect(refusal(r)).toMatch(/opens a parallel region in which every thread runs \*done = \.\.\., a write to shared memory outside any work-sharing loop/);
    expect(evidence(judge(src, [dir('parallel', undefined, 2, { encloses: { start: l1.start, end: l1.end } }), dir('for', 'L1', 4)]))).toBe('tested');
    expect(evidence(judge(src, [dir('parallel', undefined, 2), dir('for', 'L1', 4)]))).toBe('tested');
  });

  it('a scalar declared inside the parallel region is private to each thread of its for loop', () => {
    const src = `void rp(double *restrict a, const double *restrict b, int n) {
  double t;
  for (int i = 0; i < n; i++) { t = b[i] * 2.0; a[i] = t; }
}`;
    const { fn } = unit(src);
    const l1 = allLoops(fn.loops)[0];
    const start = fn.text.indexOf('double t;');
    expect(refusal(judge(src, [dir('parallel', undefined, 2, { encloses: { start: l1.start, end: l1.end } }), dir('for', 'L1', 4)]))).toMatch(/private\(t\)/);
    const r = judge(src, [dir('parallel', undefined, 2, { encloses: { start, end: l1.end } }), dir('for', 'L1', 4)]);
    expect(r).toMatchObject({
      ok: true,
      evidence: 'tested',
      notes: [expect.stringMatching(/^parallel at line 2: outside its work-sharing loops it writes nothing shared/), expect.stringMatching(/^for at line 4 on the loop at line 3: proven/)],
    });
  });

  it('parallel without for directly on a loop runs every iteration in every thread: refused', () => {
    const src = `void dup(double *restrict a, int n) {
  for (int i = 0; i < n; i++) a[i] += 1.0;
}`;
    expect(refusal(judge(src, [dir('parallel', 'L1', 2)]))).toMatch(/makes every thread run all of the loop at line 2/);
  });
});

describe('evidence of the whole claim', () => {
  const two = `void two(double *restrict a, double *b, const double *c, int n) {
  for (int i = 0; i < n; i++) a[i] = 2.0;
  for (int i = 0; i < n; i++) b[i] = c[i];
}`;
  it('no directives: proven', () => {
    expect(judge(two, [])).toEqual({ ok: true, evidence: 'proven', notes: [expect.any(String)] });
  });
  it('the weakest directive decides, with a note per directive', () => {
    const guard: Transform = { kind: 'guard', loop: 'L2', condition: 'b + n <= c || c + n <= b' };
    const g = judge(two, [dir('parallel for', 'L1', 2), dir('parallel for', 'L2', 4)], [guard]);
    expect(g).toMatchObject({ ok: true, evidence: 'guarded' });
    if (g.ok) expect(g.notes).toHaveLength(2);
    expect(evidence(judge(two, [dir('parallel for', 'L1', 2), dir('parallel for', 'L2', 4)]))).toBe('tested');
    expect(evidence(judge(two, [dir('parallel for', 'L1', 2)]))).toBe('proven');
  });
  it('a directive on no loop of the original is refused', () => {
    expect(refusal(judge(two, [dir('parallel for', 'L9', 2)]))).toMatch(/governs no loop of the original/);
  });
});

describe('interchange', () => {
  const mm = `void mm(int n, double C[restrict 64][64], const double A[restrict 64][64], const double B[restrict 64][64]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      for (int k = 0; k < n; k++)
        C[i][j] += A[i][k] * B[k][j];
}`;
  const swap: Transform = { kind: 'interchange', outer: 'L1.1', inner: 'L1.1.1' };
  it('i-j-k to i-k-j with the rows in parallel: proven (j carries nothing)', () => {
    expect(evidence(judge(mm, [dir('parallel for', 'L1', 2)], [swap]))).toBe('proven');
  });
  it('a swap of loops that are not one perfect pair is refused', () => {
    expect(refusal(judge(mm, [], [{ kind: 'interchange', outer: 'L1', inner: 'L1.1.1' }]))).toMatch(/needs a perfect rectangular pair/);
  });
  it('a loop moved outwards is judged across the loop it passed: rows of x are independent, but the passed loop carries a dependence the test cannot place', () => {
    const src = `void rows(int n, double x[restrict 64][64]) {
  for (int j = 1; j < n; j++)
    for (int k = 0; k < n; k++)
      x[k][j] = x[k][j - 1] + 1.0;
}`;
    const r = judge(src, [dir('parallel for', 'L1.1', 2)], [{ kind: 'interchange', outer: 'L1', inner: 'L1.1' }]);
    expect(r).toMatchObject({ ok: true, evidence: 'tested' });
  });
});
