#include "common.h"
#include "../include/kernels.h"

/* Size: the image side (square, single channel, float), a KxK filter.
 * Tolerance: relative 1e-5 (float sums; the reference adds in the same
 * order, the slack is for a compiler that reassociates). */
#define K 7

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 4096, 64);
    long on = n - K + 1;
    float *in = xmalloc(sizeof(float) * n * n), *k = xmalloc(sizeof(float) * K * K);
    float *out = xmalloc(sizeof(float) * on * on), *ref = xmalloc(sizeof(float) * on * on);
    rng_seed(7);
    for (long i = 0; i < n * n; i++)
        in[i] = (float)rng_unit();
    for (int i = 0; i < K * K; i++)
        k[i] = (float)(rng_unit() - 0.5);

    double t0 = now_seconds();
    conv2d((int)n, (int)n, K, K, in, k, out);
    double secs = now_seconds() - t0;

    ref_conv2d((int)n, (int)n, K, K, in, k, ref);
    double err = rel_err_f(out, ref, on * on);
    char why[96];
    snprintf(why, sizeof why, "relative error %.3g > 1e-5", err);
    return report("conv2d", n, sum_f(out, on * on), secs, err <= 1e-5, why);
}
