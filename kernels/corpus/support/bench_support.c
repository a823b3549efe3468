/* See bench_support.h. */
#define _POSIX_C_SOURCE 200112L
#include "bench_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct timespec bs_t0;

void *bs_alloc(size_t size)
{
  void *p = NULL;
  if (size == 0) size = 1;
  if (posix_memalign(&p, 64, size) != 0 || p == NULL) {
    fprintf(stderr, "bs_alloc: out of memory (%zu bytes)\n", size);
    exit(2);
  }
  memset(p, 0, size);
  return p;
}

void bs_free(void *p)
{
  free(p);
}

void bs_timer_start(void)
{
  clock_gettime(CLOCK_MONOTONIC, &bs_t0);
}

double bs_timer_stop_print(const char *name)
{
  struct timespec t1;
  double s;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  s = (double)(t1.tv_sec - bs_t0.tv_sec) + (double)(t1.tv_nsec - bs_t0.tv_nsec) * 1e-9;
  fprintf(stderr, "time=%.6fs %s\n", s, name);
  return s;
}

double bs_reldiff(double a, double b)
{
  double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  if (m < 1e-300) m = 1e-300;
  return fabs(a - b) / m;
}

int bs_close(double a, double b, double rtol, double atol)
{
  double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  return fabs(a - b) <= rtol * m + atol;
}

int bs_report_check(int ok, const char *what)
{
  if (ok) {
    printf("check: ok\n");
    return 0;
  }
  printf("check: FAILED %s\n", what);
  return 1;
}

double bs_weight(int i)
{
  return 1.0 + 0.5 * sin(0.001 * (double)i);
}
