/* lib_vec.c - numeric arrays: tables of numbers are unpacked into C arrays,
 * worked on by plain loops, and packed back. */
#include <math.h>
#include <stdlib.h>
#include "auxlib.h"

typedef struct DVec {
  double *d;
  long n;
} DVec;

static DVec unpack(State *S, const char *fname, Value *args, int nargs, int i) {
  Table *t = aux_checktable(S, fname, args, nargs, i);
  DVec v;
  long k;
  v.n = (long)tarr_length(t);
  v.d = mem_alloc(S, (size_t)(v.n ? v.n : 1) * sizeof(double));
  for (k = 0; k < v.n; k++) {
    if (t->arr[k].t != T_NUM) {
      mem_free(S, v.d, (size_t)(v.n ? v.n : 1) * sizeof(double));
      aux_error(S, "bad argument #%d to '%s' (element %ld is not a number)", i + 1, fname, k + 1);
    }
    v.d[k] = t->arr[k].u.n;
  }
  return v;
}

static void release(State *S, DVec *v) {
  mem_free(S, v->d, (size_t)(v->n ? v->n : 1) * sizeof(double));
}

static Table *pack(State *S, const double *d, long n) {
  Table *t = table_new(S, (size_t)n, 0);
  long k;
  for (k = 0; k < n; k++) t->arr[k] = v_num(d[k]);
  t->asize = (size_t)n;
  return t;
}

double vec_dot(const double *a, const double *b, long n) {
  double s = 0;
  long i;
  for (i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

void vec_axpy(double alpha, const double *x, double *y, long n) {
  long i;
  for (i = 0; i < n; i++) y[i] += alpha * x[i];
}

double vec_sum(const double *a, long n) {
  double s = 0;
  long i;
  for (i = 0; i < n; i++) s += a[i];
  return s;
}

void vec_prefix(double *a, long n) {
  long i;
  for (i = 1; i < n; i++) a[i] += a[i - 1];
}

/* C (n x p) = A (n x m) * B (m x p), row-major. */
void vec_matmul(const double *A, const double *B, double *C, int n, int m, int p) {
  int i, j, k;
  for (i = 0; i < n; i++) {
    for (j = 0; j < p; j++) C[i * p + j] = 0;
    for (k = 0; k < m; k++) {
      double a = A[i * m + k];
      for (j = 0; j < p; j++) C[i * p + j] += a * B[k * p + j];
    }
  }
}

/* out[i] = sum_k in[i + k] * w[k], valid part only. */
void vec_convolve(const double *in, long n, const double *w, long m, double *out) {
  long i, k;
  for (i = 0; i + m <= n; i++) {
    double s = 0;
    for (k = 0; k < m; k++) s += in[i + k] * w[k];
    out[i] = s;
  }
}

static Value v_dot(State *S, int nargs, Value *args) {
  DVec a = unpack(S, "dot", args, nargs, 0), b = unpack(S, "dot", args, nargs, 1);
  double r = vec_dot(a.d, b.d, a.n < b.n ? a.n : b.n);
  release(S, &a);
  release(S, &b);
  return v_num(r);
}

static Value v_axpy(State *S, int nargs, Value *args) {
  double alpha = aux_checknum(S, "axpy", args, nargs, 0);
  DVec x = unpack(S, "axpy", args, nargs, 1), y = unpack(S, "axpy", args, nargs, 2);
  Table *r;
  vec_axpy(alpha, x.d, y.d, x.n < y.n ? x.n : y.n);
  r = pack(S, y.d, y.n);
  release(S, &x);
  release(S, &y);
  return v_table(r);
}

static Value v_sum(State *S, int nargs, Value *args) {
  DVec a = unpack(S, "sum", args, nargs, 0);
  double r = vec_sum(a.d, a.n);
  release(S, &a);
  return v_num(r);
}

static Value v_prefix(State *S, int nargs, Value *args) {
  DVec a = unpack(S, "prefix", args, nargs, 0);
  Table *r;
  vec_prefix(a.d, a.n);
  r = pack(S, a.d, a.n);
  release(S, &a);
  return v_table(r);
}

static Value v_matmul(State *S, int nargs, Value *args) {
  DVec a = unpack(S, "matmul", args, nargs, 0), b = unpack(S, "matmul", args, nargs, 1);
  int n = (int)aux_checkint(S, "matmul", args, nargs, 2);
  double *c;
  Table *r;
  if (n <= 0 || (long)n * n > a.n || (long)n * n > b.n) {
    release(S, &a);
    release(S, &b);
    aux_error(S, "bad argument #3 to 'matmul' (size does not match the arrays)");
  }
  c = mem_alloc(S, (size_t)n * n * sizeof(double));
  vec_matmul(a.d, b.d, c, n, n, n);
  r = pack(S, c, (long)n * n);
  mem_free(S, c, (size_t)n * n * sizeof(double));
  release(S, &a);
  release(S, &b);
  return v_table(r);
}

static Value v_convolve(State *S, int nargs, Value *args) {
  DVec in = unpack(S, "convolve", args, nargs, 0), w = unpack(S, "convolve", args, nargs, 1);
  long outn = in.n >= w.n ? in.n - w.n + 1 : 0;
  double *out = mem_alloc(S, (size_t)(outn ? outn : 1) * sizeof(double));
  Table *r;
  vec_convolve(in.d, in.n, w.d, w.n, out);
  r = pack(S, out, outn);
  mem_free(S, out, (size_t)(outn ? outn : 1) * sizeof(double));
  release(S, &in);
  release(S, &w);
  return v_table(r);
}

static Value v_new(State *S, int nargs, Value *args) {
  long n = aux_checkint(S, "new", args, nargs, 0), i;
  double init = aux_optnum(S, "new", args, nargs, 1, 0);
  Table *t;
  if (n < 0) aux_error(S, "bad argument #1 to 'new' (negative size)");
  t = table_new(S, (size_t)n, 0);
  for (i = 0; i < n; i++) t->arr[i] = v_num(init);
  t->asize = (size_t)n;
  return v_table(t);
}

void lib_vec_open(State *S) {
  Table *lib = aux_newlib(S, "vec");
  aux_register(S, lib, "new", v_new);
  aux_register(S, lib, "dot", v_dot);
  aux_register(S, lib, "axpy", v_axpy);
  aux_register(S, lib, "sum", v_sum);
  aux_register(S, lib, "prefix", v_prefix);
  aux_register(S, lib, "matmul", v_matmul);
  aux_register(S, lib, "convolve", v_convolve);
}
