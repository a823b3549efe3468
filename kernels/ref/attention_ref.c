#include <math.h>
#include <stdlib.h>
#include "../include/kernels.h"

/* One query row at a time, in double, normalising the weights before use. */
void ref_attention(int n, int d, const float *Q, const float *K, const float *V, float *O)
{
    double *p = malloc(sizeof(double) * n), *o = malloc(sizeof(double) * d);
    double scale = 1.0 / sqrt((double)d);
    for (int i = 0; i < n; i++) {
        double mx = -INFINITY, sum = 0.0;
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int t = 0; t < d; t++)
                s += (double)Q[i * d + t] * K[j * d + t];
            p[j] = s * scale;
            if (p[j] > mx)
                mx = p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] = exp(p[j] - mx);
            sum += p[j];
        }
        for (int t = 0; t < d; t++)
            o[t] = 0.0;
        for (int j = 0; j < n; j++)
            for (int t = 0; t < d; t++)
                o[t] += p[j] / sum * V[j * d + t];
        for (int t = 0; t < d; t++)
            O[i * d + t] = (float)o[t];
    }
    free(p);
    free(o);
}
