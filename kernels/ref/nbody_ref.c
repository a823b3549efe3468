#include <math.h>
#include <stdlib.h>
#include "../include/kernels.h"

void ref_nbody(int n, int steps, double dt, const double *m, double *x, double *y, double *z,
               double *vx, double *vy, double *vz)
{
    double *a = malloc(sizeof(double) * 3 * (size_t)n);
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < n; i++) {
            double f[3] = {0, 0, 0};
            for (int j = 0; j < n; j++) {
                double dx = x[j] - x[i], dy = y[j] - y[i], dz = z[j] - z[i];
                double r = sqrt(dx * dx + dy * dy + dz * dz + 1e-3);
                double g = m[j] / (r * r * r);
                f[0] += g * dx;
                f[1] += g * dy;
                f[2] += g * dz;
            }
            a[3 * i] = f[0];
            a[3 * i + 1] = f[1];
            a[3 * i + 2] = f[2];
        }
        for (int i = 0; i < n; i++) {
            vx[i] += dt * a[3 * i];
            vy[i] += dt * a[3 * i + 1];
            vz[i] += dt * a[3 * i + 2];
            x[i] += dt * vx[i];
            y[i] += dt * vy[i];
            z[i] += dt * vz[i];
        }
    }
    free(a);
}
