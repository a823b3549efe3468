/* heat-print: driver. Builds the plate (grid.c), runs solve() (solve.c,
 * which prints its own progress), then prints a checksum of the final
 * temperatures. The one timing line is on stdout and starts with "Runtime:".
 *   ./heat-print [n [steps [every]]] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "heat.h"

#define TOLERANCE 1e-12

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : DEFAULT_N;
	int steps = argc > 2 ? atoi(argv[2]) : DEFAULT_STEPS;
	int every = argc > 3 ? atoi(argv[3]) : DEFAULT_EVERY;
	if (n < 16 || n > 20000 || steps < 1 || every < 1) {
		fprintf(stderr, "usage: %s [n [steps [every]]]   (16 <= n <= 20000, steps >= 1, every >= 1)\n", argv[0]);
		return 1;
	}

	Grid g;
	if (grid_init(&g, n, 20240611ULL) != 0) {
		fprintf(stderr, "heat-print: out of memory\n");
		return 2;
	}
	printf("heat-print: %d x %d plate, alpha %.2f, up to %d Jacobi steps\n", g.nx, g.ny, g.alpha, steps);

	double start = now_seconds();
	int done = solve(&g, steps, every, TOLERANCE);
	double runtime = now_seconds() - start;

	/* Row sums first, then the rows in order: the same order every time. */
	double total = 0.0, hottest = g.u[0], coldest = g.u[0];
	for (int i = 0; i < g.ny; i++) {
		double row = 0.0;
		for (int j = 0; j < g.nx; j++) {
			double v = g.u[(size_t)i * g.nx + j];
			row += v;
			if (v > hottest)
				hottest = v;
			if (v < coldest)
				coldest = v;
		}
		total += row;
	}
	printf("steps done: %d\n", done);
	printf("mean temperature: %.12e\n", total / ((double)g.nx * g.ny));
	printf("range: %.12e .. %.12e\n", coldest, hottest);
	printf("centre: %.12e\n", g.u[(size_t)(g.ny / 2) * g.nx + g.nx / 2]);
	printf("Runtime: %.3f seconds (%.1f Mpoint-updates/s)\n", runtime,
	       runtime > 0 ? (double)(g.nx - 2) * (g.ny - 2) * done / runtime / 1e6 : 0.0);
	grid_free(&g);
	return 0;
}
