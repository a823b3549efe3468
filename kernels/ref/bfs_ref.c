#include <stdlib.h>
#include "../include/kernels.h"

/* Top-down BFS with a FIFO queue. Returns the largest distance. */
int ref_bfs(int n, const int *rowptr, const int *adj, int source, int *dist)
{
    int *queue = malloc(sizeof(int) * n);
    for (int v = 0; v < n; v++)
        dist[v] = -1;
    int head = 0, tail = 0, depth = 0;
    dist[source] = 0;
    queue[tail++] = source;
    while (head < tail) {
        int u = queue[head++];
        if (dist[u] > depth)
            depth = dist[u];
        for (int e = rowptr[u]; e < rowptr[u + 1]; e++) {
            int v = adj[e];
            if (dist[v] < 0) {
                dist[v] = dist[u] + 1;
                queue[tail++] = v;
            }
        }
    }
    free(queue);
    return depth;
}
