#include "kernels.h"

/* Max and average pooling of c channels of h x w with a k x k window,
 * stride 1, "valid" borders: each output is (h-k+1) x (w-k+1) per channel. */
void pool2d(int c, int h, int w, int k, const float *restrict in,
            float *restrict maxout, float *restrict avgout)
{
    int oh = h - k + 1, ow = w - k + 1;
    float inv = 1.0f / (float)(k * k);
    for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                float mx = in[(ch * h + i) * w + j];
                float sum = 0.0f;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        float x = in[(ch * h + i + a) * w + j + b];
                        mx = x > mx ? x : mx;
                        sum += x;
                    }
                }
                maxout[(ch * oh + i) * ow + j] = mx;
                avgout[(ch * oh + i) * ow + j] = sum * inv;
            }
        }
    }
}
