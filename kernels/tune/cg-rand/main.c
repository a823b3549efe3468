/* cg-rand: driver. Builds the random sparse matrix (makea, from randlc),
 * then runs inverse power iterations: each solves A z = x with a fixed
 * number of CG iterations, prints the solve's residual norm and zeta =
 * 1 / (x . z), the estimate of A's smallest eigenvalue, and takes
 * x = z / ||z||. The one timing line goes to stderr and starts with
 * "Runtime:".
 *   ./cg-rand [n [iterations]] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "cg.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	Params p;
	p.n = argc > 1 ? atoi(argv[1]) : DEFAULT_N;
	p.niter = argc > 2 ? atoi(argv[2]) : DEFAULT_NITER;
	p.cgit = CGIT;
	p.nonzer = NONZER;
	p.band = BAND;
	p.shift = SHIFT;
	p.nnz = 0;
	if (p.n < 2 || p.niter < 0) {
		fprintf(stderr, "usage: %s [n>=2 [iterations]]\n", argv[0]);
		return 1;
	}

	size_t cap = (size_t)p.n * (2 * (size_t)p.nonzer + 1);
	int *rowstr = malloc(sizeof(int) * ((size_t)p.n + 1));
	int *colidx = malloc(sizeof(int) * cap);
	double *a = malloc(sizeof(double) * cap);
	double *x = malloc(sizeof(double) * (size_t)p.n);
	double *z = malloc(sizeof(double) * (size_t)p.n);
	double *d = malloc(sizeof(double) * (size_t)p.n);
	double *q = malloc(sizeof(double) * (size_t)p.n);
	double *r = malloc(sizeof(double) * (size_t)p.n);
	if (!rowstr || !colidx || !a || !x || !z || !d || !q || !r) {
		fprintf(stderr, "cg-rand: out of memory\n");
		return 2;
	}
	p.nnz = makea(p, rowstr, colidx, a);
	printf("cg-rand: n=%d nnz=%d, %d iterations of %d CG steps, shift %g\n",
	       p.n, p.nnz, p.niter, p.cgit, p.shift);

	double start = now_seconds();
	for (int j = 0; j < p.n; j++)
		x[j] = 1.0 / sqrt((double)p.n);
	for (int it = 1; it <= p.niter; it++) {
		double rnorm = conj_grad(p, rowstr, colidx, a, x, z, d, q, r);
		double zeta = 1.0 / dot(p, x, z);
		double znorm = sqrt(dot(p, z, z));
		for (int j = 0; j < p.n; j++)
			x[j] = z[j] / znorm;
		printf("iteration %2d: ||x - A z|| %.10e  zeta %.10e\n", it, rnorm, zeta);
	}
	double runtime = now_seconds() - start;
	fprintf(stderr, "Runtime: %.3f seconds\n", runtime);

	free(rowstr);
	free(colidx);
	free(a);
	free(x);
	free(z);
	free(d);
	free(q);
	free(r);
	return 0;
}
