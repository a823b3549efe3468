/* PolyBench-shaped kernels for the builtin dependence test: C99 array
 * parameters sized by macros, `int i, j, k;` at the top of each function,
 * unequal sizes, triangular nests, scalars reset per row. main() fills the
 * arrays, runs every kernel and prints checksums, so a rewrite can be
 * compared with the original. */
#include <math.h>
#include <stdio.h>

#define NI 23
#define NJ 27
#define NK 29
#define NL 31
#define M 26
#define N 32
#define TSTEPS 4
#define NR 4
#define NQ 5

typedef double DATA_TYPE;

void kernel_gemm(int ni, int nj, int nk, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE C[NI][NJ], DATA_TYPE A[NI][NK], DATA_TYPE B[NK][NJ]) {
  int i, j, k;
  for (i = 0; i < ni; i++) {
    for (j = 0; j < nj; j++)
      C[i][j] *= beta;
    for (k = 0; k < nk; k++)
      for (j = 0; j < nj; j++)
        C[i][j] += alpha * A[i][k] * B[k][j];
  }
}

void kernel_2mm(int ni, int nj, int nk, int nl, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE tmp[NI][NJ], DATA_TYPE A[NI][NK], DATA_TYPE B[NK][NJ], DATA_TYPE C[NJ][NL], DATA_TYPE D[NI][NL]) {
  int i, j, k;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++) {
      tmp[i][j] = 0.0;
      for (k = 0; k < nk; ++k)
        tmp[i][j] += alpha * A[i][k] * B[k][j];
    }
  for (i = 0; i < ni; i++)
    for (j = 0; j < nl; j++) {
      D[i][j] *= beta;
      for (k = 0; k < nj; ++k)
        D[i][j] += tmp[i][k] * C[k][j];
    }
}

void kernel_syrk(int n, int m, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE C[N][N], DATA_TYPE A[N][M]) {
  int i, j, k;
  for (i = 0; i < n; i++) {
    for (j = 0; j <= i; j++)
      C[i][j] *= beta;
    for (k = 0; k < m; k++)
      for (j = 0; j <= i; j++)
        C[i][j] += alpha * A[i][k] * A[j][k];
  }
}

void kernel_syr2k(int n, int m, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE C[N][N], DATA_TYPE A[N][M], DATA_TYPE B[N][M]) {
  int i, j, k;
  for (i = 0; i < n; i++) {
    for (j = 0; j <= i; j++)
      C[i][j] *= beta;
    for (k = 0; k < m; k++)
      for (j = 0; j <= i; j++)
        C[i][j] += A[j][k] * alpha * B[i][k] + B[j][k] * alpha * A[i][k];
  }
}

/* B[k][j] with k > i is written by a later iteration of i: i is carried, j is not. */
void kernel_trmm(int m, int n, DATA_TYPE alpha, DATA_TYPE A[M][M], DATA_TYPE B[M][N]) {
  int i, j, k;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) {
      for (k = i + 1; k < m; k++)
        B[i][j] += A[k][i] * B[k][j];
      B[i][j] = alpha * B[i][j];
    }
}

void kernel_covariance(int m, int n, DATA_TYPE float_n, DATA_TYPE data[N][M], DATA_TYPE cov[M][M], DATA_TYPE mean[M]) {
  int i, j, k;
  for (j = 0; j < m; j++) {
    mean[j] = 0.0;
    for (i = 0; i < n; i++)
      mean[j] += data[i][j];
    mean[j] /= float_n;
  }
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      data[i][j] -= mean[j];
  for (i = 0; i < m; i++)
    for (j = i; j < m; j++) {
      cov[i][j] = 0.0;
      for (k = 0; k < n; k++)
        cov[i][j] += data[k][i] * data[k][j];
      cov[i][j] /= (float_n - 1.0);
      cov[j][i] = cov[i][j];
    }
}

