/* csr-lib: power iteration on a random graph (the dominant eigenvalue and
 * eigenvector of its positive adjacency matrix). Checksum on stdout; the one
 * timing line goes to stderr and starts with "Runtime:".
 *   ./csr-power [nodes [iterations]] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "graph.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : DEFAULT_NODES;
	int iters = argc > 2 ? atoi(argv[2]) : DEFAULT_ITERS;
	if (n < 2 || iters < 1) {
		fprintf(stderr, "usage: %s [nodes>=2 [iterations>=1]]\n", argv[0]);
		return 1;
	}

	Csr A;
	if (csr_build_random(&A, n, 2024ULL) != 0) {
		fprintf(stderr, "csr-power: out of memory\n");
		return 2;
	}
	double *x = malloc(sizeof(double) * (size_t)n);
	double *y = malloc(sizeof(double) * (size_t)n);
	if (!x || !y) {
		fprintf(stderr, "csr-power: out of memory\n");
		return 2;
	}
	for (int i = 0; i < n; i++)
		x[i] = 1.0 / sqrt((double)n);

	double lambda = 0.0;
	double start = now_seconds();
	for (int it = 0; it < iters; it++) {
		csr_spmv(&A, x, y);
		double dot = 0.0, norm2 = 0.0;
		for (int i = 0; i < n; i++) {
			dot += x[i] * y[i];
			norm2 += y[i] * y[i];
		}
		lambda = dot;
		double inv = 1.0 / sqrt(norm2);
		for (int i = 0; i < n; i++)
			x[i] = y[i] * inv;
	}
	double runtime = now_seconds() - start;

	double sum = 0.0, maxv = 0.0;
	int argmax = 0;
	for (int i = 0; i < n; i++) {
		sum += x[i];
		if (x[i] > maxv) {
			maxv = x[i];
			argmax = i;
		}
	}
	printf("csr-power: nodes=%d entries=%ld iterations=%d\n", n, csr_nnz(&A), iters);
	printf("eigenvalue:      %.12e\n", lambda);
	printf("vector sum:      %.12e\n", sum);
	printf("largest entry:   %.12e at node %d\n", maxv, argmax);
	fprintf(stderr, "Runtime: %.3f seconds (%.1f Mflop/s)\n", runtime,
	        runtime > 0 ? 2.0 * (double)csr_nnz(&A) * iters / runtime / 1e6 : 0.0);

	free(x);
	free(y);
	csr_free(&A);
	return 0;
}
