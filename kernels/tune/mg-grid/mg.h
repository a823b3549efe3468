/* mg-grid: a 3-D multigrid V-cycle (residual, smoother, restriction,
 * prolongation) for a 27-point Poisson-like operator on a periodic cube.
 * Shared declarations. */
#ifndef MG_H
#define MG_H

/* Finest grid: 2^DEFAULT_LOG2N interior points per side. */
#ifndef DEFAULT_LOG2N
#define DEFAULT_LOG2N 7
#endif
/* Time steps (the charges move between steps), V-cycles per step. */
#ifndef DEFAULT_STEPS
#define DEFAULT_STEPS 12
#endif
#ifndef DEFAULT_CYCLES
#define DEFAULT_CYCLES 3
#endif
/* Coarsest level: 2^MIN_LOG2N interior points per side. */
#define MIN_LOG2N 2
/* Largest supported finest level, and the length of the scratch rows. */
#define MAX_LOG2N 8
#define M ((1 << MAX_LOG2N) + 2)

/* One level: n points per side including one ghost layer on each side
 * (n = 2^k + 2), stored as double[n][n][n]. */
typedef struct {
	int k, n;
	double *u; /* solution (correction on the coarse levels) */
	double *v; /* right-hand side */
	double *r; /* residual */
} Level;

/* mg.c: the stencil operators. Arrays are double[n3][n2][n1] passed as void *. */
void comm3(void *ou, int n1, int n2, int n3);
void resid(void *ou, void *ov, void *or, int n1, int n2, int n3, const double a[4]);
void smooth(void *or, void *ou, int n1, int n2, int n3, const double c[3]);
void restrict_fw(void *orf, int m1f, int m2f, int m3f, void *orc, int m1c, int m2c, int m3c);
void prolong_add(void *oz, int m1c, int m2c, int m3c, void *ou, int m1f, int m2f, int m3f);

/* setup.c */
Level *levels_alloc(int kmin, int kmax);
void levels_free(Level *L, int kmin, int kmax);
void zero3(void *oz, int n1, int n2, int n3);
void point_charges(void *ov, int n1, int n2, int n3, int count, int step);
double norm2u3(void *or, int n1, int n2, int n3, double *rmax);

#endif