void kernel_correlation(int m, int n, DATA_TYPE float_n, DATA_TYPE data[N][M], DATA_TYPE corr[M][M], DATA_TYPE mean[M], DATA_TYPE stddev[M]) {
  int i, j, k;
  DATA_TYPE eps = 0.1;
  for (j = 0; j < m; j++) {
    mean[j] = 0.0;
    for (i = 0; i < n; i++)
      mean[j] += data[i][j];
    mean[j] /= float_n;
  }
  for (j = 0; j < m; j++) {
    stddev[j] = 0.0;
    for (i = 0; i < n; i++)
      stddev[j] += (data[i][j] - mean[j]) * (data[i][j] - mean[j]);
    stddev[j] /= float_n;
    stddev[j] = sqrt(stddev[j]);
    stddev[j] = stddev[j] <= eps ? 1.0 : stddev[j];
  }
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++) {
      data[i][j] -= mean[j];
      data[i][j] /= sqrt(float_n) * stddev[j];
    }
  for (i = 0; i < m - 1; i++) {
    corr[i][i] = 1.0;
    for (j = i + 1; j < m; j++) {
      corr[i][j] = 0.0;
      for (k = 0; k < n; k++)
        corr[i][j] += (data[k][i] * data[k][j]);
      corr[j][i] = corr[i][j];
    }
  }
  corr[m - 1][m - 1] = 1.0;
}

void kernel_gemver(int n, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE A[N][N], DATA_TYPE u1[N], DATA_TYPE v1[N], DATA_TYPE u2[N], DATA_TYPE v2[N], DATA_TYPE w[N], DATA_TYPE x[N], DATA_TYPE y[N], DATA_TYPE z[N]) {
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      A[i][j] = A[i][j] + u1[i] * v1[j] + u2[i] * v2[j];
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      x[i] = x[i] + beta * A[j][i] * y[j];
  for (i = 0; i < n; i++)
    x[i] = x[i] + z[i];
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      w[i] = w[i] + alpha * A[i][j] * x[j];
}

/* atax with a per-row scalar: tmp is reset before use in every row. */
void kernel_atax(int m, int n, DATA_TYPE A[M][N], DATA_TYPE x[N], DATA_TYPE y[N], DATA_TYPE t[M]) {
  int i, j;
  DATA_TYPE tmp;
  for (i = 0; i < m; i++) {
    tmp = 0.0;
    for (j = 0; j < n; j++)
      tmp += A[i][j] * x[j];
    t[i] = tmp;
  }
  for (j = 0; j < n; j++)
    y[j] = 0;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      y[j] = y[j] + A[i][j] * t[i];
}

void kernel_bicg(int m, int n, DATA_TYPE A[N][M], DATA_TYPE s[M], DATA_TYPE q[N], DATA_TYPE p[M], DATA_TYPE r[N]) {
  int i, j;
  for (i = 0; i < m; i++)
    s[i] = 0;
  for (i = 0; i < n; i++) {
    q[i] = 0.0;
    for (j = 0; j < m; j++) {
      s[j] = s[j] + r[i] * A[i][j];
      q[i] = q[i] + A[i][j] * p[j];
    }
  }
}

void kernel_mvt(int n, DATA_TYPE x1[N], DATA_TYPE x2[N], DATA_TYPE y_1[N], DATA_TYPE y_2[N], DATA_TYPE A[N][N]) {
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      x1[i] = x1[i] + A[i][j] * y_1[j];
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      x2[i] = x2[i] + A[j][i] * y_2[j];
}

void kernel_jacobi_2d(int tsteps, int n, DATA_TYPE A[N][N], DATA_TYPE B[N][N]) {
  int t, i, j;
  for (t = 0; t < tsteps; t++) {
    for (i = 1; i < n - 1; i++)
      for (j = 1; j < n - 1; j++)
        B[i][j] = 0.2 * (A[i][j] + A[i][j - 1] + A[i][1 + j] + A[1 + i][j] + A[i - 1][j]);
    for (i = 1; i < n - 1; i++)
      for (j = 1; j < n - 1; j++)
        A[i][j] = 0.2 * (B[i][j] + B[i][j - 1] + B[i][1 + j] + B[1 + i][j] + B[i - 1][j]);
  }
}

/* In place: every loop carries a dependence. */
void kernel_seidel_2d(int tsteps, int n, DATA_TYPE A[N][N]) {
  int t, i, j;
  for (t = 0; t <= tsteps - 1; t++)
    for (i = 1; i <= n - 2; i++)
      for (j = 1; j <= n - 2; j++)
        A[i][j] = (A[i - 1][j - 1] + A[i - 1][j] + A[i - 1][j + 1] + A[i][j - 1] + A[i][j] + A[i][j + 1] + A[i + 1][j - 1] + A[i + 1][j] + A[i + 1][j + 1]) / 9.0;
}

