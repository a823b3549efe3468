// How the harness sizes a function's inputs: what lets the timing probe grow
// a graph kernel to a size where threads pay off.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { planHarness } from '../../src/verify/harness.js';

const PAGERANK = `# 1 "pr.c"
void pagerank(int n, const int *restrict inptr, const int *restrict insrc, int iters, double *restrict rank, double *restrict contrib) {
  for (int it = 0; it < iters; it++) {
    for (int u = 0; u < n; u++) contrib[u] = rank[u] * 0.5;
    for (int v = 0; v < n; v++) {
      double sum = 0;
      for (int e = inptr[v]; e < inptr[v + 1]; e++) sum += contrib[insrc[e]];
      rank[v] = sum;
    }
  }
}
`;

const plan = (src: string) => {
  const tu = analyze(src);
  return Object.fromEntries(planHarness(tu.functions[0]).params.map((p) => [p.name, p]));
};

describe('the harness plan', () => {
  it('sizes a buffer read through an index array as one-dimensional, not by loop depth', () => {
    expect(plan(PAGERANK).contrib.degree).toBe(1);
  });

  it('marks a count that only repeats a loop, so timing runs keep it small', () => {
    const p = plan(PAGERANK);
    expect(p.iters.repeat).toBe(true);
    expect(p.n.repeat).toBe(false);
  });

  it("keeps a filter's extent small beside the image it slides over, so a convolution has rows to split", () => {
    const p = plan(`# 1 "c.c"
void conv2d(int h, int w, int kh, int kw, const float *restrict in, const float *restrict k, float *restrict out) {
  int oh = h - kh + 1, ow = w - kw + 1;
  for (int i = 0; i < oh; i++)
    for (int j = 0; j < ow; j++) {
      float sum = 0.0f;
      for (int a = 0; a < kh; a++) for (int b = 0; b < kw; b++) sum += in[(i + a) * w + (j + b)] * k[a * kw + b];
      out[i * ow + j] = sum;
    }
}
`);
    expect([p.kh.window, p.kw.window]).toEqual([true, true]);
    expect([p.h.window, p.w.window]).toEqual([false, false]);
    expect(plan(PAGERANK).n.window).toBe(false);
  });

  it('does not let a small filter table bound the sizes, unless a size indexes it', () => {
    const blur = (sub: string) => `# 1 "b.c"
static const float g5[5][5] = {{1}};
void blur(int h, int w, float in[3000][3200], float out[3000][3200]) {
  int i, j, di, dj;
  for (i = 2; i < h - 2; i++)
    for (j = 2; j < w - 2; j++) {
      float acc = 0.0f;
      for (di = -2; di <= 2; di++) for (dj = -2; dj <= 2; dj++) acc += g5[${sub}][dj + 2] * in[i + di][j + dj];
      out[i][j] = acc;
    }
}
`;
    const maxN = (src: string) => {
      const tu = analyze(src);
      return planHarness(tu.functions[0], tu).maxN;
    };
    expect(maxN(blur('di + 2'))).toBe(3200);
    expect(maxN(blur('i % 5'))).toBe(5);
  });

  it('caps each integer by the dimensions it bounds, not all by the smallest array', () => {
    const src = `# 1 "f.c"
void fdtd(int tmax, int nx, int ny, double ex[1000][1200], double hz[1000][1200], double fict[200]) {
  int t, i, j;
  for (t = 0; t < tmax; t++) {
    for (j = 0; j < ny; j++) ex[0][j] = fict[t];
    for (i = 1; i < nx; i++) for (j = 0; j < ny; j++) ex[i][j] = ex[i][j] - 0.5 * (hz[i][j] - hz[i - 1][j]);
  }
}
`;
    const tu = analyze(src);
    const h = planHarness(tu.functions[0], tu);
    expect(Object.fromEntries(h.params.filter((p) => p.kind.kind === 'scalar').map((p) => [p.name, p.cap]))).toEqual({ tmax: 200, nx: 1000, ny: 1200 });
    expect(h.maxN).toBe(1200);
    // A bound the analysis cannot read: every integer keeps the smallest dimension.
    const opaque = analyze(src.replace('j < ny; j++) ex[0]', 'j < ny * (t & 1); j++) ex[0]'));
    expect(
      planHarness(opaque.functions[0], opaque)
        .params.filter((p) => p.kind.kind === 'scalar')
        .map((p) => p.cap),
    ).toEqual([200, 200, 200]);
  });

  it('takes a time-step count whose counter is declared at the top of the function (PolyBench style) for a repeat count', () => {
    const p = plan(`# 1 "j.c"
void jacobi(int tsteps, int n, double A[100][100], double B[100][100]) {
  int t, i, j;
  for (t = 0; t < tsteps; t++) {
    for (i = 1; i < n - 1; i++) for (j = 1; j < n - 1; j++) B[i][j] = 0.5 * (A[i][j - 1] + A[i][j + 1]);
    for (i = 1; i < n - 1; i++) for (j = 1; j < n - 1; j++) A[i][j] = B[i][j];
  }
}
`);
    expect(p.tsteps.repeat).toBe(true);
    expect(p.n.repeat).toBe(false);
  });

  it('does not take a bound whose counter is used in the body for a repeat count', () => {
    const p = plan('# 1 "s.c"\nvoid steps(int n, int t, double *restrict a) { for (int s = 0; s < t; s++) for (int i = 0; i < n; i++) a[i] += s; }\n');
    expect(p.t.repeat).toBe(false);
  });
});
