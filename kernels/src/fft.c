#include "kernels.h"

/* Iterative radix-2 FFT of n = 2^k complex points (split re/im), from
 * (xre, xim) into (re, im). wre/wim hold the n/2 twiddles exp(-2*pi*i*t/n).
 * The input is gathered into bit-reversed order, then log2(n) butterfly
 * stages run in place; inside a stage every butterfly touches its own pair. */
void fft(int n, const double *restrict wre, const double *restrict wim,
         const double *restrict xre, const double *restrict xim,
         double *restrict re, double *restrict im)
{
    int bits = 0;
    while ((1 << bits) < n)
        bits++;

    for (int i = 0; i < n; i++) {
        int r = 0;
        for (int b = 0; b < bits; b++)
            r |= ((i >> b) & 1) << (bits - 1 - b);
        re[i] = xre[r];
        im[i] = xim[r];
    }

    for (int len = 2; len <= n; len <<= 1) {
        int half = len / 2;
        int stride = n / len;
        for (int i = 0; i < n; i += len) {
            for (int j = 0; j < half; j++) {
                double c = wre[j * stride], s = wim[j * stride];
                int p = i + j, q = i + j + half;
                double xr = re[q] * c - im[q] * s;
                double xi = re[q] * s + im[q] * c;
                re[q] = re[p] - xr;
                im[q] = im[p] - xi;
                re[p] = re[p] + xr;
                im[p] = im[p] + xi;
            }
        }
    }
}
