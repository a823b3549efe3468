/* cg-rand: the random-number helper, in its own file like NPB's. */
#include <stdint.h>
#include "cg.h"

/* x <- a x mod 2^46 and return x * 2^-46. x and a are integers below 2^46
 * held in doubles. The 64-bit product wraps modulo 2^64, which 2^46
 * divides, so masking it gives the exact residue. */
double randlc(double *x, double a)
{
	const uint64_t mask = ((uint64_t)1 << 46) - 1;
	uint64_t xi = (uint64_t)*x & mask;
	uint64_t ai = (uint64_t)a & mask;
	xi = (xi * ai) & mask;
	*x = (double)xi;
	return (double)xi * 0x1p-46;
}
