/* mc-lookup: Monte-Carlo macroscopic cross-section lookups in the style of
 * XSBench (event-based mode). Shared declarations. */
#ifndef MC_LOOKUP_XS_H
#define MC_LOOKUP_XS_H

#include <stdint.h>

#define STARTING_SEED 1070ULL
#define N_MATS 12

/* grid types */
#define UNIONIZED 0
#define NUCLIDE 1
#define HASH 2

/* Default workload (about 2 s of lookups at clang-19 -O3 on one core). */
#ifndef DEFAULT_LOOKUPS
#define DEFAULT_LOOKUPS 2000000
#endif
#ifndef DEFAULT_ISOTOPES
#define DEFAULT_ISOTOPES 68
#endif
#ifndef DEFAULT_GRIDPOINTS
#define DEFAULT_GRIDPOINTS 11303
#endif
#ifndef DEFAULT_HASH_BINS
#define DEFAULT_HASH_BINS 10000
#endif

typedef struct {
	double energy;
	double total_xs;
	double elastic_xs;
	double absorbtion_xs;
	double fission_xs;
	double nu_fission_xs;
} NuclideGridPoint;

/* Passed BY VALUE to the simulation. */
typedef struct {
	long n_isotopes;
	long n_gridpoints;
	int lookups;
	int grid_type;
	int hash_bins;
} Inputs;

/* Struct of arrays built by grid.c. */
typedef struct {
	int *num_nucs;              /* [N_MATS] nuclides per material */
	double *concs;              /* [N_MATS * max_num_nucs] concentrations */
	int *mats;                  /* [N_MATS * max_num_nucs] nuclide ids */
	double *egrid;              /* unionized energy grid, sorted */
	int *index_grid;            /* unionized: [len_egrid * n_isotopes]; hash: [hash_bins * n_isotopes]; nuclide: NULL */
	NuclideGridPoint *nuclide_grid; /* [n_isotopes * n_gridpoints], each nuclide's block sorted by energy */
	unsigned long *tally;       /* [N_MATS] how many lookups sampled each material */
	long length_egrid;
	long length_index_grid;
	long length_nuclide_grid;
	int max_num_nucs;
} SimulationData;

/* grid.c */
SimulationData grid_init(Inputs in);
void grid_free(SimulationData *SD);

/* simulation.c */
unsigned long long run_event_based_simulation(Inputs in, SimulationData SD);

/* io.c */
Inputs read_inputs(int argc, char **argv);
void print_inputs(Inputs in, const SimulationData *SD);
void print_results(Inputs in, const SimulationData *SD, unsigned long long verification, double runtime);

#endif
