/* box-md: a Lennard-Jones molecular-dynamics code with a cell (box)
 * decomposition of a periodic cube. Shared declarations. */
#ifndef BOX_MD_H
#define BOX_MD_H

#ifndef DEFAULT_M
#define DEFAULT_M 30 /* lattice sites per side: n = m^3 particles */
#endif
#ifndef DEFAULT_STEPS
#define DEFAULT_STEPS 50
#endif

#define NNBR 27 /* neighbour boxes of a box, itself included */

typedef struct {
	double x, y, z;
} Vec3;

/* The simulation parameters, passed by value to the hot code. */
typedef struct {
	int nbox;       /* boxes in all, nside^3 */
	int nside;      /* boxes per side of the cube */
	int n;          /* particles */
	double len;     /* side of the periodic cube */
	double boxlen;  /* side of one box, >= cutoff */
	double cutoff;
	double cutoff2;
	double dt;
	double sigma2;  /* Lennard-Jones sigma squared */
	double eps4;    /* 4 * epsilon */
	double ecut;    /* pair energy at the cutoff (the potential is shifted by it) */
} SimParams;

/* The boxes. Particles are stored box by box: box b holds
 * pos[first[b] .. first[b] + count[b] - 1]. */
typedef struct {
	int *first;   /* nbox */
	int *count;   /* nbox */
	int *cursor;  /* nbox, scratch for binning */
	int *nbr;     /* NNBR * nbox: neighbour box ids */
	Vec3 *shift;  /* NNBR * nbox: periodic image offset added to a neighbour's positions */
	int *boxof;   /* n, scratch for binning */
} Cells;

/* The particles, in box order, with their original ids. */
typedef struct {
	Vec3 *pos, *vel, *force;
	int *id;
	Vec3 *pos2, *vel2; /* scratch for binning */
	int *id2;
} System;

/* cells.c */
int cells_init(SimParams sp, Cells *c);
void cells_bin(SimParams sp, Cells *c, System *s);
void cells_free(Cells *c);

/* force.c */
void compute_forces(SimParams sp, const Cells *c, const Vec3 *pos, Vec3 *force, double *pe_box);

#endif
