#include "kernels.h"

/* 2-D convolution (cross-correlation, "valid" borders) of an h x w image
 * with a kh x kw filter; out is (h-kh+1) x (w-kw+1). */
void conv2d(int h, int w, int kh, int kw, const float *restrict in,
            const float *restrict k, float *restrict out)
{
    int oh = h - kh + 1, ow = w - kw + 1;
    for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
            float sum = 0.0f;
            for (int a = 0; a < kh; a++)
                for (int b = 0; b < kw; b++)
                    sum += in[(i + a) * w + (j + b)] * k[a * kw + b];
            out[i * ow + j] = sum;
        }
    }
}
