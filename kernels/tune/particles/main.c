/* particles: driver. A deterministic cloud of particles, DEFAULT_STEPS steps
 * of sim_step(), then a checksum of the final state on stdout. The one
 * timing line goes to stderr and starts with "Runtime:".
 *   ./particles [n [steps]] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "particles.h"

static unsigned long long rng = 12345ULL;

static double urand(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng >> 11) * (1.0 / 9007199254740992.0);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : DEFAULT_N;
	int steps = argc > 2 ? atoi(argv[2]) : DEFAULT_STEPS;
	const double dt = 1e-3;
	if (n < 2 || steps < 0) {
		fprintf(stderr, "usage: %s [n>=2 [steps]]\n", argv[0]);
		return 1;
	}

	Particle *p = malloc(sizeof(Particle) * (size_t)n);
	Accel *acc = malloc(sizeof(Accel) * (size_t)n);
	if (!p || !acc) {
		fprintf(stderr, "particles: out of memory\n");
		return 2;
	}
	/* A unit ball, slowly rotating, masses summing to 1. */
	for (int i = 0; i < n; i++) {
		double x, y, z;
		do {
			x = 2 * urand() - 1;
			y = 2 * urand() - 1;
			z = 2 * urand() - 1;
		} while (x * x + y * y + z * z > 1.0);
		p[i].x = x;
		p[i].y = y;
		p[i].z = z;
		p[i].vx = -0.3 * y;
		p[i].vy = 0.3 * x;
		p[i].vz = 0.0;
		p[i].m = (0.5 + urand()) / n;
	}

	double start = now_seconds();
	for (int s = 0; s < steps; s++)
		sim_step(p, acc, n, dt);
	double runtime = now_seconds() - start;

	double cx = 0, cy = 0, cz = 0, px = 0, py = 0, pz = 0, kin = 0, rsum = 0;
	for (int i = 0; i < n; i++) {
		cx += p[i].m * p[i].x;
		cy += p[i].m * p[i].y;
		cz += p[i].m * p[i].z;
		px += p[i].m * p[i].vx;
		py += p[i].m * p[i].vy;
		pz += p[i].m * p[i].vz;
		kin += 0.5 * p[i].m * (p[i].vx * p[i].vx + p[i].vy * p[i].vy + p[i].vz * p[i].vz);
		rsum += sqrt(p[i].x * p[i].x + p[i].y * p[i].y + p[i].z * p[i].z);
	}
	printf("particles: n=%d steps=%d dt=%g\n", n, steps, dt);
	printf("centre of mass:  %.12e %.12e %.12e\n", cx, cy, cz);
	printf("momentum (x,y):  %.12e %.12e\n", px, py);
	(void)pz; /* stays at rounding noise around 0: not printed */
	printf("kinetic energy:  %.12e\n", kin);
	printf("mean radius:     %.12e\n", rsum / n);
	printf("particle 0:      %.12e %.12e %.12e\n", p[0].x, p[0].y, p[0].z);
	fprintf(stderr, "Runtime: %.3f seconds (%.1f Mpairs/s)\n", runtime,
	        runtime > 0 ? (double)n * (n - 1) * steps / runtime / 1e6 : 0.0);
	free(p);
	free(acc);
	return 0;
}
