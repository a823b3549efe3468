/* csr-lib: a sparse graph in compressed-sparse-row form and the library
 * (libgraph.a: graph.o, spmv.o) that builds it and multiplies by it. */
#ifndef CSR_GRAPH_H
#define CSR_GRAPH_H

#ifndef DEFAULT_NODES
#define DEFAULT_NODES 200000
#endif
#ifndef DEFAULT_ITERS
#define DEFAULT_ITERS 600
#endif

typedef struct {
	int n;          /* rows (= columns) */
	int *rowptr;    /* [n + 1]: row i's entries are rowptr[i] .. rowptr[i+1]-1 */
	int *col;       /* [nnz] column of each entry */
	double *val;    /* [nnz] value of each entry (all positive) */
} Csr;

/* graph.c */
int csr_build_random(Csr *A, int n, unsigned long long seed);
void csr_free(Csr *A);
long csr_nnz(const Csr *A);

/* spmv.c */
void csr_spmv(const Csr *A, const double *x, double *y);

#endif
