#include "kernels.h"

/* Pull-based PageRank: each vertex sums the contributions of its
 * in-neighbours (in-edge CSR: inptr/insrc). Every vertex has outdeg >= 1. */
void pagerank(int n, const int *restrict inptr, const int *restrict insrc,
              const int *restrict outdeg, int iters, double damping,
              double *restrict rank, double *restrict contrib, double *restrict next)
{
    double base = (1.0 - damping) / n;
    for (int v = 0; v < n; v++)
        rank[v] = 1.0 / n;

    for (int it = 0; it < iters; it++) {
        for (int u = 0; u < n; u++)
            contrib[u] = rank[u] / outdeg[u];
        for (int v = 0; v < n; v++) {
            double sum = 0.0;
            for (int e = inptr[v]; e < inptr[v + 1]; e++)
                sum += contrib[insrc[e]];
            next[v] = base + damping * sum;
        }
        for (int v = 0; v < n; v++)
            rank[v] = next[v];
    }
}
