/* cg-rand: conjugate gradient on a random sparse symmetric positive
 * definite matrix in CSR form (an NPB CG-style shape). Shared declarations. */
#ifndef CG_H
#define CG_H

#ifndef DEFAULT_N
#define DEFAULT_N 180000
#endif
#ifndef DEFAULT_NITER
#define DEFAULT_NITER 16
#endif
/* Random off-diagonal pairs generated per row (each one is added at (i, j)
 * and at (j, i)), their reach (j - i is 1 .. BAND, modulo n), CG
 * iterations per outer iteration, diagonal shift. */
#define NONZER 12
#define BAND 2000
#define CGIT 25
#define SHIFT 0.02

/* The sizes, passed by value everywhere. nnz is filled in by makea. */
typedef struct {
	int n;      /* rows */
	int nnz;    /* stored entries */
	int niter;  /* outer (inverse power) iterations */
	int cgit;   /* CG iterations per solve */
	int nonzer; /* random pairs per row */
	int band;   /* their reach */
	double shift;
} Params;

/* rand.c: the NPB-style linear congruential generator,
 * x <- a x mod 2^46, returning x / 2^46 in (0, 1). */
double randlc(double *x, double a);

/* cg.c */
int makea(Params p, int *rowstr, int *colidx, double *a);
double dot(Params p, const double *x, const double *y);
double conj_grad(Params p, const int *rowstr, const int *colidx, const double *a,
                 const double *x, double *z, double *d, double *q, double *r);

#endif
