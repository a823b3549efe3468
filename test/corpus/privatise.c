/* Scratch declared outside the loop, in the shapes real programs use (issue
 * 24, items 3-4): multigrid rows written then read in each iteration, an FFT
 * pass through a plane buffer, an N-body box whose pointers and scalars are
 * set at the top of each box, arrays of complex structs, a loop bounded by a
 * struct field passed by value. C89 style: everything declared at the top.
 * main() fills the arrays, runs every kernel and prints checksums, so a
 * rewrite can be compared with the original. */
#include <stdio.h>

#define M 40
#define NB 8
/* A size the compiler computes: the scratch row below is 40 doubles. */
#define MROW ((1 << 5) + 8)

typedef struct {
  double real;
  double imag;
} dcomplex;

typedef struct {
  int n;
  int m;
  double scale;
} grid_t;

/* Multigrid resid: rows u1, u2 are filled for each (i3, i2), then read at i1-1, i1, i1+1. */
void mg_resid(int n3, int n2, int n1, double u[n3][n2][n1], double v[n3][n2][n1], double r[n3][n2][n1], const double a[4]) {
  int i3, i2, i1;
  double u1[M], u2[M];
  for (i3 = 1; i3 < n3 - 1; i3++)
    for (i2 = 1; i2 < n2 - 1; i2++) {
      for (i1 = 0; i1 < n1; i1++) {
        u1[i1] = u[i3][i2 - 1][i1] + u[i3][i2 + 1][i1] + u[i3 - 1][i2][i1] + u[i3 + 1][i2][i1];
        u2[i1] = u[i3 - 1][i2 - 1][i1] + u[i3 - 1][i2 + 1][i1] + u[i3 + 1][i2 - 1][i1] + u[i3 + 1][i2 + 1][i1];
      }
      for (i1 = 1; i1 < n1 - 1; i1++)
        r[i3][i2][i1] = v[i3][i2][i1] - a[0] * u[i3][i2][i1] - a[2] * (u2[i1] + u1[i1 - 1] + u1[i1 + 1]) - a[3] * (u2[i1 - 1] + u2[i1 + 1]);
    }
}

/* The same as the multigrid writes it: grids passed as void * and cast to pointers to VLA rows. */
void mg_resid_void(void *ou, void *ov, void *or_, int n1, int n2, int n3, const double a[4]) {
  double (*u)[n2][n1] = (double (*)[n2][n1])ou;
  double (*v)[n2][n1] = (double (*)[n2][n1])ov;
  double (*r)[n2][n1] = (double (*)[n2][n1])or_;
  int i3, i2, i1;
  double u1[M], u2[M];
  for (i3 = 1; i3 < n3 - 1; i3++)
    for (i2 = 1; i2 < n2 - 1; i2++) {
      for (i1 = 0; i1 < n1; i1++) {
        u1[i1] = u[i3][i2 - 1][i1] + u[i3][i2 + 1][i1] + u[i3 - 1][i2][i1] + u[i3 + 1][i2][i1];
        u2[i1] = u[i3 - 1][i2 - 1][i1] + u[i3 - 1][i2 + 1][i1] + u[i3 + 1][i2 - 1][i1] + u[i3 + 1][i2 + 1][i1];
      }
      for (i1 = 1; i1 < n1 - 1; i1++)
        r[i3][i2][i1] = v[i3][i2][i1] - a[0] * u[i3][i2][i1] - a[2] * (u2[i1] + u1[i1 - 1] + u1[i1 + 1]) - a[3] * (u2[i1 - 1] + u2[i1 + 1]);
    }
}

