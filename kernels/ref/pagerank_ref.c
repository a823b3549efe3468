#include <stdlib.h>
#include "../include/kernels.h"

/* Push-style PageRank over out-edges: each vertex scatters its share. */
void ref_pagerank(int n, const int *outptr, const int *outdst, int iters, double damping,
                  double *rank)
{
    double *acc = malloc(sizeof(double) * n);
    for (int v = 0; v < n; v++)
        rank[v] = 1.0 / n;
    for (int it = 0; it < iters; it++) {
        for (int v = 0; v < n; v++)
            acc[v] = 0.0;
        for (int u = 0; u < n; u++) {
            int deg = outptr[u + 1] - outptr[u];
            double share = rank[u] / deg;
            for (int e = outptr[u]; e < outptr[u + 1]; e++)
                acc[outdst[e]] += share;
        }
        for (int v = 0; v < n; v++)
            rank[v] = (1.0 - damping) / n + damping * acc[v];
    }
    free(acc);
}
