#include "common.h"
#include "../include/kernels.h"

/* Size: the number of rows (square matrix, 4 to 28 non-zeros per row at
 * random columns); the timed region runs REPS products. Tolerance: relative
 * 1e-12 (same sums, same order). */
#define REPS 8

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 1L << 20, 1000);
    int reps = n >= 100000 ? REPS : 2;
    rng_seed(3);
    int *rowptr = xmalloc(sizeof(int) * (n + 1));
    rowptr[0] = 0;
    for (long i = 0; i < n; i++)
        rowptr[i + 1] = rowptr[i] + 4 + rng_below(25);
    long nnz = rowptr[n];
    int *col = xmalloc(sizeof(int) * nnz);
    double *val = xmalloc(sizeof(double) * nnz);
    for (long k = 0; k < nnz; k++) {
        col[k] = rng_below((int)n);
        val[k] = rng_unit() - 0.5;
    }
    double *x = xmalloc(sizeof(double) * n), *y = xmalloc(sizeof(double) * n);
    double *r = xmalloc(sizeof(double) * n);
    for (long i = 0; i < n; i++)
        x[i] = rng_unit();

    double t0 = now_seconds();
    for (int k = 0; k < reps; k++)
        spmv((int)n, rowptr, col, val, x, y);
    double secs = now_seconds() - t0;

    ref_spmv((int)n, rowptr, col, val, x, r);
    double err = rel_err_d(y, r, n);
    char why[96];
    snprintf(why, sizeof why, "relative error %.3g > 1e-12", err);
    return report("spmv", n, sum_d(y, n), secs, err <= 1e-12, why);
}
