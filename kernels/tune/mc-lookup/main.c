/* mc-lookup: driver. Reads sizes, builds the data (grid.c), runs the
 * lookups (simulation.c), prints a deterministic verification (io.c).
 * Timing goes on one stdout line starting with "Runtime:". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "xs.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	Inputs in = read_inputs(argc, argv);
	SimulationData SD = grid_init(in);
	print_inputs(in, &SD);

	double start = now_seconds();
	unsigned long long verification = run_event_based_simulation(in, SD);
	double runtime = now_seconds() - start;

	print_results(in, &SD, verification, runtime);
	grid_free(&SD);
	return 0;
}