/* Multigrid psinv: the same with a scalar set in the row as well. */
void mg_psinv(int n3, int n2, int n1, double r[n3][n2][n1], double u[n3][n2][n1], const double c[4]) {
  int i3, i2, i1;
  double r1[M], r2[M];
  double t;
  for (i3 = 1; i3 < n3 - 1; i3++)
    for (i2 = 1; i2 < n2 - 1; i2++) {
      for (i1 = 0; i1 < n1; i1++) {
        r1[i1] = r[i3][i2 - 1][i1] + r[i3][i2 + 1][i1] + r[i3 - 1][i2][i1] + r[i3 + 1][i2][i1];
        r2[i1] = r[i3 - 1][i2 - 1][i1] + r[i3 - 1][i2 + 1][i1] + r[i3 + 1][i2 - 1][i1] + r[i3 + 1][i2 + 1][i1];
      }
      for (i1 = 1; i1 < n1 - 1; i1++) {
        t = c[0] * r[i3][i2][i1] + c[1] * (r[i3][i2][i1 - 1] + r[i3][i2][i1 + 1] + r1[i1]);
        u[i3][i2][i1] = u[i3][i2][i1] + t + c[2] * (r2[i1] + r1[i1 - 1] + r1[i1 + 1]);
      }
    }
}

/* Multigrid rprj3: the fine-grid index follows the coarse one (i1 = 2*j1 - d1), so the rows are written at every other element and read there. */
void mg_rprj3(int m1k, int m2k, int m3k, int m1j, int m2j, int m3j, double r[m3k][m2k][m1k], double s[m3j][m2j][m1j]) {
  int j3, j2, j1, i3, i2, i1, d1, d2, d3;
  double x1[M], y1[M], x2, y2;
  if (m1k == 3) d1 = 2;
  else d1 = 1;
  if (m2k == 3) d2 = 2;
  else d2 = 1;
  if (m3k == 3) d3 = 2;
  else d3 = 1;
  for (j3 = 1; j3 < m3j - 1; j3++) {
    i3 = 2 * j3 - d3;
    for (j2 = 1; j2 < m2j - 1; j2++) {
      i2 = 2 * j2 - d2;
      for (j1 = 1; j1 < m1j; j1++) {
        i1 = 2 * j1 - d1;
        x1[i1] = r[i3 + 1][i2][i1] + r[i3 + 1][i2 + 2][i1] + r[i3][i2 + 1][i1] + r[i3 + 2][i2 + 1][i1];
        y1[i1] = r[i3][i2][i1] + r[i3 + 2][i2][i1] + r[i3][i2 + 2][i1] + r[i3 + 2][i2 + 2][i1];
      }
      for (j1 = 1; j1 < m1j - 1; j1++) {
        i1 = 2 * j1 - d1;
        y2 = r[i3][i2][i1 + 1] + r[i3 + 2][i2][i1 + 1] + r[i3][i2 + 2][i1 + 1] + r[i3 + 2][i2 + 2][i1 + 1];
        x2 = r[i3 + 1][i2][i1 + 1] + r[i3 + 1][i2 + 2][i1 + 1] + r[i3][i2 + 1][i1 + 1] + r[i3 + 2][i2 + 1][i1 + 1];
        s[j3][j2][j1] = 0.5 * r[i3 + 1][i2 + 1][i1 + 1] + 0.25 * (r[i3 + 1][i2 + 1][i1] + r[i3 + 1][i2 + 1][i1 + 2] + x2) + 0.125 * (x1[i1] + x1[i1 + 2] + y2) + 0.0625 * (y1[i1] + y1[i1 + 2]);
      }
    }
  }
}

/* Not private: odd elements written, even ones read. */
void wrong_stride(int n, int m, double a[n][M]) {
  int i, j;
  double row[M];
  for (j = 0; j < M; j++) row[j] = 0.0;
  for (i = 0; i < n; i++) {
    for (j = 0; j < m / 2; j++) row[2 * j + 1] = a[i][j];
    for (j = 0; j < m / 2; j++) a[i][j] = row[2 * j];
  }
}

/* One FFT pass along the fastest dimension: each line is copied into the plane
 * buffer (the whole buffer), transformed in place, copied back. */
