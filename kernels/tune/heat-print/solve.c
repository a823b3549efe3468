/* heat-print: the solver. Time steps of a Jacobi sweep over the rows of the
 * plate's interior, each one writing unew from u and tracking the largest
 * change (the max-norm residual), then swapping u and unew. The same
 * function reports progress: every `every` steps it prints the step and the
 * residual. Stops after `steps` steps or once the residual is below tol.
 * Returns the number of steps done. */
#include <math.h>
#include <stdio.h>
#include "heat.h"

int solve(Grid *g, int steps, int every, double tol)
{
	int nx = g->nx, ny = g->ny;
	double a = g->alpha;
	const double *src = g->src;
	int step, i, j;
	double res, change, *tmp;

	for (step = 1; step <= steps; step++) {
		const double *u = g->u;
		double *un = g->unew;
		res = 0.0;
		for (i = 1; i < ny - 1; i++) {
			const double *up = u + (size_t)(i - 1) * nx;
			const double *uc = u + (size_t)i * nx;
			const double *dn = u + (size_t)(i + 1) * nx;
			const double *s = src + (size_t)i * nx;
			double *out = un + (size_t)i * nx;
			for (j = 1; j < nx - 1; j++) {
				out[j] = uc[j] + a * (up[j] + dn[j] + uc[j - 1] + uc[j + 1] - 4.0 * uc[j]) + s[j];
				change = fabs(out[j] - uc[j]);
				if (change > res)
					res = change;
			}
		}
		tmp = g->u;
		g->u = g->unew;
		g->unew = tmp;

		if (step % every == 0 || step == steps || res < tol) {
			printf("step %d residual %.6e\n", step, res);
			if (res < tol)
				break;
		}
	}
	return step > steps ? steps : step;
}
