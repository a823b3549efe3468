#include "kernels.h"

/* Level-synchronous breadth-first search on an undirected graph (CSR),
 * bottom-up: at each level every unvisited vertex looks for a neighbour in
 * the current frontier. A vertex only writes its own dist/next entry and
 * reads the frontier of the previous level, so the vertex loop has no
 * cross-iteration dependence. Returns the number of levels (eccentricity of
 * the source); dist is -1 for unreachable vertices. */
int bfs(int n, const int *restrict rowptr, const int *restrict adj, int source,
        int *restrict dist, char *restrict frontier, char *restrict next)
{
    for (int v = 0; v < n; v++) {
        dist[v] = -1;
        frontier[v] = 0;
    }
    dist[source] = 0;
    frontier[source] = 1;

    int depth = 0;
    for (int level = 1; level < n; level++) {
        int found = 0;
        for (int v = 0; v < n; v++) {
            char hit = 0;
            if (dist[v] < 0) {
                for (int e = rowptr[v]; e < rowptr[v + 1]; e++) {
                    if (frontier[adj[e]]) {
                        hit = 1;
                        break;
                    }
                }
                if (hit) {
                    dist[v] = level;
                    found++;
                }
            }
            next[v] = hit;
        }
        if (found == 0)
            break;
        depth = level;
        for (int v = 0; v < n; v++)
            frontier[v] = next[v];
    }
    return depth;
}