static void line_fft(int n, dcomplex y[M]) {
  int i;
  dcomplex t;
  for (i = 0; i < n / 2; i++) {
    t = y[i];
    y[i].real = t.real + y[n - 1 - i].real;
    y[i].imag = t.imag + y[n - 1 - i].imag;
    y[n - 1 - i].real = t.real - y[n - 1 - i].real;
    y[n - 1 - i].imag = t.imag - y[n - 1 - i].imag;
  }
}

void fft_pass(int n3, int n2, dcomplex x[n3][n2][M]) {
  int k, j, i;
  dcomplex plane[M];
  for (k = 0; k < n3; k++)
    for (j = 0; j < n2; j++) {
      for (i = 0; i < M; i++) plane[i] = x[k][j][i];
      line_fft(M, plane);
      for (i = 0; i < M; i++) {
        x[k][j][i].real = plane[i].real * 0.5;
        x[k][j][i].imag = plane[i].imag * 0.5;
      }
    }
}

/* N-body boxes: the pointers into this box's particles and the distance are set at the top of each box. */
void nbody_boxes(int nbox, int per, const double *restrict pos, double *restrict force, double eps) {
  int b, p, q;
  const double *rA;
  double *fA;
  double d, dx;
  for (b = 0; b < nbox; b++) {
    rA = pos + b * per;
    fA = &force[b * per];
    for (p = 0; p < per; p++) {
      fA[p] = 0.0;
      for (q = 0; q < per; q++) {
        dx = rA[q] - rA[p];
        d = dx * dx + eps;
        fA[p] += dx / d;
      }
    }
  }
}

/* Arrays of structs: x[i].real and x[j].real are different elements when i != j; .real and .imag are different fields. */
void complex_scale(int n, dcomplex *x, const dcomplex *y, double s) {
  int i;
  for (i = 0; i < n; i++) {
    x[i].real = s * y[i].real - x[i].imag;
    x[i].imag = s * y[i].imag + x[i].real;
  }
}

/* A loop bounded by fields of a struct passed by value. */
void grid_scale(grid_t g, double *a) {
  int i, j;
  for (i = 0; i < g.n; i++)
    for (j = 0; j < g.m; j++) a[i * g.m + j] *= g.scale;
}

/* Not private: the row is read before it is written in every iteration but the first. */
void carried_row(int n, int m, double a[n][M]) {
  int i, j;
  double row[M];
  for (j = 0; j < m; j++) row[j] = 0.0;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++) {
      a[i][j] += row[j];
      row[j] = a[i][j];
    }
}

/* Not private: the row is written only up to m - 1 but read up to m. */
void short_row(int n, int m, double a[n][M]) {
  int i, j;
  double row[M];
  for (j = 0; j < M; j++) row[j] = 1.0;
  for (i = 0; i < n; i++) {
    for (j = 0; j < m - 1; j++) row[j] = a[i][j];
    for (j = 0; j < m; j++) a[i][j] = row[j] * 2.0;
  }
}

/* Not private: the row's values are read after the loop. */
double live_row(int n, int m, double a[n][M]) {
  int i, j;
  double row[M];
  for (i = 0; i < n; i++) {
    for (j = 0; j < m; j++) row[j] = a[i][j] * 2.0;
    for (j = 0; j < m; j++) a[i][j] = row[j];
  }
  return row[0];
}

/* Not private: the pointer is set only in some iterations. */
void sometimes_set(int n, double *a, double *b) {
  int i;
  double *p = a;
  for (i = 0; i < n; i++) {
    if (i % 3 == 0) p = &b[i];
    a[i] = p[0];
  }
}

/* Private: a row sized by a macro expression, written whole before it is read. */
void macro_row(int n, int m, double a[n][M], double b[n][M]) {
  double row[MROW];
  int i, j;
  for (i = 0; i < n; i++) {
    for (j = 0; j < m; j++) row[j] = a[i][j] * 2.0;
    for (j = 1; j < m - 1; j++) b[i][j] = row[j - 1] + row[j + 1];
  }
}

