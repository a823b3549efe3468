/* doitgen (multiresolution analysis, PolyBench/C shape, as older suites and
 * textbook codes write it): the arrays are file-scope globals sized by
 * macros and the kernel takes no arguments. For every (r, q) the row
 * A[r][q][*] is multiplied by C4 through the scratch row `sum`, itself a
 * global, then copied back.
 * Check: the same product recomputed with the s loop outermost on a fresh A. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef NR
#define NR 150
#endif
#ifndef NQ
#define NQ 140
#endif
#ifndef NP
#define NP 160
#endif
#ifndef REPS
#define REPS 2
#endif

static double A[NR][NQ][NP];
static double C4[NP][NP];
static double sum[NP];

static void init_array(void)
{
  int r, q, p, s;

  for (r = 0; r < NR; r++)
    for (q = 0; q < NQ; q++)
      for (p = 0; p < NP; p++)
        A[r][q][p] = (double)((r * q + p) % NP) / NP;
  for (s = 0; s < NP; s++)
    for (p = 0; p < NP; p++)
      C4[s][p] = (double)(s * p % NP) / NP / NP;
}

void kernel_doitgen(void)
{
  int r, q, p, s;

  for (r = 0; r < NR; r++)
    for (q = 0; q < NQ; q++) {
      for (p = 0; p < NP; p++) {
        sum[p] = 0.0;
        for (s = 0; s < NP; s++)
          sum[p] += A[r][q][s] * C4[s][p];
      }
      for (p = 0; p < NP; p++)
        A[r][q][p] = sum[p];
    }
}

static void print_checksum(void)
{
  int r, q, p;
  double sa = 0.0;

  for (r = 0; r < NR; r++)
    for (q = 0; q < NQ; q++)
      for (p = 0; p < NP; p++)
        sa += A[r][q][p] * (1 + (r + q + p) % 3);
  printf("doitgen nr=%d nq=%d np=%d reps=%d\n", NR, NQ, NP, REPS);
  printf("checksum A %.10e\n", sa);
}

static int check_doitgen(void)
{
  int r, q, p, s, k;
  int ok = 1;
  double (*row)[NP] = bs_alloc(sizeof(double[NQ][NP]));
  double *acc = bs_alloc(sizeof(double[NP]));

  for (r = 0; r < NR; r += 7) {
    for (q = 0; q < NQ; q++)
      for (p = 0; p < NP; p++)
        row[q][p] = (double)((r * q + p) % NP) / NP;
    for (k = 0; k < REPS; k++)
      for (q = 0; q < NQ; q++) {
        for (p = 0; p < NP; p++)
          acc[p] = 0.0;
        for (s = 0; s < NP; s++)
          for (p = 0; p < NP; p++)
            acc[p] += row[q][s] * C4[s][p];
        for (p = 0; p < NP; p++)
          row[q][p] = acc[p];
      }
    for (q = 0; q < NQ; q++)
      for (p = 0; p < NP; p++)
        if (!bs_close(row[q][p], A[r][q][p], 1e-9, 1e-14))
          ok = 0;
  }
  bs_free(row);
  bs_free(acc);
  return ok;
}

int main(void)
{
  int k;

  init_array();
  bs_timer_start();
  for (k = 0; k < REPS; k++)
    kernel_doitgen();
  bs_timer_stop_print("doitgen");
  print_checksum();
  return bs_report_check(check_doitgen(), "doitgen: differs from the product recomputed s-outermost");
}
