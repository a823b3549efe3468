#include "common.h"
#include "../include/kernels.h"

/* Size: the grid side n; STEPS time steps (2 sweeps each). Tolerance:
 * relative 1e-12 (the reference does the same sums in the same order). */
#define STEPS 200

static void init(long n, double *a, double *b)
{
    for (long i = 0; i < n; i++)
        for (long j = 0; j < n; j++) {
            a[i * n + j] = ((double)(i * (j + 2)) + 2.0) / (double)n;
            b[i * n + j] = ((double)(i * (j + 3)) + 3.0) / (double)n;
        }
}

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 1500, 64);
    int steps = n >= 1000 ? STEPS : 10;
    double *a = xmalloc(sizeof(double) * n * n), *b = xmalloc(sizeof(double) * n * n);
    init(n, a, b);

    double t0 = now_seconds();
    jacobi2d((int)n, steps, a, b);
    double secs = now_seconds() - t0;

    double *ra = xmalloc(sizeof(double) * n * n), *rb = xmalloc(sizeof(double) * n * n);
    init(n, ra, rb);
    ref_jacobi2d((int)n, steps, ra, rb);
    double err = fmax(rel_err_d(a, ra, n * n), rel_err_d(b, rb, n * n));
    char why[96];
    snprintf(why, sizeof why, "relative error %.3g > 1e-12", err);
    return report("jacobi", n, sum_d(a, n * n), secs, err <= 1e-12, why);
}
