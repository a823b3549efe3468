#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../include/kernels.h"

/* Recursive radix-2 decimation in time with twiddles computed directly:
 * a different shape from the kernel, so agreement means something. */
static void rec(int n, double *re, double *im, double *tre, double *tim)
{
    if (n == 1)
        return;
    int h = n / 2;
    for (int i = 0; i < h; i++) {
        tre[i] = re[2 * i];
        tim[i] = im[2 * i];
        tre[h + i] = re[2 * i + 1];
        tim[h + i] = im[2 * i + 1];
    }
    memcpy(re, tre, sizeof(double) * n);
    memcpy(im, tim, sizeof(double) * n);
    rec(h, re, im, tre, tim);
    rec(h, re + h, im + h, tre, tim);
    const double pi = 3.14159265358979323846;
    for (int k = 0; k < h; k++) {
        double c = cos(-2.0 * pi * k / n), s = sin(-2.0 * pi * k / n);
        double orr = re[h + k] * c - im[h + k] * s;
        double oi = re[h + k] * s + im[h + k] * c;
        double er = re[k], ei = im[k];
        re[k] = er + orr;
        im[k] = ei + oi;
        re[h + k] = er - orr;
        im[h + k] = ei - oi;
    }
}

void ref_fft(int n, double *re, double *im)
{
    double *tre = malloc(sizeof(double) * n), *tim = malloc(sizeof(double) * n);
    rec(n, re, im, tre, tim);
    free(tre);
    free(tim);
}
