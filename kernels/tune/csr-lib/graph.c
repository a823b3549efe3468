/* csr-lib: a deterministic random graph. Most rows have a handful of
 * entries, a few have hundreds (uneven rows, as in real graphs); about half
 * the entries link to nearby nodes, the rest anywhere. Row i's entries are
 * sorted by column and distinct. */
#include <stdlib.h>
#include <string.h>
#include "graph.h"

static unsigned long long state;

static double urand(void)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(state >> 11) * (1.0 / 9007199254740992.0);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int row_degree(int n)
{
	double u = urand();
	int d = 3 + (int)(12.0 * u * u);
	if (urand() < 0.002)
		d = 100 + (int)(400.0 * urand()); /* a hub */
	return d < n ? d : n;
}

int csr_build_random(Csr *A, int n, unsigned long long seed)
{
	memset(A, 0, sizeof *A);
	state = seed;
	A->n = n;
	A->rowptr = malloc(sizeof(int) * ((size_t)n + 1));
	int *deg = malloc(sizeof(int) * (size_t)n);
	if (!A->rowptr || !deg)
		return -1;
	long nnz = 0;
	for (int i = 0; i < n; i++) {
		deg[i] = row_degree(n);
		nnz += deg[i];
	}
	A->col = malloc(sizeof(int) * (size_t)nnz);
	A->val = malloc(sizeof(double) * (size_t)nnz);
	if (!A->col || !A->val)
		return -1;

	long k = 0;
	for (int i = 0; i < n; i++) {
		A->rowptr[i] = (int)k;
		int *c = &A->col[k];
		int m = 0;
		while (m < deg[i]) {
			int j;
			if (urand() < 0.5) {
				j = i + (int)(64.0 * urand()) - 32;
				j = ((j % n) + n) % n;
			} else {
				j = (int)(urand() * n);
			}
			int dup = 0;
			for (int t = 0; t < m; t++)
				if (c[t] == j)
					dup = 1;
			if (!dup)
				c[m++] = j;
		}
		qsort(c, (size_t)m, sizeof(int), cmp_int);
		for (int t = 0; t < m; t++)
			A->val[k + t] = 0.1 + urand();
		k += m;
	}
	A->rowptr[n] = (int)k;
	free(deg);
	return 0;
}

void csr_free(Csr *A)
{
	free(A->rowptr);
	free(A->col);
	free(A->val);
	memset(A, 0, sizeof *A);
}

long csr_nnz(const Csr *A)
{
	return A->rowptr[A->n];
}
