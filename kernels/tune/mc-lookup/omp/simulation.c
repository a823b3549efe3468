/* mc-lookup: the hot part. run_event_based_simulation() performs in.lookups
 * independent lookups; lookup i draws its particle from its own place in
 * the random stream (fast_forward_LCG), so lookups do not depend on each
 * other. The helpers below write only their locals and what their pointer
 * arguments point to. */
#include <stdint.h>
#include "xs.h"

static double LCG_random_double(uint64_t *seed)
{
	const uint64_t m = 9223372036854775808ULL; /* 2^63 */
	const uint64_t a = 2806196910506780709ULL;
	const uint64_t c = 1ULL;
	*seed = (a * (*seed) + c) % m;
	return (double)(*seed) / (double)m;
}

/* The seed n steps further along the LCG stream, in O(log n). */
static uint64_t fast_forward_LCG(uint64_t seed, uint64_t n)
{
	const uint64_t m = 9223372036854775808ULL;
	uint64_t a = 2806196910506780709ULL;
	uint64_t c = 1ULL;
	uint64_t a_new = 1;
	uint64_t c_new = 0;
	n = n % m;
	while (n > 0) {
		if (n & 1) {
			a_new *= a;
			c_new = c_new * a + c;
		}
		c *= (a + 1);
		a *= a;
		n >>= 1;
	}
	return (a_new * seed + c_new) % m;
}

/* A material, by its share of the reactor core's volume. */
static int pick_mat(uint64_t *seed)
{
	double dist[N_MATS];
	dist[0] = 0.140;  /* fuel */
	dist[1] = 0.052;  /* cladding */
	dist[2] = 0.275;  /* cold, borated water */
	dist[3] = 0.134;  /* hot, borated water */
	dist[4] = 0.154;  /* RPV */
	dist[5] = 0.064;  /* lower radial reflector */
	dist[6] = 0.066;  /* upper radial reflector / top plate */
	dist[7] = 0.055;  /* bottom plate */
	dist[8] = 0.008;  /* bottom nozzle */
	dist[9] = 0.015;  /* top nozzle */
	dist[10] = 0.025; /* top of fuel assemblies */
	dist[11] = 0.013; /* bottom of fuel assemblies */

	double roll = LCG_random_double(seed);
	double running = 0.0;
	for (int i = 0; i < N_MATS; i++) {
		running += dist[i];
		if (roll < running)
			return i;
	}
	return N_MATS - 1;
}

/* Binary search of the unionized grid: the last index whose energy is at or
 * below quarry. */
static long grid_search(long n, double quarry, const double *restrict A)
{
	long lowerLimit = 0;
	long upperLimit = n - 1;
	long length = upperLimit - lowerLimit;
	while (length > 1) {
		long examinationPoint = lowerLimit + (length / 2);
		if (A[examinationPoint] > quarry)
			upperLimit = examinationPoint;
		else
			lowerLimit = examinationPoint;
		length = upperLimit - lowerLimit;
	}
	return lowerLimit;
}

/* The same over one nuclide's grid, between low and high. */
static long grid_search_nuclide(double quarry, const NuclideGridPoint *A, long low, long high)
{
	long lowerLimit = low;
	long upperLimit = high;
	long length = upperLimit - lowerLimit;
	while (length > 1) {
		long examinationPoint = lowerLimit + (length / 2);
		if (A[examinationPoint].energy > quarry)
			upperLimit = examinationPoint;
		else
			lowerLimit = examinationPoint;
		length = upperLimit - lowerLimit;
	}
	return lowerLimit;
}

/* One nuclide's five cross sections at p_energy, interpolated between the
 * two grid points around it, into xs_vector[0..4]. */
