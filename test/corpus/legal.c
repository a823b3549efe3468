#include <math.h>
#include "corpus.h"

void matmul(int n, real A[N][N], real B[N][N], real C[N][N]) {
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

void brighten(int h, int w, unsigned char img[h][w], unsigned char out[h][w], int delta) {
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      int v = img[y][x] + delta;
      out[y][x] = v > 255 ? 255 : v < 0 ? 0 : v;
    }
}

void spmv(int n, const int *rowptr, const int *col, const double *val, const double *x, double *restrict y) {
  for (int i = 0; i < n; i++) {
    double t = 0;
    for (int k = rowptr[i]; k < rowptr[i + 1]; k++) t += val[k] * x[col[k]];
    y[i] = t;
  }
}

double maxabs(int n, const double *a) {
  double m = 0;
  for (int i = 0; i < n; i++)
    if (fabs(a[i]) > m) m = fabs(a[i]);
  return m;
}

void nbody(int n, const vec3 *pos, vec3 *restrict acc) {
  for (int i = 0; i < n; i++) {
    real ax = 0, ay = 0, az = 0;
    for (int j = 0; j < n; j++) {
      real dx = pos[j].x - pos[i].x, dy = pos[j].y - pos[i].y, dz = pos[j].z - pos[i].z;
      real r = sqrt(dx * dx + dy * dy + dz * dz + 1e-9);
      real inv = 1.0 / (r * r * r);
      ax += dx * inv; ay += dy * inv; az += dz * inv;
    }
    acc[i].x = ax; acc[i].y = ay; acc[i].z = az;
  }
}

void softmax_rows(int n, int m, const float *restrict in, float *restrict out) {
  for (int i = 0; i < n; i++) {
    float row[256];
    float mx = in[i * m], sum = 0;
    for (int j = 0; j < m && j < 256; j++) row[j] = in[i * m + j];
    for (int j = 1; j < m; j++) mx = fmaxf(mx, in[i * m + j]);
    for (int j = 0; j < m; j++) { out[i * m + j] = expf(in[i * m + j] - mx); sum += out[i * m + j]; }
    for (int j = 0; j < m; j++) out[i * m + j] /= sum;
  }
}

int bfs_step(int n, const int *inptr, const int *inv, int *restrict level, int d) {
  int changed;
  changed = 0;
  for (int v = 0; v < n; v++) {
    if (level[v] >= 0) continue;
    for (int e = inptr[v]; e < inptr[v + 1]; e++)
      if (inv[e] == d) { level[v] = d + 1; changed = 1; break; }
  }
  return changed;
}

void polybench_style(int ni, int nj, double alpha, double A[N][N], double B[N][N]) {
  int i, j;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++)
      B[i][j] = alpha * A[i][j];
}

double GA[N][N], GB[N][N];
int poly_globals(int ni, int nj) {
  int i, j;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++)
      GB[i][j] = 2 * GA[i][j];
  return i + j;
}