/* Row pointers into three arrays that may overlap: parallel behind a runtime check. */
void row_sweep(int ny, int nx, const double *u, double *un, const double *src) {
  int i, j;
  for (i = 1; i < ny - 1; i++) {
    const double *up = u + (i - 1) * nx;
    const double *uc = u + i * nx;
    const double *dn = u + (i + 1) * nx;
    const double *s = src + i * nx;
    double *out = un + i * nx;
    for (j = 1; j < nx - 1; j++) out[j] = uc[j] + 0.1 * (up[j] + dn[j] + uc[j - 1] + uc[j + 1] - 4.0 * uc[j]) + s[j];
  }
}

/* PolyBench's doitgen as older codes write it: the scratch row is a static
   global, written whole in each (r, q) before it is read. Each thread needs
   its own row, and the row the serial loop leaves must be left
   (lastprivate). */
static double dg_sum[M];
static double dg_a[NB][NB][M], dg_c4[M][M];
void doitgen_global(void) {
  int r, q, p, s;
  for (r = 0; r < NB; r++)
    for (q = 0; q < NB; q++) {
      for (p = 0; p < M; p++) {
        dg_sum[p] = 0.0;
        for (s = 0; s < M; s++) dg_sum[p] += dg_a[r][q][s] * dg_c4[s][p];
      }
      for (p = 0; p < M; p++) dg_a[r][q][p] = dg_sum[p];
    }
}

/* Not static: another file may hold a pointer to it. */
double dg_shared[M];
void global_not_static(int n, double a[][M]) {
  int i, j;
  for (i = 0; i < n; i++) {
    for (j = 0; j < M; j++) dg_shared[j] = a[i][j] * 2;
    for (j = 0; j < M; j++) a[i][j] = dg_shared[M - 1 - j];
  }
}

/* Written only up to m: the last iteration's copy would leave the rest unset. */
static double dg_part[M];
void global_partly_written(int n, int m, double a[][M]) {
  int i, j;
  for (i = 0; i < n; i++) {
    for (j = 0; j < m; j++) dg_part[j] = a[i][j] * 2;
    for (j = 0; j < m; j++) a[i][j] = dg_part[m - 1 - j];
  }
}

/* A callee reads the row by name while the loop runs. */
static double dg_seen[M];
static double dg_peek(int j) { return dg_seen[j]; }
void global_read_by_callee(int n, double a[][M]) {
  int i, j;
  for (i = 0; i < n; i++) {
    for (j = 0; j < M; j++) dg_seen[j] = a[i][j] * 2;
    for (j = 0; j < M; j++) a[i][j] = dg_peek(M - 1 - j);
  }
}

static double checksum(const double *p, int n) {
  double s = 0;
  int i;
  /* Not a sum a reduction could reorder: each step scales what came before. */
  for (i = 0; i < n; i++) s = s * 0.999 + p[i] * (1 + i % 7);
  return s;
}

static double u[NB][NB][M], v[NB][NB][M], r[NB][NB][M], r2[NB][NB][M], sc[NB / 2 + 1][NB / 2 + 1][M / 2 + 1];
static dcomplex x[NB][NB][M];
static double pos[NB * 16], force[NB * 16];
static dcomplex cx[M * 4], cy[M * 4];
static double ga[NB * M], ra[NB][M], rb[NB][M], gu[NB * M], gn[NB * M];

