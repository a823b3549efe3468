#include "../include/kernels.h"

void ref_conv2d(int h, int w, int kh, int kw, const float *in, const float *k, float *out)
{
    int oh = h - kh + 1, ow = w - kw + 1;
    for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++) {
            float s = 0.0f;
            for (int a = 0; a < kh; a++)
                for (int b = 0; b < kw; b++)
                    s += in[(i + a) * w + j + b] * k[a * kw + b];
            out[i * ow + j] = s;
        }
}
