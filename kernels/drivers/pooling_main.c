#include "common.h"
#include "../include/kernels.h"

/* Size: the side of each of C channels (float), a KxK window, stride 1.
 * Tolerance: max must match exactly; average relative 1e-5. */
#define C 16
#define K 7

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 1024, 32);
    long on = n - K + 1, total = (long)C * on * on;
    float *in = xmalloc(sizeof(float) * C * n * n);
    float *mx = xmalloc(sizeof(float) * total), *avg = xmalloc(sizeof(float) * total);
    float *rmx = xmalloc(sizeof(float) * total), *ravg = xmalloc(sizeof(float) * total);
    rng_seed(9);
    for (long i = 0; i < C * n * n; i++)
        in[i] = (float)(rng_unit() * 10.0 - 5.0);

    double t0 = now_seconds();
    pool2d(C, (int)n, (int)n, K, in, mx, avg);
    double secs = now_seconds() - t0;

    ref_pool2d(C, (int)n, (int)n, K, in, rmx, ravg);
    double emax = rel_err_f(mx, rmx, total), eavg = rel_err_f(avg, ravg, total);
    char why[96];
    snprintf(why, sizeof why, "max error %.3g (must be 0), average error %.3g > 1e-5", emax, eavg);
    return report("pooling", n, sum_f(mx, total) + sum_f(avg, total), secs,
                  emax == 0.0 && eavg <= 1e-5, why);
}
