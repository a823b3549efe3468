#include "common.h"
#include "../include/kernels.h"

/* Size: the number of vertices of a directed random graph with DEG
 * out-edges per vertex on average (a ring plus random edges), ITERS
 * iterations. Tolerance: relative 1e-10 against a push-style reference. */
#define DEG 10
#define ITERS 20

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 1L << 20, 2000);
    struct edges E = random_edges((int)n, DEG, 0, 0, 5);
    struct csr in = csr_from_edges((int)n, E.m, E.from, E.to, NULL, 1);
    struct csr out = csr_from_edges((int)n, E.m, E.from, E.to, NULL, 0);
    int *outdeg = xmalloc(sizeof(int) * n);
    for (long v = 0; v < n; v++)
        outdeg[v] = out.ptr[v + 1] - out.ptr[v];
    double *rank = xmalloc(sizeof(double) * n), *contrib = xmalloc(sizeof(double) * n);
    double *next = xmalloc(sizeof(double) * n), *rrank = xmalloc(sizeof(double) * n);

    double t0 = now_seconds();
    pagerank((int)n, in.ptr, in.idx, outdeg, ITERS, 0.85, rank, contrib, next);
    double secs = now_seconds() - t0;

    ref_pagerank((int)n, out.ptr, out.idx, ITERS, 0.85, rrank);
    double err = rel_err_d(rank, rrank, n);
    char why[96];
    snprintf(why, sizeof why, "relative error %.3g > 1e-10", err);
    return report("pagerank", n, sum_d(rank, n), secs, err <= 1e-10, why);
}