/* Each row of the cost table needs the previous row: rows are sequential, the cells of a row are not. */
void kernel_row_dp(int n, int m, DATA_TYPE cost[N][M], DATA_TYPE w[N][M]) {
  int i, j;
  DATA_TYPE best;
  for (i = 1; i < n; i++)
    for (j = 1; j < m - 1; j++) {
      best = cost[i - 1][j];
      if (cost[i - 1][j - 1] < best) best = cost[i - 1][j - 1];
      if (cost[i - 1][j + 1] < best) best = cost[i - 1][j + 1];
      cost[i][j] = w[i][j] + best;
    }
}

/* Longest common subsequence table: both loops carry (i-1 and j-1). */
void kernel_lcs(int n, int m, const int a[N], const int b[M], int L[N + 1][M + 1]) {
  int i, j;
  for (i = 1; i <= n; i++)
    for (j = 1; j <= m; j++)
      L[i][j] = a[i - 1] == b[j - 1] ? L[i - 1][j - 1] + 1 : (L[i - 1][j] > L[i][j - 1] ? L[i - 1][j] : L[i][j - 1]);
}

/* Writes S[j][i] over a full square: iteration i writes the column that other rows read. */
void kernel_symmetrize(int n, DATA_TYPE S[N][N]) {
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      S[j][i] = 0.5 * (S[i][j] + S[j][i]);
}

/* gesummv-like: two scalars reset per row. */
void kernel_gesummv(int n, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE A[N][N], DATA_TYPE B[N][N], DATA_TYPE x[N], DATA_TYPE y[N]) {
  int i, j;
  DATA_TYPE tmp, sum;
  for (i = 0; i < n; i++) {
    tmp = 0.0;
    sum = 0.0;
    for (j = 0; j < n; j++) {
      tmp = A[i][j] * x[j] + tmp;
      sum = B[i][j] * x[j] + sum;
    }
    y[i] = alpha * tmp + beta * sum;
  }
}

/* last is read at the start of each row before it is set: carried. */
DATA_TYPE kernel_carry(int n, DATA_TYPE A[N][N], DATA_TYPE y[N]) {
  int i, j;
  DATA_TYPE last = 0.0;
  for (i = 0; i < n; i++) {
    y[i] = last;
    last = 0.0;
    for (j = 0; j < n; j++)
      last += A[i][j];
  }
  return last;
}

/* s is set before use in every row, but its last value is returned: it is not private. */
DATA_TYPE kernel_live_after(int n, DATA_TYPE A[N][N], DATA_TYPE y[N]) {
  int i, j;
  DATA_TYPE s;
  s = 0.0;
  for (i = 0; i < n; i++) {
    s = 0.0;
    for (j = 0; j < n; j++)
      s += A[i][j];
    y[i] = s;
  }
  return s;
}

/* s is set only when the row is positive: the last row may leave it unset. */
DATA_TYPE kernel_cond_set(int n, DATA_TYPE A[N][N], DATA_TYPE y[N]) {
  int i;
  DATA_TYPE s = -1.0;
  for (i = 0; i < n; i++) {
    if (A[i][0] > 0) {
      s = A[i][0] * 2.0;
      y[i] = s;
    }
  }
  return s;
}

/* Row k is read by every i while iteration i = k writes it: only the k loop's body order makes it right. */
void kernel_floyd_warshall(int n, int path[N][N]) {
  int i, j, k;
  for (k = 0; k < n; k++)
    for (i = 0; i < n; i++)
      for (j = 0; j < n; j++)
        path[i][j] = path[i][j] < path[i][k] + path[k][j] ? path[i][j] : path[i][k] + path[k][j];
}

/* The second j loop reads A[i][k] with k < i <= j: never a column it writes. */
void kernel_lu(int n, DATA_TYPE A[N][N]) {
  int i, j, k;
  for (i = 0; i < n; i++) {
    for (j = 0; j < i; j++) {
      for (k = 0; k < j; k++)
        A[i][j] -= A[i][k] * A[k][j];
      A[i][j] /= A[j][j];
    }
    for (j = i; j < n; j++)
      for (k = 0; k < i; k++)
        A[i][j] -= A[i][k] * A[k][j];
  }
}

