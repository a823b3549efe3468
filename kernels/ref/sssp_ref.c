#include <stdlib.h>
#include "../include/kernels.h"

/* Dijkstra with a binary heap of (distance, vertex) and lazy deletion. */
struct item {
    long d;
    int v;
};

static void push(struct item *h, int *size, struct item it)
{
    int i = (*size)++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (h[p].d <= it.d)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = it;
}

static struct item pop(struct item *h, int *size)
{
    struct item top = h[0], last = h[--(*size)];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= *size)
            break;
        if (c + 1 < *size && h[c + 1].d < h[c].d)
            c++;
        if (h[c].d >= last.d)
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = last;
    return top;
}

void ref_sssp(int n, const int *outptr, const int *outdst, const int *weight, int source,
              long *dist)
{
    struct item *heap = malloc(sizeof(struct item) * ((size_t)outptr[n] + 1));
    int size = 0;
    for (int v = 0; v < n; v++)
        dist[v] = 0x3fffffffffffffffL;
    dist[source] = 0;
    push(heap, &size, (struct item){0, source});
    while (size > 0) {
        struct item it = pop(heap, &size);
        if (it.d > dist[it.v])
            continue;
        for (int e = outptr[it.v]; e < outptr[it.v + 1]; e++) {
            long nd = it.d + weight[e];
            if (nd < dist[outdst[e]]) {
                dist[outdst[e]] = nd;
                push(heap, &size, (struct item){nd, outdst[e]});
            }
        }
    }
    free(heap);
}
