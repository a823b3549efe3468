#include "common.h"
#include "../include/kernels.h"

/* Size: the number of vertices of a directed random graph with DEG
 * out-edges per vertex on average and integer weights 1..100. Exact: every
 * distance must equal the reference's (Dijkstra with a binary heap). */
#define DEG 8

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 700000, 2000);
    struct edges E = random_edges((int)n, DEG, 0, 1, 6);
    struct csr in = csr_from_edges((int)n, E.m, E.from, E.to, E.w, 1);
    struct csr out = csr_from_edges((int)n, E.m, E.from, E.to, E.w, 0);
    long *dist = xmalloc(sizeof(long) * n), *next = xmalloc(sizeof(long) * n);
    long *rdist = xmalloc(sizeof(long) * n);

    double t0 = now_seconds();
    int rounds = sssp((int)n, in.ptr, in.idx, in.w, 0, dist, next);
    double secs = now_seconds() - t0;

    ref_sssp((int)n, out.ptr, out.idx, out.w, 0, rdist);
    int ok = 1;
    char why[128] = "";
    double check = 0;
    for (long v = 0; v < n && ok; v++) {
        if (dist[v] != rdist[v]) {
            ok = 0;
            snprintf(why, sizeof why, "vertex %ld: dist %ld, reference %ld", v, dist[v], rdist[v]);
        }
        check += (double)dist[v];
    }
    (void)rounds;
    return report("sssp", n, check, secs, ok, why);
}
