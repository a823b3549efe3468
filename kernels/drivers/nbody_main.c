#include "common.h"
#include "../include/kernels.h"

/* Size: the number of bodies; STEPS steps. Tolerance: relative 1e-9 on
 * positions and velocities (the reference computes the same sums). */
#define STEPS 10

static void init(long n, double *m, double *x, double *y, double *z, double *vx, double *vy,
                 double *vz)
{
    rng_seed(10);
    for (long i = 0; i < n; i++) {
        m[i] = (0.5 + rng_unit()) / (double)n;
        x[i] = rng_unit() - 0.5;
        y[i] = rng_unit() - 0.5;
        z[i] = rng_unit() - 0.5;
        vx[i] = 0.01 * (rng_unit() - 0.5);
        vy[i] = 0.01 * (rng_unit() - 0.5);
        vz[i] = 0.01 * (rng_unit() - 0.5);
    }
}

int main(int argc, char **argv)
{
    long n = problem_size(argc, argv, 4096, 128);
    double *b[16];
    for (int k = 0; k < 16; k++)
        b[k] = xmalloc(sizeof(double) * n);
    double *m = b[0], *x = b[1], *y = b[2], *z = b[3], *vx = b[4], *vy = b[5], *vz = b[6];
    double *rx = b[7], *ry = b[8], *rz = b[9], *rvx = b[10], *rvy = b[11], *rvz = b[12];
    init(n, m, x, y, z, vx, vy, vz);
    init(n, m, rx, ry, rz, rvx, rvy, rvz);

    double t0 = now_seconds();
    nbody((int)n, STEPS, 1e-3, m, x, y, z, vx, vy, vz, b[13], b[14], b[15]);
    double secs = now_seconds() - t0;

    ref_nbody((int)n, STEPS, 1e-3, m, rx, ry, rz, rvx, rvy, rvz);
    double err = 0;
    err = fmax(err, rel_err_d(x, rx, n));
    err = fmax(err, rel_err_d(y, ry, n));
    err = fmax(err, rel_err_d(z, rz, n));
    err = fmax(err, rel_err_d(vx, rvx, n));
    err = fmax(err, rel_err_d(vy, rvy, n));
    err = fmax(err, rel_err_d(vz, rvz, n));
    char why[96];
    snprintf(why, sizeof why, "relative error %.3g > 1e-9", err);
    double check = sum_d(x, n) + sum_d(y, n) + sum_d(z, n);
    return report("nbody", n, check, secs, err <= 1e-9, why);
}
