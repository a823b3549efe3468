/* mg-grid: allocation of the levels, the right-hand side and the norm.
 * None of this is hot. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "mg.h"

Level *levels_alloc(int kmin, int kmax)
{
	Level *L = calloc((size_t)kmax + 1, sizeof(Level));
	if (!L)
		return NULL;
	for (int k = kmin; k <= kmax; k++) {
		size_t n = ((size_t)1 << k) + 2;
		L[k].k = k;
		L[k].n = (int)n;
		L[k].u = calloc(n * n * n, sizeof(double));
		L[k].v = calloc(n * n * n, sizeof(double));
		L[k].r = calloc(n * n * n, sizeof(double));
		if (!L[k].u || !L[k].v || !L[k].r) {
			levels_free(L, kmin, k);
			return NULL;
		}
	}
	return L;
}

void levels_free(Level *L, int kmin, int kmax)
{
	for (int k = kmin; k <= kmax; k++) {
		free(L[k].u);
		free(L[k].v);
		free(L[k].r);
	}
	free(L);
}

void zero3(void *oz, int n1, int n2, int n3)
{
	double (*z)[n2][n1] = (double (*)[n2][n1])oz;
	for (int i3 = 0; i3 < n3; i3++)
		for (int i2 = 0; i2 < n2; i2++)
			for (int i1 = 0; i1 < n1; i1++)
				z[i3][i2][i1] = 0.0;
}

/* A private 64-bit LCG, so that the charges are the same everywhere. */
static int lcg_index(unsigned long long *state, int range)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)((*state >> 33) % (unsigned long long)range);
}

/* count unit charges, alternately +1 and -1, at pseudo-random interior
 * points, so that the right-hand side sums to zero (the periodic problem
 * is solvable). At time step s the positive charges have drifted s cells
 * along i1 and the negative ones s cells along i2 (periodically). */
void point_charges(void *ov, int n1, int n2, int n3, int count, int step)
{
	double (*v)[n2][n1] = (double (*)[n2][n1])ov;
	unsigned long long state = 0x2545F4914F6CDD1DULL;
	zero3(ov, n1, n2, n3);
	for (int c = 0; c < count; c++) {
		int i1 = lcg_index(&state, n1 - 2);
		int i2 = lcg_index(&state, n2 - 2);
		int i3 = lcg_index(&state, n3 - 2);
		if (c % 2 == 0)
			i1 = (i1 + step) % (n1 - 2);
		else
			i2 = (i2 + step) % (n2 - 2);
		v[1 + i3][1 + i2][1 + i1] += (c % 2 == 0) ? 1.0 : -1.0;
	}
	comm3(ov, n1, n2, n3);
}

/* Root-mean-square and largest magnitude over the interior, summed in
 * storage order. */
double norm2u3(void *or, int n1, int n2, int n3, double *rmax)
{
	double (*r)[n2][n1] = (double (*)[n2][n1])or;
	double s = 0.0, mx = 0.0;
	for (int i3 = 1; i3 < n3 - 1; i3++)
		for (int i2 = 1; i2 < n2 - 1; i2++)
			for (int i1 = 1; i1 < n1 - 1; i1++) {
				double a = r[i3][i2][i1];
				s += a * a;
				if (fabs(a) > mx)
					mx = fabs(a);
			}
	*rmax = mx;
	return sqrt(s / ((double)(n1 - 2) * (n2 - 2) * (n3 - 2)));
}
