#include "../include/kernels.h"

void ref_pool2d(int c, int h, int w, int k, const float *in, float *maxout, float *avgout)
{
    int oh = h - k + 1, ow = w - k + 1;
    for (int ch = 0; ch < c; ch++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++) {
                const float *p = in + ((long)ch * h + i) * w + j;
                float mx = p[0], s = 0.0f;
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++) {
                        if (p[a * w + b] > mx)
                            mx = p[a * w + b];
                        s += p[a * w + b];
                    }
                long o = ((long)ch * oh + i) * ow + j;
                maxout[o] = mx;
                avgout[o] = s / (float)(k * k);
            }
}
