/* particles: the hot step. First every particle's acceleration from all the
 * others (each i reads every p[j] and writes only acc[i]), then a separate
 * pass moves every particle. Fusing the two passes would let a particle move
 * while other iterations still read its old position. */
#include <math.h>
#include "particles.h"

#define SOFTENING2 1e-4

/* Adds to *a the pull of q on p (softened gravity, G = 1). */
static void accumulate_pair(const Particle *p, const Particle *q, Accel *a)
{
	double dx = q->x - p->x;
	double dy = q->y - p->y;
	double dz = q->z - p->z;
	double r2 = dx * dx + dy * dy + dz * dz + SOFTENING2;
	double inv_r = 1.0 / sqrt(r2);
	double s = q->m * inv_r * inv_r * inv_r;
	a->ax += s * dx;
	a->ay += s * dy;
	a->az += s * dz;
}

void sim_step(Particle *p, Accel *acc, int n, double dt)
{
	int i, j;

	for (i = 0; i < n; i++) {
		Accel a = {0.0, 0.0, 0.0};
		for (j = 0; j < n; j++) {
			if (j != i)
				accumulate_pair(&p[i], &p[j], &a);
		}
		acc[i] = a;
	}

	for (i = 0; i < n; i++) {
		p[i].vx += acc[i].ax * dt;
		p[i].vy += acc[i].ay * dt;
		p[i].vz += acc[i].az * dt;
		p[i].x += p[i].vx * dt;
		p[i].y += p[i].vy * dt;
		p[i].z += p[i].vz * dt;
	}
}
