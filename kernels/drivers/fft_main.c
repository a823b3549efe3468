#include "common.h"
#include "../include/kernels.h"

/* Size: the transform length n (a power of two); the timed region runs REPS
 * transforms of the same input. Tolerance: norm-wise relative error 1e-9
 * against a recursive FFT (different operation order, direct twiddles). */
#define REPS 2

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 1L << 21, 1L << 10);
    if (n < 2 || (n & (n - 1)))
        return report("fft", n, 0, 0, 0, "size must be a power of two");
    double *wre = xmalloc(sizeof(double) * n / 2), *wim = xmalloc(sizeof(double) * n / 2);
    double *xre = xmalloc(sizeof(double) * n), *xim = xmalloc(sizeof(double) * n);
    double *re = xmalloc(sizeof(double) * n), *im = xmalloc(sizeof(double) * n);
    const double pi = 3.14159265358979323846;
    for (long t = 0; t < n / 2; t++) {
        wre[t] = cos(-2.0 * pi * (double)t / (double)n);
        wim[t] = sin(-2.0 * pi * (double)t / (double)n);
    }
    rng_seed(1);
    for (long i = 0; i < n; i++) {
        xre[i] = rng_unit() - 0.5;
        xim[i] = rng_unit() - 0.5;
    }

    double t0 = now_seconds();
    for (int r = 0; r < REPS; r++)
        fft((int)n, wre, wim, xre, xim, re, im);
    double secs = now_seconds() - t0;

    double *rre = xmalloc(sizeof(double) * n), *rim = xmalloc(sizeof(double) * n);
    memcpy(rre, xre, sizeof(double) * n);
    memcpy(rim, xim, sizeof(double) * n);
    ref_fft((int)n, rre, rim);
    double err = fmax(rel_err_d(re, rre, n), rel_err_d(im, rim, n));
    char why[96];
    snprintf(why, sizeof why, "relative error %.3g > 1e-9", err);
    double check = 0;
    for (long i = 0; i < n; i++)
        check += fabs(re[i]) + fabs(im[i]);
    return report("fft", n, check, secs, err <= 1e-9, why);
}
