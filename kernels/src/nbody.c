#include <math.h>
#include "kernels.h"

/* Direct-sum gravitational n-body, softened, G = 1: each step computes all
 * accelerations from the current positions, then advances velocities and
 * positions (semi-implicit Euler). The self term contributes zero because
 * dx = dy = dz = 0, so no i != j test is needed. */
void nbody(int n, int steps, double dt, const double *restrict m,
           double *restrict x, double *restrict y, double *restrict z,
           double *restrict vx, double *restrict vy, double *restrict vz,
           double *restrict ax, double *restrict ay, double *restrict az)
{
    const double eps2 = 1e-3;
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < n; i++) {
            double fx = 0.0, fy = 0.0, fz = 0.0;
            for (int j = 0; j < n; j++) {
                double dx = x[j] - x[i], dy = y[j] - y[i], dz = z[j] - z[i];
                double r2 = dx * dx + dy * dy + dz * dz + eps2;
                double inv = 1.0 / sqrt(r2);
                double f = m[j] * inv * inv * inv;
                fx += f * dx;
                fy += f * dy;
                fz += f * dz;
            }
            ax[i] = fx;
            ay[i] = fy;
            az[i] = fz;
        }
        for (int i = 0; i < n; i++) {
            vx[i] += dt * ax[i];
            vy[i] += dt * ay[i];
            vz[i] += dt * az[i];
            x[i] += dt * vx[i];
            y[i] += dt * vy[i];
            z[i] += dt * vz[i];
        }
    }
}
