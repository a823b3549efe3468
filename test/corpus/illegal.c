#include <stdio.h>
#include "corpus.h"

void prefix_sum(int n, double *a) {
  for (int i = 1; i < n; i++) a[i] = a[i] + a[i - 1];
}

void recurrence(int n, double *restrict x, const double *restrict b) {
  for (int i = 1; i < n; i++) x[i] = b[i] - 0.5 * x[i - 1];
}

void histogram(int n, const int *restrict data, int *restrict hist) {
  for (int i = 0; i < n; i++) hist[data[i] % 16]++;
}

void scatter(int n, const int *restrict idx, const double *restrict v, double *restrict out) {
  for (int i = 0; i < n; i++) out[idx[i]] = v[i];
}

int find_first(int n, const double *a, double key) {
  for (int i = 0; i < n; i++)
    if (a[i] == key) return i;
  return -1;
}

void dump(int n, const double *a, FILE *f) {
  for (int i = 0; i < n; i++) fprintf(f, "%g\n", a[i]);
}

void add_vec(int n, double *dst, const double *src) {
  for (int i = 0; i < n; i++) dst[i] = dst[i] + src[i];
}

int argmax(int n, const double *a) {
  double m = a[0];
  int at = 0;
  for (int i = 1; i < n; i++)
    if (a[i] > m) { m = a[i]; at = i; }
  return at;
}

void gauss_seidel(int n, double A[N][N]) {
  for (int t = 0; t < 10; t++)
    for (int i = 1; i < n - 1; i++)
      for (int j = 1; j < n - 1; j++)
        A[i][j] = 0.25 * (A[i - 1][j] + A[i + 1][j] + A[i][j - 1] + A[i][j + 1]);
}

void shrinking(int n, double *restrict a) {
  for (int i = 0; i < n; i++) { a[i] = 0; n = n - 1; }
}

void rows_of_pointers(int n, double **m) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) m[i][j] = 0;
}

void same_everywhere(int n, int m, double *restrict a, const double *restrict b) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) a[j] = b[i * m + j];
}
