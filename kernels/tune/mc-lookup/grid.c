/* mc-lookup: data setup. Builds the nuclide grids, the unionized energy
 * grid with its index (or the hash index), and the materials, all from a
 * private deterministic generator (no libc rand), so every build and every
 * machine gets the same data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs.h"

static uint64_t grid_rng = 42ULL;

static double grid_random(void)
{
	/* 64-bit LCG (Knuth MMIX), top 53 bits. */
	grid_rng = grid_rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(grid_rng >> 11) * (1.0 / 9007199254740992.0);
}

static void *xmalloc(size_t bytes)
{
	void *p = malloc(bytes ? bytes : 1);
	if (!p) {
		fprintf(stderr, "mc-lookup: out of memory (%zu bytes)\n", bytes);
		exit(2);
	}
	return p;
}

static int cmp_gridpoint(const void *a, const void *b)
{
	double ea = ((const NuclideGridPoint *)a)->energy;
	double eb = ((const NuclideGridPoint *)b)->energy;
	return (ea > eb) - (ea < eb);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Nuclides per material: the reactor-core table of XSBench's "small" problem
 * (fuel 34 of 68 isotopes). Other isotope counts scale the fuel to half the
 * isotopes and cap the rest. */
static void load_num_nucs(Inputs in, int *num_nucs)
{
	static const int table[N_MATS] = {34, 5, 4, 4, 27, 21, 21, 21, 21, 21, 9, 9};
	for (int m = 0; m < N_MATS; m++) {
		long k = table[m];
		if (m == 0 && in.n_isotopes != 68)
			k = in.n_isotopes / 2;
		if (k > in.n_isotopes)
			k = in.n_isotopes;
		if (k < 1)
			k = 1;
		num_nucs[m] = (int)k;
	}
}

/* Material m's nuclide list: the fuel holds the first isotopes; every other
 * material draws distinct isotopes at random. */
static void load_mats(Inputs in, const int *num_nucs, int max_num_nucs, int *mats)
{
	char *used = xmalloc((size_t)in.n_isotopes);
	for (int m = 0; m < N_MATS; m++) {
		memset(used, 0, (size_t)in.n_isotopes);
		for (int j = 0; j < max_num_nucs; j++)
			mats[m * max_num_nucs + j] = 0;
		for (int j = 0; j < num_nucs[m]; j++) {
			long nuc;
			if (m == 0) {
				nuc = j;
			} else {
				do
					nuc = (long)(grid_random() * (double)in.n_isotopes);
				while (used[nuc]);
			}
			used[nuc] = 1;
			mats[m * max_num_nucs + j] = (int)nuc;
		}
	}
	free(used);
}

SimulationData grid_init(Inputs in)
{
	SimulationData SD;
	memset(&SD, 0, sizeof SD);
	grid_rng = 42ULL;

	/* Nuclide grids: random energies in [0,1), sorted per nuclide, random
	 * cross sections. */
	SD.length_nuclide_grid = in.n_isotopes * in.n_gridpoints;
	SD.nuclide_grid = xmalloc(sizeof(NuclideGridPoint) * (size_t)SD.length_nuclide_grid);
	for (long i = 0; i < SD.length_nuclide_grid; i++) {
		NuclideGridPoint *g = &SD.nuclide_grid[i];
		g->energy = grid_random();
		g->total_xs = grid_random();
		g->elastic_xs = grid_random();
		g->absorbtion_xs = grid_random();
		g->fission_xs = grid_random();
		g->nu_fission_xs = grid_random();
	}
	for (long n = 0; n < in.n_isotopes; n++)
		qsort(&SD.nuclide_grid[n * in.n_gridpoints], (size_t)in.n_gridpoints,
		      sizeof(NuclideGridPoint), cmp_gridpoint);

	/* Unionized energy grid: every nuclide's energies, sorted. */
	SD.length_egrid = SD.length_nuclide_grid;
	SD.egrid = xmalloc(sizeof(double) * (size_t)SD.length_egrid);
	for (long i = 0; i < SD.length_egrid; i++)
		SD.egrid[i] = SD.nuclide_grid[i].energy;
	qsort(SD.egrid, (size_t)SD.length_egrid, sizeof(double), cmp_double);

	if (in.grid_type == UNIONIZED) {
		/* For each unionized energy, each nuclide's last grid point at or
		 * below it. */
		SD.length_index_grid = SD.length_egrid * in.n_isotopes;
		SD.index_grid = xmalloc(sizeof(int) * (size_t)SD.length_index_grid);
		long *cursor = xmalloc(sizeof(long) * (size_t)in.n_isotopes);
		for (long n = 0; n < in.n_isotopes; n++)
			cursor[n] = 0;
		for (long e = 0; e < SD.length_egrid; e++) {
			double u = SD.egrid[e];
			for (long n = 0; n < in.n_isotopes; n++) {
				const NuclideGridPoint *g = &SD.nuclide_grid[n * in.n_gridpoints];
				while (cursor[n] + 1 < in.n_gridpoints && g[cursor[n] + 1].energy <= u)
					cursor[n]++;
				SD.index_grid[e * in.n_isotopes + n] = (int)cursor[n];
			}
		}
		free(cursor);
	} else if (in.grid_type == HASH) {
		/* For each of hash_bins equal energy bins, each nuclide's grid point
		 * at or below the bin's lower edge. */
		SD.length_index_grid = (long)in.hash_bins * in.n_isotopes;
		SD.index_grid = xmalloc(sizeof(int) * (size_t)SD.length_index_grid);
		double du = 1.0 / in.hash_bins;
		for (long b = 0; b < in.hash_bins; b++) {
			double u = (double)b * du;
			for (long n = 0; n < in.n_isotopes; n++) {
				const NuclideGridPoint *g = &SD.nuclide_grid[n * in.n_gridpoints];
				long lo = 0, hi = in.n_gridpoints - 1;
				while (hi - lo > 1) {
					long mid = lo + (hi - lo) / 2;
					if (g[mid].energy > u)
						hi = mid;
					else
						lo = mid;
				}
				SD.index_grid[b * in.n_isotopes + n] = (int)lo;
			}
		}
	} else {
		SD.length_index_grid = 0;
		SD.index_grid = NULL;
	}

	/* Materials. */
	SD.num_nucs = xmalloc(sizeof(int) * N_MATS);
	load_num_nucs(in, SD.num_nucs);
	SD.max_num_nucs = 0;
	for (int m = 0; m < N_MATS; m++)
		if (SD.num_nucs[m] > SD.max_num_nucs)
			SD.max_num_nucs = SD.num_nucs[m];
	SD.mats = xmalloc(sizeof(int) * (size_t)(N_MATS * SD.max_num_nucs));
	load_mats(in, SD.num_nucs, SD.max_num_nucs, SD.mats);
	SD.concs = xmalloc(sizeof(double) * (size_t)(N_MATS * SD.max_num_nucs));
	for (int i = 0; i < N_MATS * SD.max_num_nucs; i++)
		SD.concs[i] = grid_random();

	SD.tally = xmalloc(sizeof(unsigned long) * N_MATS);
	for (int m = 0; m < N_MATS; m++)
		SD.tally[m] = 0;
	return SD;
}

void grid_free(SimulationData *SD)
{
	free(SD->num_nucs);
	free(SD->concs);
	free(SD->mats);
	free(SD->egrid);
	free(SD->index_grid);
	free(SD->nuclide_grid);
	free(SD->tally);
	memset(SD, 0, sizeof *SD);
}
