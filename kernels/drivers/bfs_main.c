#include "common.h"
#include "../include/kernels.h"

/* Size: the number of vertices of an undirected random graph of average
 * degree 2 * DEG (a ring plus random edges); the timed region runs a BFS
 * from each of SOURCES sources. Exact: every distance must equal the
 * reference's (a queue-based top-down BFS). */
#define DEG 6
#define SOURCES 4

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 1L << 20, 2000);
    struct edges E = random_edges((int)n, DEG, 1, 0, 4);
    struct csr g = csr_from_edges((int)n, E.m, E.from, E.to, NULL, 0);
    int *dist = xmalloc(sizeof(int) * n * SOURCES), *rdist = xmalloc(sizeof(int) * n);
    char *frontier = xmalloc(n), *next = xmalloc(n);
    int depth[SOURCES];
    int src[SOURCES];
    for (int s = 0; s < SOURCES; s++)
        src[s] = (int)((n / SOURCES) * s);

    double t0 = now_seconds();
    for (int s = 0; s < SOURCES; s++)
        depth[s] = bfs((int)n, g.ptr, g.idx, src[s], dist + n * s, frontier, next);
    double secs = now_seconds() - t0;

    int ok = 1;
    double check = 0;
    char why[128] = "";
    for (int s = 0; s < SOURCES && ok; s++) {
        int rdepth = ref_bfs((int)n, g.ptr, g.idx, src[s], rdist);
        if (rdepth != depth[s]) {
            ok = 0;
            snprintf(why, sizeof why, "source %d: depth %d, reference %d", src[s], depth[s], rdepth);
        }
        for (long v = 0; v < n && ok; v++) {
            if (dist[n * s + v] != rdist[v]) {
                ok = 0;
                snprintf(why, sizeof why, "source %d vertex %ld: dist %d, reference %d", src[s], v,
                         dist[n * s + v], rdist[v]);
            }
            check += dist[n * s + v];
        }
    }
    return report("bfs", n, check, secs, ok, why);
}
