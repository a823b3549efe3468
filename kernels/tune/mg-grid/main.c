/* mg-grid: driver. Solves A u = v on a periodic cube of 2^k points per
 * side, v a few unit point charges of both signs, with V-cycles over the
 * levels k .. MIN_LOG2N. Every time step moves the charges and runs a few
 * V-cycles from the previous solution, then prints the residual. The one
 * timing line goes to stderr and starts with "Runtime:".
 *   ./mg-grid [log2n [steps [cycles]]]     (log2n from 3 to MAX_LOG2N) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "mg.h"

#define NCHARGES 20

/* The operator: a 27-point discrete Laplacian (no h^2), the sum over the
 * three axes of a second difference smoothed by (1, 10, 1)/12 across. */
static const double A[4] = {-25.0 / 6.0, 5.0 / 12.0, 1.0 / 8.0, 1.0 / 48.0};
/* The smoother's approximate inverse (centre, faces, edges). */
static const double S[3] = {-1.0 / 4.0, -1.0 / 32.0, -1.0 / 128.0};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void relax(Level *l, int sweeps)
{
	for (int s = 0; s < sweeps; s++) {
		resid(l->u, l->v, l->r, l->n, l->n, l->n, A);
		smooth(l->r, l->u, l->n, l->n, l->n, S);
	}
}

/* One V-cycle on level k: two sweeps before and after the coarse-grid
 * correction, four on the coarsest level. */
static void vcycle(Level *L, int k)
{
	Level *f = &L[k];
	if (k == MIN_LOG2N) {
		relax(f, 4);
		return;
	}
	Level *c = &L[k - 1];
	relax(f, 2);
	resid(f->u, f->v, f->r, f->n, f->n, f->n, A);
	restrict_fw(f->r, f->n, f->n, f->n, c->v, c->n, c->n, c->n);
	zero3(c->u, c->n, c->n, c->n);
	vcycle(L, k - 1);
	prolong_add(c->u, c->n, c->n, c->n, f->u, f->n, f->n, f->n);
	relax(f, 2);
}

int main(int argc, char **argv)
{
	int k = argc > 1 ? atoi(argv[1]) : DEFAULT_LOG2N;
	int steps = argc > 2 ? atoi(argv[2]) : DEFAULT_STEPS;
	int cycles = argc > 3 ? atoi(argv[3]) : DEFAULT_CYCLES;
	if (k < MIN_LOG2N + 1 || k > MAX_LOG2N || steps < 1 || cycles < 0) {
		fprintf(stderr, "usage: %s [log2n (%d..%d) [steps [cycles]]]\n", argv[0], MIN_LOG2N + 1, MAX_LOG2N);
		return 1;
	}
	Level *L = levels_alloc(MIN_LOG2N, k);
	if (!L) {
		fprintf(stderr, "mg-grid: out of memory\n");
		return 2;
	}
	Level *top = &L[k];
	int n = top->n;
	double rmax, rnm;

	zero3(top->u, n, n, n);
	printf("mg-grid: %d^3 periodic grid, %d levels, %d steps of %d V-cycles, %d charges\n",
	       n - 2, k - MIN_LOG2N + 1, steps, cycles, NCHARGES);

	double start = now_seconds();
	for (int s = 0; s < steps; s++) {
		point_charges(top->v, n, n, n, NCHARGES, s);
		resid(top->u, top->v, top->r, n, n, n, A);
		double r0 = norm2u3(top->r, n, n, n, &rmax);
		for (int it = 1; it <= cycles; it++)
			vcycle(L, k);
		resid(top->u, top->v, top->r, n, n, n, A);
		rnm = norm2u3(top->r, n, n, n, &rmax);
		printf("step %2d: rms residual %.10e -> %.10e  max %.10e\n", s, r0, rnm, rmax);
	}
	double runtime = now_seconds() - start;

	/* The solution, up to its (free) mean. */
	double (*u)[n][n] = (double (*)[n][n])top->u;
	double mean = 0.0, dev = 0.0;
	for (int i3 = 1; i3 < n - 1; i3++)
		for (int i2 = 1; i2 < n - 1; i2++)
			for (int i1 = 1; i1 < n - 1; i1++)
				mean += u[i3][i2][i1];
	mean /= (double)(n - 2) * (n - 2) * (n - 2);
	for (int i3 = 1; i3 < n - 1; i3++)
		for (int i2 = 1; i2 < n - 1; i2++)
			for (int i1 = 1; i1 < n - 1; i1++)
				dev += fabs(u[i3][i2][i1] - mean);
	printf("solution: mean |u - mean| %.10e  u(centre) - mean %.10e\n",
	       dev / ((double)(n - 2) * (n - 2) * (n - 2)), u[n / 2][n / 2][n / 2] - mean);
	fprintf(stderr, "Runtime: %.3f seconds\n", runtime);
	levels_free(L, MIN_LOG2N, k);
	return 0;
}
