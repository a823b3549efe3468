#include "common.h"
#include "../include/kernels.h"

/* Size: the matrix side n. Tolerance: relative 1e-12 (the reference adds
 * the same products in the same k order, in i-k-j loop order). */
int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 900, 48);
    double *A = xmalloc(sizeof(double) * n * n), *B = xmalloc(sizeof(double) * n * n);
    double *C = xmalloc(sizeof(double) * n * n), *R = xmalloc(sizeof(double) * n * n);
    rng_seed(2);
    for (long i = 0; i < n * n; i++) {
        A[i] = rng_unit() - 0.5;
        B[i] = rng_unit() - 0.5;
    }

    double t0 = now_seconds();
    matmul((int)n, A, B, C);
    double secs = now_seconds() - t0;

    ref_matmul((int)n, A, B, R);
    double err = rel_err_d(C, R, n * n);
    char why[96];
    snprintf(why, sizeof why, "relative error %.3g > 1e-12", err);
    return report("matmul", n, sum_d(C, n * n), secs, err <= 1e-12, why);
}
