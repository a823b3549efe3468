#include <math.h>
#include "kernels.h"

/* Scaled dot-product attention O = softmax(Q K^T / sqrt(d)) V for n queries
 * and n keys of dimension d, row-major; S (n x n) holds the scores. */
void attention(int n, int d, const float *restrict Q, const float *restrict K,
               const float *restrict V, float *restrict S, float *restrict O)
{
    float scale = 1.0f / sqrtf((float)d);
    for (int i = 0; i < n; i++) {
        float mx = -INFINITY;
        for (int j = 0; j < n; j++) {
            float dot = 0.0f;
            for (int t = 0; t < d; t++)
                dot += Q[i * d + t] * K[j * d + t];
            dot *= scale;
            S[i * n + j] = dot;
            if (dot > mx)
                mx = dot;
        }
        float sum = 0.0f;
        for (int j = 0; j < n; j++) {
            float e = expf(S[i * n + j] - mx);
            S[i * n + j] = e;
            sum += e;
        }
        for (int t = 0; t < d; t++)
            O[i * d + t] = 0.0f;
        for (int j = 0; j < n; j++) {
            float p = S[i * n + j] / sum;
            for (int t = 0; t < d; t++)
                O[i * d + t] += p * V[j * d + t];
        }
    }
}