int main(void) {
  int i, j, k;
  const double a[4] = {-8.0 / 3.0, 0.0, 1.0 / 6.0, 1.0 / 12.0};
  const double c[4] = {-3.0 / 8.0, 1.0 / 32.0, -1.0 / 64.0, 0.0};
  grid_t g = {NB, M, 1.5};
  for (k = 0; k < NB; k++)
    for (j = 0; j < NB; j++)
      for (i = 0; i < M; i++) {
        u[k][j][i] = (k * 31 + j * 7 + i) % 13 * 0.25;
        v[k][j][i] = (k + j * 3 + i * 5) % 11 * 0.5;
        x[k][j][i].real = (k + j + i) % 9 * 0.125;
        x[k][j][i].imag = (k * 5 + j + i * 3) % 7 * 0.25;
      }
  for (i = 0; i < NB * 16; i++) pos[i] = (i * 37 % 101) * 0.01;
  for (i = 0; i < M * 4; i++) {
    cx[i].real = i % 5;
    cx[i].imag = i % 3;
    cy[i].real = i % 7 * 0.5;
    cy[i].imag = i % 2;
  }
  for (i = 0; i < NB * M; i++) ga[i] = i % 17;
  for (i = 0; i < NB; i++)
    for (j = 0; j < M; j++) ra[i][j] = (i + j) % 5;
  mg_resid(NB, NB, M, u, v, r, a);
  printf("resid %.6f\n", checksum(&r[0][0][0], NB * NB * M));
  mg_resid_void(u, v, r2, M, NB, NB, a);
  printf("resid_void %.6f\n", checksum(&r2[0][0][0], NB * NB * M));
  mg_rprj3(M, NB, NB, M / 2 + 1, NB / 2 + 1, NB / 2 + 1, r, sc);
  printf("rprj3 %.6f\n", checksum(&sc[0][0][0], (NB / 2 + 1) * (NB / 2 + 1) * (M / 2 + 1)));
  wrong_stride(NB, M, ra);
  mg_psinv(NB, NB, M, r, u, c);
  fft_pass(NB, NB, x);
  nbody_boxes(NB, 16, pos, force, 0.01);
  complex_scale(M * 4, cx, cy, 0.75);
  grid_scale(g, ga);
  carried_row(NB, M, ra);
  short_row(NB, M, ra);
  printf("live %.6f\n", live_row(NB, M, ra));
  macro_row(NB, M, ra, rb);
  printf("macro_row %.6f\n", checksum(&rb[0][0], NB * M));
  for (i = 0; i < NB * M; i++) gu[i] = (i * 13 % 29) * 0.5;
  row_sweep(NB, M, gu, gn, ga);
  printf("row_sweep %.6f\n", checksum(gn, NB * M));
  /* The same array in and out: the check fails and the original loop runs. */
  row_sweep(NB, M, gu, gu, ga);
  printf("row_sweep_inplace %.6f\n", checksum(gu, NB * M));
  for (k = 0; k < NB; k++)
    for (j = 0; j < NB; j++)
      for (i = 0; i < M; i++) dg_a[k][j][i] = (k * 3 + j * 5 + i) % 7 * 0.25;
  for (j = 0; j < M; j++)
    for (i = 0; i < M; i++) dg_c4[j][i] = (j * i) % 5 * 0.125;
  doitgen_global();
  {
    double last = 0;
    for (i = 0; i < M; i++) last += dg_sum[i] * (i + 1);
    printf("doitgen %.6f %.6f\n", checksum(&dg_a[0][0][0], NB * NB * M), last);
  }
  global_not_static(NB, ra);
  global_partly_written(NB, M / 2, ra);
  global_read_by_callee(NB, ra);
  sometimes_set(NB * 16, pos, force);
  printf("psinv %.6f\n", checksum(&u[0][0][0], NB * NB * M));
  printf("fft %.6f\n", checksum(&x[0][0][0].real, NB * NB * M * 2));
  printf("nbody %.6f\n", checksum(force, NB * 16));
  printf("complex %.6f\n", checksum(&cx[0].real, M * 8));
  printf("grid %.6f\n", checksum(ga, NB * M));
  printf("rows %.6f\n", checksum(&ra[0][0], NB * M));
  printf("pos %.6f\n", checksum(pos, NB * 16));
  return 0;
}
