/* particles: an all-pairs gravitational N-body step over an array of
 * structs. Shared declarations. */
#ifndef PARTICLES_H
#define PARTICLES_H

#ifndef DEFAULT_N
#define DEFAULT_N 2500
#endif
#ifndef DEFAULT_STEPS
#define DEFAULT_STEPS 80
#endif

typedef struct {
	double x, y, z, vx, vy, vz, m;
} Particle;

typedef struct {
	double ax, ay, az;
} Accel;

/* sim.c */
void sim_step(Particle *p, Accel *acc, int n, double dt);

#endif
