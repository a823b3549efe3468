/* Kernels the builtin's rewrites are run against (see test/rewrite/builtin-rewrite.test.ts). */
#include <stdio.h>
#include <stdlib.h>
#include "corpus.h"

void matmul(int n, real A[restrict N][N], real B[restrict N][N], real C[restrict N][N]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      for (int k = 0; k < n; k++)
        C[i][j] += A[i][k] * B[k][j];
}

void jacobi2d(int n, const double *restrict a, double *restrict b) {
  for (int i = 1; i < n - 1; i++)
    for (int j = 1; j < n - 1; j++)
      b[IDX(i, j, n)] = 0.2 * (a[IDX(i, j, n)] + a[IDX(i - 1, j, n)] + a[IDX(i + 1, j, n)] + a[IDX(i, j - 1, n)] + a[IDX(i, j + 1, n)]);
}

double dot(int n, const double *x, const double *y) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

void brighten(int h, int w, const unsigned char *restrict img, unsigned char *restrict out, int delta) {
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      int v = img[y * w + x] + delta;
      out[y * w + x] = v > 255 ? 255 : v < 0 ? 0 : v;
    }
}

void add_shifted(int n, double *dst, const double *src) {
  for (int i = 0; i < n; i++) dst[i] = dst[i] + 2 * src[i];
}

static real A[N][N], B[N][N], C[N][N];
static double ga[N * N], gb[N * N];
static unsigned char img[N * N], out[N * N];

int main(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      A[i][j] = (i * 7 + j * 3) % 11;
      B[i][j] = (i * 5 + j) % 13;
      C[i][j] = 0;
      ga[i * N + j] = (i * j) % 17;
      img[i * N + j] = (unsigned char)(i * 31 + j * 17);
    }
  matmul(N, A, B, C);
  jacobi2d(N, ga, gb);
  double s = dot(N * N, ga, ga);
  brighten(N, N, img, out, 40);
  double cs = 0, js = 0;
  long bs = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      cs += C[i][j] * (i + 1) + j;
      js += gb[i * N + j] * (i + 2 * j + 1);
      bs += out[i * N + j] * (long)(i + j + 1);
    }
  static double v[N * N];
  for (int i = 0; i < N * N; i++) v[i] = i % 7;
  add_shifted(N * N / 2, v + N * N / 2, v);  /* disjoint: the parallel branch */
  add_shifted(N * N / 2, v + 1, v);          /* overlapping: the original loop */
  double vs = 0;
  for (int i = 0; i < N * N; i++) vs += v[i] * (i % 13 + 1);
  printf("%.6f %.6f %.1f %ld %.1f\n", cs, js, s, bs, vs);
  return 0;
}
