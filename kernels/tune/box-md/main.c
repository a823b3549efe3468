/* box-md: driver. A simple-cubic lattice of m^3 Lennard-Jones particles
 * (reduced units, density 0.8, sigma = epsilon = mass = 1), slightly
 * perturbed, with random velocities; velocity-Verlet steps, re-binning the
 * particles into boxes every step. Energies and a position checksum go to
 * stdout; the one timing line goes to stderr and starts with "Runtime:".
 *   ./box-md [m [steps]]      (n = m^3 particles, m >= 8) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "md.h"

#define DENSITY 0.8
#define CUTOFF 2.5
#define DT 0.004
#define TEMPERATURE 0.9
#define REPORT_EVERY 10

static unsigned long long rng = 0x2545F4914F6CDD1DULL;

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

static double wrap(double x, double len)
{
	if (x >= len)
		x -= len;
	if (x < 0.0)
		x += len;
	return x;
}

static void half_kick(SimParams sp, System *s)
{
	double h = 0.5 * sp.dt;
	for (int i = 0; i < sp.n; i++) {
		s->vel[i].x += h * s->force[i].x;
		s->vel[i].y += h * s->force[i].y;
		s->vel[i].z += h * s->force[i].z;
	}
}

static void drift(SimParams sp, System *s)
{
	for (int i = 0; i < sp.n; i++) {
		s->pos[i].x = wrap(s->pos[i].x + sp.dt * s->vel[i].x, sp.len);
		s->pos[i].y = wrap(s->pos[i].y + sp.dt * s->vel[i].y, sp.len);
		s->pos[i].z = wrap(s->pos[i].z + sp.dt * s->vel[i].z, sp.len);
	}
}

static double kinetic(SimParams sp, const System *s)
{
	double k = 0.0;
	for (int i = 0; i < sp.n; i++)
		k += 0.5 * (s->vel[i].x * s->vel[i].x + s->vel[i].y * s->vel[i].y + s->vel[i].z * s->vel[i].z);
	return k;
}

static double potential(SimParams sp, const double *pe_box)
{
	double p = 0.0;
	for (int b = 0; b < sp.nbox; b++)
		p += pe_box[b];
	return p;
}

static void report(const char *what, SimParams sp, const System *s, const double *pe_box)
{
	double pe = potential(sp, pe_box), ke = kinetic(sp, s);
	printf("%-9s potential/n %.12e  kinetic/n %.12e  total/n %.12e\n", what,
	       pe / sp.n, ke / sp.n, (pe + ke) / sp.n);
}

int main(int argc, char **argv)
{
	int m = argc > 1 ? atoi(argv[1]) : DEFAULT_M;
	int steps = argc > 2 ? atoi(argv[2]) : DEFAULT_STEPS;
	if (m < 8 || m > 200 || steps < 0) {
		fprintf(stderr, "usage: %s [m [steps]]   (m^3 particles, 8 <= m <= 200)\n", argv[0]);
		return 1;
	}

	SimParams sp;
	sp.n = m * m * m;
	sp.len = cbrt((double)sp.n / DENSITY);
	sp.cutoff = CUTOFF;
	sp.cutoff2 = CUTOFF * CUTOFF;
	sp.nside = (int)(sp.len / CUTOFF);
	sp.nbox = sp.nside * sp.nside * sp.nside;
	sp.boxlen = sp.len / sp.nside;
	sp.dt = DT;
	sp.sigma2 = 1.0;
	sp.eps4 = 4.0;
	double sc6 = 1.0 / (sp.cutoff2 * sp.cutoff2 * sp.cutoff2);
	sp.ecut = sp.eps4 * sc6 * (sc6 - 1.0);

	System s;
	Cells c;
	s.pos = malloc(sizeof(Vec3) * (size_t)sp.n);
	s.vel = malloc(sizeof(Vec3) * (size_t)sp.n);
	s.force = malloc(sizeof(Vec3) * (size_t)sp.n);
	s.pos2 = malloc(sizeof(Vec3) * (size_t)sp.n);
	s.vel2 = malloc(sizeof(Vec3) * (size_t)sp.n);
	s.id = malloc(sizeof(int) * (size_t)sp.n);
	s.id2 = malloc(sizeof(int) * (size_t)sp.n);
	double *pe_box = malloc(sizeof(double) * (size_t)sp.nbox);
	if (!s.pos || !s.vel || !s.force || !s.pos2 || !s.vel2 || !s.id || !s.id2 || !pe_box ||
	    cells_init(sp, &c) != 0) {
		fprintf(stderr, "box-md: out of memory\n");
		return 2;
	}

	/* Lattice, perturbed; velocities with zero total momentum, scaled to
	 * the temperature. */
	double a = sp.len / m;
	double vsum[3] = {0.0, 0.0, 0.0};
	for (int i = 0; i < sp.n; i++) {
		int ix = i % m, iy = (i / m) % m, iz = i / (m * m);
		s.pos[i].x = wrap((ix + 0.5) * a + 0.1 * (urand() - 0.5), sp.len);
		s.pos[i].y = wrap((iy + 0.5) * a + 0.1 * (urand() - 0.5), sp.len);
		s.pos[i].z = wrap((iz + 0.5) * a + 0.1 * (urand() - 0.5), sp.len);
		s.vel[i].x = urand() - 0.5;
		s.vel[i].y = urand() - 0.5;
		s.vel[i].z = urand() - 0.5;
		vsum[0] += s.vel[i].x;
		vsum[1] += s.vel[i].y;
		vsum[2] += s.vel[i].z;
		s.id[i] = i;
	}
	double v2 = 0.0;
	for (int i = 0; i < sp.n; i++) {
		s.vel[i].x -= vsum[0] / sp.n;
		s.vel[i].y -= vsum[1] / sp.n;
		s.vel[i].z -= vsum[2] / sp.n;
		v2 += s.vel[i].x * s.vel[i].x + s.vel[i].y * s.vel[i].y + s.vel[i].z * s.vel[i].z;
	}
	double scale = sqrt(3.0 * TEMPERATURE * sp.n / v2);
	for (int i = 0; i < sp.n; i++) {
		s.vel[i].x *= scale;
		s.vel[i].y *= scale;
		s.vel[i].z *= scale;
	}

	printf("box-md: n=%d boxes=%d^3 (side %.4f, cube %.4f) steps=%d dt=%g cutoff=%g\n",
	       sp.n, sp.nside, sp.boxlen, sp.len, steps, sp.dt, sp.cutoff);

	double start = now_seconds();
	cells_bin(sp, &c, &s);
	compute_forces(sp, &c, s.pos, s.force, pe_box);
	report("step 0:", sp, &s, pe_box);
	for (int step = 1; step <= steps; step++) {
		half_kick(sp, &s);
		drift(sp, &s);
		cells_bin(sp, &c, &s);
		compute_forces(sp, &c, s.pos, s.force, pe_box);
		half_kick(sp, &s);
		if (step % REPORT_EVERY == 0 || step == steps) {
			char what[32];
			snprintf(what, sizeof what, "step %d:", step);
			report(what, sp, &s, pe_box);
		}
	}
	double runtime = now_seconds() - start;

	double psum = 0.0;
	int p0 = 0;
	for (int i = 0; i < sp.n; i++) {
		psum += s.pos[i].x + 2.0 * s.pos[i].y + 3.0 * s.pos[i].z;
		if (s.id[i] == 0)
			p0 = i;
	}
	printf("position checksum: %.12e\n", psum / sp.n);
	printf("particle 0:        %.12e %.12e %.12e\n", s.pos[p0].x, s.pos[p0].y, s.pos[p0].z);
	fprintf(stderr, "Runtime: %.3f seconds (%d steps, %.2f us/step/particle)\n", runtime, steps,
	        steps > 0 ? runtime / steps / sp.n * 1e6 : 0.0);

	free(s.pos); free(s.vel); free(s.force); free(s.pos2); free(s.vel2);
	free(s.id); free(s.id2); free(pe_box);
	cells_free(&c);
	return 0;
}
