/* csr-lib: y = A x, one row at a time. */
#include "graph.h"

void csr_spmv(const Csr *A, const double *x, double *y)
{
	int i;
	for (i = 0; i < A->n; i++) {
		double sum = 0.0;
		for (int k = A->rowptr[i]; k < A->rowptr[i + 1]; k++)
			sum += A->val[k] * x[A->col[k]];
		y[i] = sum;
	}
}
