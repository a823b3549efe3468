/* covariance (data mining, PolyBench/C shape): the covariance matrix of N
 * data points with M attributes. Column means, centring, then the upper
 * triangle of data^T data mirrored into the lower one (j >= i).
 * Check: symmetry, and sampled entries recomputed from fresh data. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef M
#define M 900
#endif
#ifndef N
#define N 1100
#endif

static void init_array(int m, int n, double *float_n, double data[N][M])
{
  int i, j;

  *float_n = (double)n;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      data[i][j] = ((double)((i * j + 3) % m)) / m + 0.25 * i / n;
}

void kernel_covariance(int m, int n, double float_n, double data[N][M], double cov[M][M], double mean[M])
{
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

static void print_checksum(int m, double cov[M][M], double mean[M])
{
  int i, j;
  double s = 0.0, d = 0.0, mu = 0.0;

  for (i = 0; i < m; i++) {
    d += cov[i][i];
    mu += mean[i];
    for (j = 0; j < m; j++)
      s += cov[i][j];
  }
  printf("covariance m=%d n=%d\n", m, N);
  printf("checksum cov %.10e\n", s);
  printf("checksum trace %.10e\n", d);
  printf("checksum mean %.10e\n", mu);
}

static int check_covariance(int m, int n, double cov[M][M])
{
  int i, j, k, s;
  int ok = 1;
  double float_n, mi, mj, c;
  double (*data)[M] = bs_alloc(sizeof(double[N][M]));

  for (i = 0; i < m; i++)
    for (j = 0; j < i; j++)
      if (cov[i][j] != cov[j][i])
        ok = 0;
  init_array(m, n, &float_n, data);
  for (s = 0; s < 8; s++) {
    i = (s * 131 + 7) % m;
    j = (s * 57 + 3) % m;
    mi = 0.0;
    mj = 0.0;
    for (k = 0; k < n; k++) {
      mi += data[k][i];
      mj += data[k][j];
    }
    mi /= n;
    mj /= n;
    c = 0.0;
    for (k = 0; k < n; k++)
      c += (data[k][i] - mi) * (data[k][j] - mj);
    c /= (n - 1.0);
    if (!bs_close(c, cov[i][j], 1e-9, 1e-12))
      ok = 0;
  }
  bs_free(data);
  return ok;
}

int main(void)
{
  int m = M, n = N;
  int rc;
  double float_n;
  double (*data)[M] = bs_alloc(sizeof(double[N][M]));
  double (*cov)[M] = bs_alloc(sizeof(double[M][M]));
  double *mean = bs_alloc(sizeof(double[M]));

  init_array(m, n, &float_n, data);
  bs_timer_start();
  kernel_covariance(m, n, float_n, data, cov, mean);
  bs_timer_stop_print("covariance");
  print_checksum(m, cov, mean);
  rc = bs_report_check(check_covariance(m, n, cov), "covariance: not symmetric or a sampled entry differs");
  bs_free(data);
  bs_free(cov);
  bs_free(mean);
  return rc;
}