void kernel_cholesky(int n, DATA_TYPE A[N][N]) {
  int i, j, k;
  for (i = 0; i < n; i++) {
    for (j = 0; j < i; j++) {
      for (k = 0; k < j; k++)
        A[i][j] -= A[i][k] * A[j][k];
      A[i][j] /= A[j][j];
    }
    for (k = 0; k < i; k++)
      A[i][i] -= A[i][k] * A[i][k];
    A[i][i] = sqrt(fabs(A[i][i]) + 1.0);
  }
}

void kernel_symm(int m, int n, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE C[M][N], DATA_TYPE A[M][M], DATA_TYPE B[M][N]) {
  int i, j, k;
  DATA_TYPE temp2;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) {
      temp2 = 0;
      for (k = 0; k < i; k++) {
        C[k][j] += alpha * B[i][j] * A[i][k];
        temp2 += B[k][j] * A[i][k];
      }
      C[i][j] = beta * C[i][j] + alpha * B[i][j] * A[i][i] + alpha * temp2;
    }
}

void kernel_trisolv(int n, DATA_TYPE L[N][N], DATA_TYPE x[N], DATA_TYPE b[N]) {
  int i, j;
  for (i = 0; i < n; i++) {
    x[i] = b[i];
    for (j = 0; j < i; j++)
      x[i] -= L[i][j] * x[j];
    x[i] = x[i] / (L[i][i] + 1.0);
  }
}

/* sum is one array shared by every (r, q): only its p loops are parallel. */
void kernel_doitgen(int nr, int nq, int np, DATA_TYPE A[NR][NQ][M], DATA_TYPE C4[M][M], DATA_TYPE sum[M]) {
  int r, q, p, s;
  for (r = 0; r < nr; r++)
    for (q = 0; q < nq; q++) {
      for (p = 0; p < np; p++) {
        sum[p] = 0.0;
        for (s = 0; s < np; s++)
          sum[p] += A[r][q][s] * C4[s][p];
      }
      for (p = 0; p < np; p++)
        A[r][q][p] = sum[p];
    }
}

/* adi's column sweep: each i owns row i of p and q and column i of v. */
void kernel_adi_sweep(int n, DATA_TYPE u[N][N], DATA_TYPE v[N][N], DATA_TYPE p[N][N], DATA_TYPE q[N][N]) {
  int i, j;
  for (i = 1; i < n - 1; i++) {
    v[0][i] = 1.0;
    p[i][0] = 0.0;
    q[i][0] = v[0][i];
    for (j = 1; j < n - 1; j++) {
      p[i][j] = 0.25 / (2.0 + p[i][j - 1] * p[i][j - 1]);
      q[i][j] = (u[j][i - 1] + 0.5 * q[i][j - 1]) / (2.0 + p[i][j - 1] * p[i][j - 1]);
    }
    v[n - 1][i] = 1.0;
    for (j = n - 2; j >= 1; j--)
      v[j][i] = p[i][j] * v[j + 1][i] + q[i][j];
  }
}

/* A const lookup table (never the target of a write) and loop bounds written as negative literals. */
static const DATA_TYPE wts[3][3] = {{1, 2, 1}, {2, 4, 2}, {1, 2, 1}};
void kernel_blur3(int n, DATA_TYPE in[N][N], DATA_TYPE out[N][N]) {
  int i, j, di, dj;
  DATA_TYPE acc;
  for (i = 1; i < n - 1; i++)
    for (j = 1; j < n - 1; j++) {
      acc = 0;
      for (di = -1; di <= 1; di++)
        for (dj = -1; dj <= 1; dj++)
          acc += wts[di + 1][dj + 1] * in[i + di][j + dj];
      out[i][j] = acc / 16;
    }
}

static DATA_TYPE sum2(int r, int c, DATA_TYPE X[r][c]) {
  DATA_TYPE s = 0;
  for (int i = 0; i < r; i++)
    for (int j = 0; j < c; j++) s += X[i][j] * (1 + (i + 2 * j) % 7);
  return s;
}

static void fill(int r, int c, DATA_TYPE X[r][c], int seed) {
  for (int i = 0; i < r; i++)
    for (int j = 0; j < c; j++) X[i][j] = (DATA_TYPE)((i * (j + seed) + seed) % 17) / 17.0 + 0.01 * (i == j);
}

static DATA_TYPE A_[N + 1][N + 1], B_[N + 1][N + 1], C_[N + 1][N + 1], D_[N + 1][N + 1], E_[N + 1][N + 1];
static DATA_TYPE v1_[N], v2_[N], v3_[N], v4_[N], v5_[N], v6_[N], v7_[N], v8_[N];
static int ia_[N + 1], ib_[N + 1], L_[N + 1][M + 1], P_[N][N];

