#include "kernels.h"

#define SSSP_INF 0x3fffffffffffffffL

/* Single-source shortest paths by Bellman-Ford relaxation rounds in pull
 * form: in each round every vertex takes the best of its own distance and
 * dist[u] + w over its in-edges, writing into next (so a round reads only
 * the previous round's distances), until a round changes nothing.
 * Chosen over Dijkstra because Dijkstra's priority queue serialises the
 * work, while a round here is independent per vertex. Returns the number
 * of rounds. */
int sssp(int n, const int *restrict inptr, const int *restrict insrc,
         const int *restrict weight, int source, long *restrict dist, long *restrict next)
{
    for (int v = 0; v < n; v++)
        dist[v] = SSSP_INF;
    dist[source] = 0;

    int rounds = 0;
    for (int r = 0; r < n; r++) {
        int changed = 0;
        for (int v = 0; v < n; v++) {
            long best = dist[v];
            for (int e = inptr[v]; e < inptr[v + 1]; e++) {
                long cand = dist[insrc[e]] + weight[e];
                if (cand < best)
                    best = cand;
            }
            if (best < dist[v])
                changed++;
            next[v] = best;
        }
        rounds++;
        if (changed == 0)
            break;
        for (int v = 0; v < n; v++)
            dist[v] = next[v];
    }
    return rounds;
}
