/* mc-lookup: command line and printing. Everything on stdout is
 * deterministic except the one line starting with "Runtime:". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs.h"

static void usage(const char *argv0)
{
	fprintf(stderr,
	        "usage: %s [-l lookups] [-n isotopes] [-g gridpoints] [-G unionized|nuclide|hash] [-b hash_bins]\n",
	        argv0);
	exit(1);
}

static long parse_long(const char *s, const char *argv0, long min)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < min)
		usage(argv0);
	return v;
}

Inputs read_inputs(int argc, char **argv)
{
	Inputs in;
	in.n_isotopes = DEFAULT_ISOTOPES;
	in.n_gridpoints = DEFAULT_GRIDPOINTS;
	in.lookups = DEFAULT_LOOKUPS;
	in.grid_type = HASH;
	in.hash_bins = DEFAULT_HASH_BINS;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (i + 1 >= argc)
			usage(argv[0]);
		const char *v = argv[++i];
		if (!strcmp(a, "-l"))
			in.lookups = (int)parse_long(v, argv[0], 1);
		else if (!strcmp(a, "-n"))
			in.n_isotopes = parse_long(v, argv[0], 1);
		else if (!strcmp(a, "-g"))
			in.n_gridpoints = parse_long(v, argv[0], 2);
		else if (!strcmp(a, "-b"))
			in.hash_bins = (int)parse_long(v, argv[0], 1);
		else if (!strcmp(a, "-G")) {
			if (!strcmp(v, "unionized"))
				in.grid_type = UNIONIZED;
			else if (!strcmp(v, "nuclide"))
				in.grid_type = NUCLIDE;
			else if (!strcmp(v, "hash"))
				in.grid_type = HASH;
			else
				usage(argv[0]);
		} else
			usage(argv[0]);
	}
	return in;
}

static const char *grid_name(int t)
{
	return t == UNIONIZED ? "unionized" : t == NUCLIDE ? "nuclide" : "hash";
}

void print_inputs(Inputs in, const SimulationData *SD)
{
	double mb = (double)SD->length_nuclide_grid * sizeof(NuclideGridPoint) +
	            (double)SD->length_egrid * sizeof(double) +
	            (double)SD->length_index_grid * sizeof(int);
	printf("mc-lookup (XSBench-style event-based cross-section lookups)\n");
	printf("Isotopes:          %ld\n", in.n_isotopes);
	printf("Gridpoints:        %ld\n", in.n_gridpoints);
	printf("Grid type:         %s\n", grid_name(in.grid_type));
	if (in.grid_type == HASH)
		printf("Hash bins:         %d\n", in.hash_bins);
	printf("Lookups:           %d\n", in.lookups);
	printf("Fuel nuclides:     %d (max per material %d)\n", SD->num_nucs[0], SD->max_num_nucs);
	printf("Data size:         %.1f MB\n", mb / (1024.0 * 1024.0));
}

void print_results(Inputs in, const SimulationData *SD, unsigned long long verification, double runtime)
{
	int sampled = 0, most = 0;
	for (int m = 0; m < N_MATS; m++) {
		if (SD->tally[m] > 0)
			sampled++;
		if (SD->tally[m] > SD->tally[most])
			most = m;
	}
	printf("Materials sampled: %d of %d (most sampled: %d)\n", sampled, N_MATS, most);
	printf("Verification:      %llu\n", verification);
	printf("Checksum:          %llu\n", verification % 999983ULL);
	printf("Runtime:           %.3f seconds (%.0f lookups/s)\n", runtime,
	       runtime > 0 ? (double)in.lookups / runtime : 0.0);
}
