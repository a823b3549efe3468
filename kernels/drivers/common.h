/* Shared by the drivers (compiled with $(REFCC), never with slmcc): a clock,
 * a deterministic generator, problem-size parsing, comparison helpers, the
 * random graphs, and the one-line report the benchmark parses:
 *   kernel=<name> size=<n> checksum=<x> time=<seconds>s ok|FAIL <why> */
#ifndef KERNELS_COMMON_H
#define KERNELS_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static void rng_seed(uint64_t seed) { rng_state = seed * 0x9e3779b97f4a7c15ULL + 1; }

/* splitmix64: same sequence on every machine and compiler. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(void) { return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0); }

static int rng_below(int n) { return (int)(rng_next() % (uint64_t)n); }

static void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
        exit(2);
    }
    return p;
}

/* The problem size: argv[1] (a number, or "small" for the quick self-test
 * size), else $KERNEL_SIZE (same forms), else the benchmark size. */
static long problem_size(int argc, char **argv, long full, long small)
{
    const char *s = argc > 1 ? argv[1] : getenv("KERNEL_SIZE");
    if (!s || !*s || strcmp(s, "full") == 0)
        return full;
    if (strcmp(s, "small") == 0)
        return small;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v <= 0) {
        fprintf(stderr, "bad size '%s' (a positive number, small or full)\n", s);
        exit(2);
    }
    return v;
}

/* Largest |a-b| relative to the largest |ref|: a norm-wise error that does
 * not blow up on entries that are near zero. */
static double rel_err_d(const double *a, const double *ref, long n)
{
    double diff = 0.0, mag = 0.0;
    for (long i = 0; i < n; i++) {
        double d = fabs(a[i] - ref[i]);
        if (!(d <= diff))
            diff = d; /* also catches NaN */
        if (fabs(ref[i]) > mag)
            mag = fabs(ref[i]);
    }
    return diff / (mag > 0.0 ? mag : 1.0);
}

static double rel_err_f(const float *a, const float *ref, long n)
{
    double diff = 0.0, mag = 0.0;
    for (long i = 0; i < n; i++) {
        double d = fabs((double)a[i] - (double)ref[i]);
        if (!(d <= diff))
            diff = d;
        if (fabs((double)ref[i]) > mag)
            mag = fabs((double)ref[i]);
    }
    return diff / (mag > 0.0 ? mag : 1.0);
}

static double sum_d(const double *a, long n)
{
    double s = 0.0;
    for (long i = 0; i < n; i++)
        s += a[i];
    return s;
}

static double sum_f(const float *a, long n)
{
    double s = 0.0;
    for (long i = 0; i < n; i++)
        s += a[i];
    return s;
}

static int report(const char *name, long size, double checksum, double seconds, int ok,
                  const char *why)
{
    printf("kernel=%s size=%ld checksum=%.12e time=%.6fs %s%s%s\n", name, size, checksum,
           seconds, ok ? "ok" : "FAIL", ok ? "" : " ", ok ? "" : why);
    fflush(stdout);
    return ok ? 0 : 1;
}

/* A graph in compressed sparse row form. */
struct csr {
    int n;
    int m;
    int *ptr;  /* n + 1 */
    int *idx;  /* m: the other endpoint */
    int *w;    /* m: weights, or NULL */
};

/* Build CSR from an edge list: row = from[e] (or to[e] if transpose). */
static struct csr csr_from_edges(int n, int m, const int *from, const int *to, const int *w,
                                 int transpose)
{
    struct csr g;
    g.n = n;
    g.m = m;
    g.ptr = xmalloc(sizeof(int) * (size_t)(n + 1));
    g.idx = xmalloc(sizeof(int) * (size_t)m);
    g.w = w ? xmalloc(sizeof(int) * (size_t)m) : NULL;
    memset(g.ptr, 0, sizeof(int) * (size_t)(n + 1));
    for (int e = 0; e < m; e++)
        g.ptr[(transpose ? to[e] : from[e]) + 1]++;
    for (int v = 0; v < n; v++)
        g.ptr[v + 1] += g.ptr[v];
    int *fill = xmalloc(sizeof(int) * (size_t)n);
    memcpy(fill, g.ptr, sizeof(int) * (size_t)n);
    for (int e = 0; e < m; e++) {
        int row = transpose ? to[e] : from[e];
        int slot = fill[row]++;
        g.idx[slot] = transpose ? from[e] : to[e];
        if (w)
            g.w[slot] = w[e];
    }
    free(fill);
    return g;
}

/* A directed random graph: a ring v -> v+1 (so every vertex has an out-edge
 * and everything is reachable) plus (deg - 1) * n random edges. When
 * undirected, every edge is stored both ways. Weights in [1, 100] if wanted. */
struct edges {
    int n, m;
    int *from, *to, *w;
};

static struct edges random_edges(int n, int deg, int undirected, int weighted, uint64_t seed)
{
    rng_seed(seed);
    long base = (long)n * deg;
    long m = undirected ? 2 * base : base;
    struct edges E;
    E.n = n;
    E.m = (int)m;
    E.from = xmalloc(sizeof(int) * (size_t)m);
    E.to = xmalloc(sizeof(int) * (size_t)m);
    E.w = weighted ? xmalloc(sizeof(int) * (size_t)m) : NULL;
    long e = 0;
    for (long k = 0; k < base; k++) {
        int u, v;
        if (k < n) {
            u = (int)k;
            v = (int)((k + 1) % n);
        } else {
            u = rng_below(n);
            v = rng_below(n);
        }
        int wt = weighted ? 1 + rng_below(100) : 0;
        E.from[e] = u;
        E.to[e] = v;
        if (weighted)
            E.w[e] = wt;
        e++;
        if (undirected) {
            E.from[e] = v;
            E.to[e] = u;
            if (weighted)
                E.w[e] = wt;
            e++;
        }
    }
    return E;
}

#endif
