/* main-loop: the LCG, the clamp used inside main's hot loop, and argument
 * parsing. */
#include <stdlib.h>
#include "util.h"

unsigned int lcg_next(unsigned long long *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(*state >> 32);
}

int clamp_int(int v, int lo, int hi)
{
	if (v < lo)
		return lo;
	if (v > hi)
		return hi;
	return v;
}

int arg_int(int argc, char **argv, int i, int def)
{
	if (i >= argc)
		return def;
	char *end;
	long v = strtol(argv[i], &end, 10);
	if (*argv[i] == '\0' || *end != '\0' || v <= 0 || v > 1000000)
		return -1;
	return (int)v;
}
