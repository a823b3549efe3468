/* fft-planes: driver. A random complex field is transformed forward once;
 * every step then damps each wave number (evolve), transforms a copy back
 * and prints a checksum of it. The one timing line goes to stderr and
 * starts with "Runtime:".
 *   ./fft-planes [n1 [n2 [n3 [iterations]]]]   (powers of two, 2..MAXN;
 *   default 256 x 128 x 128; with n1 alone, n2 and n3 default to n1) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "fft.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int power_of_two(int n)
{
	return n >= 2 && n <= MAXN && (n & (n - 1)) == 0;
}

int main(int argc, char **argv)
{
	int n1 = argc > 1 ? atoi(argv[1]) : DEFAULT_N1;
	int n2 = argc > 2 ? atoi(argv[2]) : argc > 1 ? n1 : DEFAULT_N2;
	int n3 = argc > 3 ? atoi(argv[3]) : argc > 1 ? n1 : DEFAULT_N3;
	int iters = argc > 4 ? atoi(argv[4]) : DEFAULT_ITERS;
	if (!power_of_two(n1) || !power_of_two(n2) || !power_of_two(n3) || iters < 0) {
		fprintf(stderr, "usage: %s [n1 [n2 [n3 [iterations]]]] (powers of two, 2..%d)\n", argv[0], MAXN);
		return 1;
	}

	size_t points = (size_t)n1 * n2 * n3;
	dcomplex (*u0)[n2][n1] = malloc(points * sizeof(dcomplex));
	dcomplex (*u1)[n2][n1] = malloc(points * sizeof(dcomplex));
	dcomplex *w1 = malloc((size_t)n1 / 2 * sizeof(dcomplex));
	dcomplex *w2 = malloc((size_t)n2 / 2 * sizeof(dcomplex));
	dcomplex *w3 = malloc((size_t)n3 / 2 * sizeof(dcomplex));
	double *e1 = malloc((size_t)n1 * sizeof(double));
	double *e2 = malloc((size_t)n2 * sizeof(double));
	double *e3 = malloc((size_t)n3 * sizeof(double));
	if (!u0 || !u1 || !w1 || !w2 || !w3 || !e1 || !e2 || !e3) {
		fprintf(stderr, "fft-planes: out of memory\n");
		return 2;
	}
	twiddles(n1, w1);
	twiddles(n2, w2);
	twiddles(n3, w3);
	decay_factors(n1, e1);
	decay_factors(n2, e2);
	decay_factors(n3, e3);
	init_field(n1, n2, n3, u0);
	printf("fft-planes: %d x %d x %d complex field, %d steps, alpha %g\n", n1, n2, n3, iters, ALPHA);

	double start = now_seconds();
	cffts1(1, n1, n2, n3, u0, w1);
	cffts2(1, n1, n2, n3, u0, w2);
	cffts3(1, n1, n2, n3, u0, w3);
	printf("spectrum: mean %.10e %.10e\n", u0[0][0][0].real / (double)points,
	       u0[0][0][0].imag / (double)points);
	for (int t = 1; t <= iters; t++) {
		evolve(n1, n2, n3, u0, u1, e1, e2, e3);
		cffts3(-1, n1, n2, n3, u1, w3);
		cffts2(-1, n1, n2, n3, u1, w2);
		cffts1(-1, n1, n2, n3, u1, w1);
		dcomplex c = checksum(n1, n2, n3, u1);
		printf("step %2d: checksum %.10e %.10e\n", t, c.real, c.imag);
	}
	double runtime = now_seconds() - start;
	fprintf(stderr, "Runtime: %.3f seconds\n", runtime);

	free(u0);
	free(u1);
	free(w1);
	free(w2);
	free(w3);
	free(e1);
	free(e2);
	free(e3);
	return 0;
}
