/* heat-print: the plate. Edges: the top row held at 1, the left column a
 * ramp from 1 down to 0, the others at 0. Inside: a few square heaters and
 * coolers placed by a private LCG (not libc rand()), so the data is the same
 * under every compiler and libc. */
#include <stdlib.h>
#include "heat.h"

#define N_SOURCES 24

static unsigned long long lcg_state;

static double lcg_uniform(void)
{
	lcg_state = lcg_state * 2862933555777941757ULL + 3037000493ULL;
	return (double)(lcg_state >> 11) * (1.0 / 9007199254740992.0);
}

int grid_init(Grid *g, int n, unsigned long long seed)
{
	size_t cells = (size_t)n * (size_t)n;
	g->nx = n;
	g->ny = n;
	g->alpha = 0.24;
	g->u = calloc(cells, sizeof(double));
	g->unew = calloc(cells, sizeof(double));
	g->src = calloc(cells, sizeof(double));
	if (!g->u || !g->unew || !g->src)
		return -1;

	for (int j = 0; j < n; j++)
		g->u[j] = 1.0;
	for (int i = 1; i < n; i++)
		g->u[(size_t)i * n] = 1.0 - (double)i / (n - 1);

	lcg_state = seed;
	for (int s = 0; s < N_SOURCES; s++) {
		int half = 1 + (int)(lcg_uniform() * (n / 40 + 1));
		int ci = 1 + half + (int)(lcg_uniform() * (n - 2 - 2 * half));
		int cj = 1 + half + (int)(lcg_uniform() * (n - 2 - 2 * half));
		double q = (s % 3 == 2 ? -1.0 : 1.0) * (1e-4 + 4e-4 * lcg_uniform());
		for (int i = ci - half; i <= ci + half; i++)
			for (int j = cj - half; j <= cj + half; j++)
				if (i > 0 && i < n - 1 && j > 0 && j < n - 1)
					g->src[(size_t)i * n + j] += q;
	}

	for (size_t k = 0; k < cells; k++)
		g->unew[k] = g->u[k];
	return 0;
}

void grid_free(Grid *g)
{
	free(g->u);
	free(g->unew);
	free(g->src);
}
