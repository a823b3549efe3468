/* fdtd-2d (stencil, PolyBench/C shape): TMAX steps of the 2-D finite
 * difference time domain update of the fields ex, ey, hz with a source
 * row from _fict_; four nests per step, each parallel in both loops.
 * Check: a replay with the fields updated by separate functions. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef TMAX
#define TMAX 200
#endif
#ifndef NX
#define NX 1000
#endif
#ifndef NY
#define NY 1200
#endif

static void init_array(int tmax, int nx, int ny, double ex[NX][NY], double ey[NX][NY], double hz[NX][NY], double _fict_[TMAX])
{
  int i, j;

  for (i = 0; i < tmax; i++)
    _fict_[i] = (double)i;
  for (i = 0; i < nx; i++)
    for (j = 0; j < ny; j++) {
      ex[i][j] = ((double)i * (j + 1)) / nx;
      ey[i][j] = ((double)i * (j + 2)) / ny;
      hz[i][j] = ((double)i * (j + 3)) / nx;
    }
}

void kernel_fdtd_2d(int tmax, int nx, int ny, double ex[NX][NY], double ey[NX][NY], double hz[NX][NY], double _fict_[TMAX])
{
  int t, i, j;

  for (t = 0; t < tmax; t++) {
    for (j = 0; j < ny; j++)
      ey[0][j] = _fict_[t];
    for (i = 1; i < nx; i++)
      for (j = 0; j < ny; j++)
        ey[i][j] = ey[i][j] - 0.5 * (hz[i][j] - hz[i - 1][j]);
    for (i = 0; i < nx; i++)
      for (j = 1; j < ny; j++)
        ex[i][j] = ex[i][j] - 0.5 * (hz[i][j] - hz[i][j - 1]);
    for (i = 0; i < nx - 1; i++)
      for (j = 0; j < ny - 1; j++)
        hz[i][j] = hz[i][j] - 0.7 * (ex[i][j + 1] - ex[i][j] + ey[i + 1][j] - ey[i][j]);
  }
}

static void print_checksum(int nx, int ny, double ex[NX][NY], double ey[NX][NY], double hz[NX][NY])
{
  int i, j;
  double a = 0.0, b = 0.0, c = 0.0;

  for (i = 0; i < nx; i++)
    for (j = 0; j < ny; j++) {
      a += ex[i][j];
      b += ey[i][j];
      c += hz[i][j];
    }
  printf("fdtd-2d tmax=%d nx=%d ny=%d\n", TMAX, nx, ny);
  printf("checksum ex %.10e\n", a);
  printf("checksum ey %.10e\n", b);
  printf("checksum hz %.10e\n", c);
}

static void update_e(int nx, int ny, double v, double (*ex)[NY], double (*ey)[NY], double (*hz)[NY])
{
  int i, j;

  for (i = 0; i < nx; i++)
    for (j = 0; j < ny; j++) {
      if (i == 0)
        ey[i][j] = v;
      else
        ey[i][j] -= 0.5 * (hz[i][j] - hz[i - 1][j]);
      if (j > 0)
        ex[i][j] -= 0.5 * (hz[i][j] - hz[i][j - 1]);
    }
}

static int check_fdtd_2d(int tmax, int nx, int ny, double ex[NX][NY], double ey[NX][NY], double hz[NX][NY])
{
  int i, j, t;
  int ok = 1;
  double (*rx)[NY] = bs_alloc(sizeof(double[NX][NY]));
  double (*ry)[NY] = bs_alloc(sizeof(double[NX][NY]));
  double (*rz)[NY] = bs_alloc(sizeof(double[NX][NY]));
  double *f = bs_alloc(sizeof(double[TMAX]));

  init_array(tmax, nx, ny, rx, ry, rz, f);
  for (t = 0; t < tmax; t++) {
    update_e(nx, ny, f[t], rx, ry, rz);
    for (i = 0; i < nx - 1; i++)
      for (j = 0; j < ny - 1; j++)
        rz[i][j] -= 0.7 * (rx[i][j + 1] - rx[i][j] + ry[i + 1][j] - ry[i][j]);
  }
  for (i = 0; i < nx; i++)
    for (j = 0; j < ny; j++)
      if (!bs_close(rx[i][j], ex[i][j], 1e-9, 1e-9) || !bs_close(ry[i][j], ey[i][j], 1e-9, 1e-9) || !bs_close(rz[i][j], hz[i][j], 1e-9, 1e-9))
        ok = 0;
  bs_free(rx);
  bs_free(ry);
  bs_free(rz);
  bs_free(f);
  return ok;
}

int main(void)
{
  int tmax = TMAX, nx = NX, ny = NY;
  int rc;
  double (*ex)[NY] = bs_alloc(sizeof(double[NX][NY]));
  double (*ey)[NY] = bs_alloc(sizeof(double[NX][NY]));
  double (*hz)[NY] = bs_alloc(sizeof(double[NX][NY]));
  double *_fict_ = bs_alloc(sizeof(double[TMAX]));

  init_array(tmax, nx, ny, ex, ey, hz, _fict_);
  bs_timer_start();
  kernel_fdtd_2d(tmax, nx, ny, ex, ey, hz, _fict_);
  bs_timer_stop_print("fdtd_2d");
  print_checksum(nx, ny, ex, ey, hz);
  rc = bs_report_check(check_fdtd_2d(tmax, nx, ny, ex, ey, hz), "fdtd-2d: differs from a replay");
  bs_free(ex);
  bs_free(ey);
  bs_free(hz);
  bs_free(_fict_);
  return rc;
}