#define ALL() do { fill(N, N, (DATA_TYPE(*)[N])A_, 1); fill(N, N, (DATA_TYPE(*)[N])B_, 2); fill(N, N, (DATA_TYPE(*)[N])C_, 3); fill(N, N, (DATA_TYPE(*)[N])D_, 4); fill(N, N, (DATA_TYPE(*)[N])E_, 5); \
  for (int q = 0; q < N; q++) { v1_[q] = q % 5 + 1; v2_[q] = q % 3 - 1; v3_[q] = 0.5 * q; v4_[q] = 1.0 / (q + 1); v5_[q] = q % 7; v6_[q] = 2; v7_[q] = q & 3; v8_[q] = 1 - q % 2; } } while (0)
static DATA_TYPE VEC_SUM(const DATA_TYPE *v) {
  DATA_TYPE s = 0;
  for (int q = 0; q < N; q++) s += v[q] * (q + 1);
  return s;
}

int main(void) {
  ALL();
  kernel_gemm(NI - 3, NJ - 1, NK, 1.5, 1.2, (DATA_TYPE(*)[NJ])A_, (DATA_TYPE(*)[NK])B_, (DATA_TYPE(*)[NJ])C_);
  printf("gemm %.10g\n", sum2(NI, NJ, (DATA_TYPE(*)[NJ])A_));
  ALL();
  kernel_2mm(NI, NJ - 2, NK - 1, NL, 1.5, 1.2, (DATA_TYPE(*)[NJ])A_, (DATA_TYPE(*)[NK])B_, (DATA_TYPE(*)[NJ])C_, (DATA_TYPE(*)[NL])D_, (DATA_TYPE(*)[NL])E_);
  printf("2mm %.10g %.10g\n", sum2(NI, NJ, (DATA_TYPE(*)[NJ])A_), sum2(NI, NL, (DATA_TYPE(*)[NL])E_));
  ALL();
  kernel_syrk(N - 2, M - 3, 1.5, 1.2, (DATA_TYPE(*)[N])A_, (DATA_TYPE(*)[M])B_);
  printf("syrk %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_));
  ALL();
  kernel_syr2k(N - 1, M, 1.5, 1.2, (DATA_TYPE(*)[N])A_, (DATA_TYPE(*)[M])B_, (DATA_TYPE(*)[M])C_);
  printf("syr2k %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_));
  ALL();
  kernel_trmm(M - 1, N - 2, 1.5, (DATA_TYPE(*)[M])A_, (DATA_TYPE(*)[N])B_);
  printf("trmm %.10g\n", sum2(M, N, (DATA_TYPE(*)[N])B_));
  ALL();
  kernel_covariance(M - 2, N - 1, N - 1.0, (DATA_TYPE(*)[M])A_, (DATA_TYPE(*)[M])B_, v1_);
  printf("covariance %.10g %.10g\n", sum2(M, M, (DATA_TYPE(*)[M])B_), VEC_SUM(v1_));
  ALL();
  kernel_correlation(M - 1, N - 3, N - 3.0, (DATA_TYPE(*)[M])A_, (DATA_TYPE(*)[M])B_, v1_, v2_);
  printf("correlation %.10g %.10g\n", sum2(M, M, (DATA_TYPE(*)[M])B_), VEC_SUM(v2_));
  ALL();
  kernel_gemver(N - 1, 1.5, 1.2, (DATA_TYPE(*)[N])A_, v1_, v2_, v3_, v4_, v5_, v6_, v7_, v8_);
  printf("gemver %.10g %.10g %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_), VEC_SUM(v5_), VEC_SUM(v6_));
  ALL();
  kernel_atax(M - 1, N - 2, (DATA_TYPE(*)[N])A_, v1_, v2_, v3_);
  printf("atax %.10g %.10g\n", VEC_SUM(v2_), VEC_SUM(v3_));
  ALL();
  kernel_bicg(M - 2, N - 1, (DATA_TYPE(*)[M])A_, v1_, v2_, v3_, v4_);
  printf("bicg %.10g %.10g\n", VEC_SUM(v1_), VEC_SUM(v2_));
  ALL();
  kernel_mvt(N - 1, v1_, v2_, v3_, v4_, (DATA_TYPE(*)[N])A_);
  printf("mvt %.10g %.10g\n", VEC_SUM(v1_), VEC_SUM(v2_));
  ALL();
  kernel_jacobi_2d(TSTEPS, N - 1, (DATA_TYPE(*)[N])A_, (DATA_TYPE(*)[N])B_);
  printf("jacobi_2d %.10g %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_), sum2(N, N, (DATA_TYPE(*)[N])B_));
  ALL();
  kernel_seidel_2d(TSTEPS, N - 1, (DATA_TYPE(*)[N])A_);
  printf("seidel_2d %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_));
  ALL();
  kernel_row_dp(N - 1, M - 1, (DATA_TYPE(*)[M])A_, (DATA_TYPE(*)[M])B_);
  printf("row_dp %.10g\n", sum2(N, M, (DATA_TYPE(*)[M])A_));
  for (int q = 0; q <= N; q++) { ia_[q] = (q * 7) % 5; ib_[q] = (q * 3) % 5; }
  kernel_lcs(N, M, ia_, ib_, L_);
  printf("lcs %d\n", L_[N][M]);
  ALL();
  kernel_symmetrize(N - 1, (DATA_TYPE(*)[N])A_);
  printf("symmetrize %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_));
  ALL();
  kernel_gesummv(N - 1, 1.5, 1.2, (DATA_TYPE(*)[N])A_, (DATA_TYPE(*)[N])B_, v1_, v2_);
  printf("gesummv %.10g\n", VEC_SUM(v2_));
  ALL();
  DATA_TYPE c1 = kernel_carry(N - 1, (DATA_TYPE(*)[N])A_, v1_);
  printf("carry %.10g %.10g\n", c1, VEC_SUM(v1_));
  ALL();
  DATA_TYPE c2 = kernel_live_after(N - 1, (DATA_TYPE(*)[N])A_, v1_);
  printf("live_after %.10g %.10g\n", c2, VEC_SUM(v1_));
  ALL();
  for (int q = 0; q < N; q++) A_[q][0] = (q % 3) - 1.0;
  DATA_TYPE c3 = kernel_cond_set(N - 1, (DATA_TYPE(*)[N])A_, v1_);
  printf("cond_set %.10g %.10g\n", c3, VEC_SUM(v1_));
  ALL();
  kernel_blur3(N - 1, (DATA_TYPE(*)[N])A_, (DATA_TYPE(*)[N])B_);
  printf("blur3 %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])B_));
  for (int a = 0; a < N; a++)
    for (int b = 0; b < N; b++) P_[a][b] = (a * 7 + b * 3) % 23 + (a == b ? 0 : 1);
  kernel_floyd_warshall(N - 1, P_);
  printf("floyd_warshall %d %d %d\n", P_[3][5], P_[N - 2][1], P_[10][20]);
  ALL();
  kernel_lu(N - 2, (DATA_TYPE(*)[N])A_);
  printf("lu %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_));
  ALL();
  kernel_cholesky(N - 1, (DATA_TYPE(*)[N])A_);
  printf("cholesky %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_));
  ALL();
  kernel_symm(M - 1, N - 3, 1.5, 1.2, (DATA_TYPE(*)[N])A_, (DATA_TYPE(*)[M])B_, (DATA_TYPE(*)[N])C_);
  printf("symm %.10g\n", sum2(M, N, (DATA_TYPE(*)[N])A_));
  ALL();
  kernel_trisolv(N - 1, (DATA_TYPE(*)[N])A_, v1_, v2_);
  printf("trisolv %.10g\n", VEC_SUM(v1_));
  ALL();
  kernel_doitgen(NR - 1, NQ, M - 2, (DATA_TYPE(*)[NQ][M])A_, (DATA_TYPE(*)[M])B_, v1_);
  printf("doitgen %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])A_));
  ALL();
  kernel_adi_sweep(N - 1, (DATA_TYPE(*)[N])A_, (DATA_TYPE(*)[N])B_, (DATA_TYPE(*)[N])C_, (DATA_TYPE(*)[N])D_);
  printf("adi_sweep %.10g %.10g %.10g\n", sum2(N, N, (DATA_TYPE(*)[N])B_), sum2(N, N, (DATA_TYPE(*)[N])C_), sum2(N, N, (DATA_TYPE(*)[N])D_));
  return 0;
}
