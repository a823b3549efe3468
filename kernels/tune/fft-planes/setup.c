/* fft-planes: twiddle and decay tables, the initial field, the checksum.
 * None of this is hot. */
#include <math.h>
#include "fft.h"

/* w[k] = exp(-2 pi i k / n), k < n/2. */
void twiddles(int n, dcomplex *w)
{
	const double pi = 3.141592653589793238;
	for (int k = 0; k < n / 2; k++) {
		double t = -2.0 * pi * (double)k / (double)n;
		w[k].real = cos(t);
		w[k].imag = sin(t);
	}
}

/* e[k] = exp(-4 pi^2 ALPHA kbar^2), kbar the signed wave number of slot k. */
void decay_factors(int n, double *e)
{
	const double pi = 3.141592653589793238;
	for (int k = 0; k < n; k++) {
		int kbar = k < n / 2 ? k : k - n;
		e[k] = exp(-4.0 * pi * pi * ALPHA * (double)kbar * (double)kbar);
	}
}

/* Uniform [0, 1) real and imaginary parts from a private 64-bit LCG, in
 * storage order, so that the field is the same everywhere. */
void init_field(int n1, int n2, int n3, dcomplex u[n3][n2][n1])
{
	unsigned long long s = 314159265ULL;
	for (int i3 = 0; i3 < n3; i3++)
		for (int i2 = 0; i2 < n2; i2++)
			for (int i1 = 0; i1 < n1; i1++) {
				s = s * 6364136223846793005ULL + 1442695040888963407ULL;
				u[i3][i2][i1].real = (double)(s >> 11) * (1.0 / 9007199254740992.0);
				s = s * 6364136223846793005ULL + 1442695040888963407ULL;
				u[i3][i2][i1].imag = (double)(s >> 11) * (1.0 / 9007199254740992.0);
			}
}

/* The sum of 1024 scattered points, divided by the number of points (the
 * inverse transform is not normalised). */
dcomplex checksum(int n1, int n2, int n3, dcomplex u[n3][n2][n1])
{
	dcomplex c = {0.0, 0.0};
	for (int j = 1; j <= 1024; j++) {
		int i1 = (5 * j) % n1, i2 = (3 * j) % n2, i3 = (7 * j) % n3;
		c.real += u[i3][i2][i1].real;
		c.imag += u[i3][i2][i1].imag;
	}
	double total = (double)n1 * n2 * n3;
	c.real /= total;
	c.imag /= total;
	return c;
}
