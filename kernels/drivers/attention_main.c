#include "common.h"
#include "../include/kernels.h"

/* Size: the sequence length n (queries = keys), head dimension D, float.
 * Tolerance: relative 1e-4 (float exp and sums; the reference normalises
 * differently, so the two never agree bit for bit). */
#define D 64

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 4096, 64);
    float *Q = xmalloc(sizeof(float) * n * D), *K_ = xmalloc(sizeof(float) * n * D);
    float *V = xmalloc(sizeof(float) * n * D), *S = xmalloc(sizeof(float) * n * n);
    float *O = xmalloc(sizeof(float) * n * D), *R = xmalloc(sizeof(float) * n * D);
    rng_seed(8);
    for (long i = 0; i < n * D; i++) {
        Q[i] = (float)(rng_unit() - 0.5);
        K_[i] = (float)(rng_unit() - 0.5);
        V[i] = (float)(rng_unit() - 0.5);
    }

    double t0 = now_seconds();
    attention((int)n, D, Q, K_, V, S, O);
    double secs = now_seconds() - t0;

    ref_attention((int)n, D, Q, K_, V, R);
    double err = rel_err_f(O, R, n * D);
    char why[96];
    snprintf(why, sizeof why, "relative error %.3g > 1e-4", err);
    return report("attention", n, sum_f(O, n * D), secs, err <= 1e-4, why);
}
