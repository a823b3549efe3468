/* heat-print: 2-D heat diffusion by Jacobi sweeps on a square plate with
 * fixed (Dirichlet) edges and fixed heat sources. Shared declarations. */
#ifndef HEAT_H
#define HEAT_H

#ifndef DEFAULT_N
#define DEFAULT_N 1000 /* grid points per side, edges included */
#endif
#ifndef DEFAULT_STEPS
#define DEFAULT_STEPS 1400
#endif
#ifndef DEFAULT_EVERY
#define DEFAULT_EVERY 100 /* solve() prints the residual every this many steps */
#endif

typedef struct {
	int nx, ny;     /* points per row, rows; edges included */
	double alpha;   /* diffusion number, <= 0.25 for stability */
	double *u;      /* nx * ny, row-major, current temperatures */
	double *unew;   /* nx * ny, the next sweep's; same edges as u */
	double *src;    /* nx * ny, heat added per step (0 on the edges) */
} Grid;

/* grid.c */
int grid_init(Grid *g, int n, unsigned long long seed);
void grid_free(Grid *g);

/* solve.c */
int solve(Grid *g, int steps, int every, double tol);

#endif
