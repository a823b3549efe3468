/* seam-dp (dynamic programming): the cost table of a seam-carving style
 * DP. Row i depends on row i - 1 (the i loop is sequential), but every
 * cell of a row is independent: C[i][j] = E[i][j] + min over |d| <= r of
 * C[i-1][j+d] + penalty * d^2, with window bounds lo/hi and a running best
 * assigned afresh for each cell.
 * Check: the table's last row recomputed with two rolling row buffers. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef H
#define H 3200
#endif
#ifndef W
#define W 3200
#endif
#ifndef R
#define R 16
#endif

static void init_array(int h, int w, double E[H][W])
{
  int i, j;

  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      E[i][j] = (double)((i * 7 + j * 13 + (i * j) % 11) % 101) / 101.0;
}

static void kernel_seam_dp(int h, int w, int r, double penalty, double E[H][W], double C[H][W])
{
  int i, j, d, lo, hi;
  double best, c;

  for (j = 0; j < w; j++)
    C[0][j] = E[0][j];
  for (i = 1; i < h; i++) {
    for (j = 0; j < w; j++) {
      lo = j - r < 0 ? -j : -r;
      hi = j + r >= w ? w - 1 - j : r;
      best = C[i - 1][j];
      for (d = lo; d <= hi; d++) {
        c = C[i - 1][j + d] + penalty * d * d;
        best = c < best ? c : best;
      }
      C[i][j] = E[i][j] + best;
    }
  }
}

static void print_checksum(int h, int w, double C[H][W])
{
  int j;
  double s = 0.0, mn = C[h - 1][0];

  for (j = 0; j < w; j++) {
    s += C[h - 1][j];
    if (C[h - 1][j] < mn)
      mn = C[h - 1][j];
  }
  printf("seam-dp h=%d w=%d r=%d\n", h, w, R);
  printf("checksum lastrow %.10e\n", s);
  printf("checksum minseam %.10e\n", mn);
}

static int check_seam_dp(int h, int w, int r, double penalty, double C[H][W])
{
  int i, j, d;
  int ok = 1;
  double v, best;
  double (*E)[W] = bs_alloc(sizeof(double[H][W]));
  double *prev = bs_alloc(sizeof(double[W]));
  double *cur = bs_alloc(sizeof(double[W]));
  double *t;

  init_array(h, w, E);
  for (j = 0; j < w; j++)
    prev[j] = E[0][j];
  for (i = 1; i < h; i++) {
    for (j = 0; j < w; j++) {
      best = prev[j];
      for (d = -r; d <= r; d++) {
        if (j + d < 0 || j + d >= w)
          continue;
        v = prev[j + d] + penalty * d * d;
        if (v < best)
          best = v;
      }
      cur[j] = E[i][j] + best;
    }
    t = prev;
    prev = cur;
    cur = t;
  }
  for (j = 0; j < w; j++)
    if (!bs_close(prev[j], C[h - 1][j], 1e-12, 1e-12))
      ok = 0;
  bs_free(E);
  bs_free(prev);
  bs_free(cur);
  return ok;
}

int main(void)
{
  int h = H, w = W, r = R;
  int rc;
  double penalty = 0.01;
  double (*E)[W] = bs_alloc(sizeof(double[H][W]));
  double (*C)[W] = bs_alloc(sizeof(double[H][W]));

  init_array(h, w, E);
  bs_timer_start();
  kernel_seam_dp(h, w, r, penalty, E, C);
  bs_timer_stop_print("seam_dp");
  print_checksum(h, w, C);
  rc = bs_report_check(check_seam_dp(h, w, r, penalty, C), "seam-dp: last row differs from a rolling-buffer recomputation");
  bs_free(E);
  bs_free(C);
  return rc;
}