static void calculate_micro_xs(double p_energy, int nuc, long n_isotopes, long n_gridpoints,
                               const double *restrict egrid, const int *restrict index_data,
                               const NuclideGridPoint *restrict nuclide_grids, long idx,
                               double *restrict xs_vector, int grid_type, int hash_bins)
{
	const NuclideGridPoint *low, *high;
	const NuclideGridPoint *grid = &nuclide_grids[nuc * n_gridpoints];
	(void)egrid;

	if (grid_type == NUCLIDE) {
		long i = grid_search_nuclide(p_energy, grid, 0, n_gridpoints - 1);
		low = (i == n_gridpoints - 1) ? &grid[i - 1] : &grid[i];
	} else if (grid_type == UNIONIZED) {
		long i = index_data[idx * n_isotopes + nuc];
		low = (i == n_gridpoints - 1) ? &grid[i - 1] : &grid[i];
	} else {
		/* Hash: the bin narrows the search to a few points. */
		long u_low = index_data[idx * n_isotopes + nuc];
		long u_high;
		if (idx == hash_bins - 1)
			u_high = n_gridpoints - 1;
		else
			u_high = index_data[(idx + 1) * n_isotopes + nuc] + 1;
		if (u_high > n_gridpoints - 1)
			u_high = n_gridpoints - 1;
		double e_low = grid[u_low].energy;
		double e_high = grid[u_high].energy;
		long lower;
		if (p_energy <= e_low)
			lower = 0;
		else if (p_energy >= e_high)
			lower = n_gridpoints - 1;
		else
			lower = grid_search_nuclide(p_energy, grid, u_low, u_high);
		low = (lower == n_gridpoints - 1) ? &grid[lower - 1] : &grid[lower];
	}
	high = low + 1;

	double f = (high->energy - p_energy) / (high->energy - low->energy);
	xs_vector[0] = high->total_xs - f * (high->total_xs - low->total_xs);
	xs_vector[1] = high->elastic_xs - f * (high->elastic_xs - low->elastic_xs);
	xs_vector[2] = high->absorbtion_xs - f * (high->absorbtion_xs - low->absorbtion_xs);
	xs_vector[3] = high->fission_xs - f * (high->fission_xs - low->fission_xs);
	xs_vector[4] = high->nu_fission_xs - f * (high->nu_fission_xs - low->nu_fission_xs);
}

/* The material's macroscopic cross sections: the sum over its nuclides of
 * micro xs times concentration, into macro_xs_vector[0..4]. */
static void calculate_macro_xs(double p_energy, int mat, long n_isotopes, long n_gridpoints,
                               const int *restrict num_nucs, const double *restrict concs,
                               const double *restrict egrid, const int *restrict index_data,
                               const NuclideGridPoint *restrict nuclide_grids,
                               const int *restrict mats, double *restrict macro_xs_vector,
                               int grid_type, int hash_bins, int max_num_nucs)
{
	long idx = -1;
	for (int k = 0; k < 5; k++)
		macro_xs_vector[k] = 0;

	if (grid_type == UNIONIZED)
		idx = grid_search(n_isotopes * n_gridpoints, p_energy, egrid);
	else if (grid_type == HASH) {
		double du = 1.0 / hash_bins;
		idx = (long)(p_energy / du);
		if (idx > hash_bins - 1)
			idx = hash_bins - 1;
	}

	for (int j = 0; j < num_nucs[mat]; j++) {
		double xs_vector[5];
		int p_nuc = mats[mat * max_num_nucs + j];
		double conc = concs[mat * max_num_nucs + j];
		calculate_micro_xs(p_energy, p_nuc, n_isotopes, n_gridpoints, egrid, index_data,
		                   nuclide_grids, idx, xs_vector, grid_type, hash_bins);
		for (int k = 0; k < 5; k++)
			macro_xs_vector[k] += xs_vector[k] * conc;
	}
}

unsigned long long run_event_based_simulation(Inputs in, SimulationData SD)
{
	unsigned long long verification = 0;
	int i;

	#pragma omp parallel for schedule(dynamic, 100) reduction(+:verification)
	for (i = 0; i < in.lookups; i++) {
		/* Lookup i uses positions 2i and 2i+1 of the random stream. */
		uint64_t seed = STARTING_SEED;
		seed = fast_forward_LCG(seed, 2 * (uint64_t)i);
		double p_energy = LCG_random_double(&seed);
		int mat = pick_mat(&seed);

		double macro_xs[5] = {0};
		calculate_macro_xs(p_energy, mat, in.n_isotopes, in.n_gridpoints, SD.num_nucs, SD.concs,
		                   SD.egrid, SD.index_grid, SD.nuclide_grid, SD.mats, macro_xs,
		                   in.grid_type, in.hash_bins, SD.max_num_nucs);

		/* Which reaction channel is the largest: a cheap, exact summary. */
		double max = -1.0;
		int max_idx = 0;
		for (int j = 0; j < 5; j++) {
			if (macro_xs[j] > max) {
				max = macro_xs[j];
				max_idx = j;
			}
		}
		verification += max_idx + 1;
	}

	/* Tally pass: how many lookups sampled each material. Walks the random
	 * stream once, in order (lookup i+1 starts where lookup i ends). */
	uint64_t stream = STARTING_SEED;
	for (i = 0; i < in.lookups; i++) {
		LCG_random_double(&stream); /* energy */
		SD.tally[pick_mat(&stream)]++;
	}

	return verification;
}
