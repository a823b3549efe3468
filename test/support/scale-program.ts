// A program in two files for the direct-mode suites (Node's and the
// script's): `scale` (a loop the builtin parallelises, its factor K from a
// header) and a `main` that prints two of its results. With K = 3 it prints
// "4.0 2998.0", with K = 5 "6.0 4996.0".
export const SCALE = `#include "k.h"
void scale(int n, double *restrict a) {
  for (int i = 0; i < n; i++) a[i] = a[i] * K + 1.0;
}
`;
export const SCALE_MAIN = `#include <stdio.h>
#include <stdlib.h>
void scale(int n, double *restrict a);
int main(void) {
  int n = 1000;
  double *a = malloc(n * sizeof *a);
  for (int i = 0; i < n; i++) a[i] = i;
  scale(n, a);
  printf("%.1f %.1f\\n", a[1], a[n - 1]);
  return 0;
}
`;
