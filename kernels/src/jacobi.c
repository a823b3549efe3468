#include "kernels.h"

/* Jacobi 2-D 5-point stencil on an n x n grid, out-of-place: each time step
 * sweeps a -> b, then b -> a. Boundary rows and columns stay fixed. */
void jacobi2d(int n, int steps, double *restrict a, double *restrict b)
{
    for (int t = 0; t < steps; t++) {
        for (int i = 1; i < n - 1; i++)
            for (int j = 1; j < n - 1; j++)
                b[i * n + j] = 0.2 * (a[i * n + j] + a[i * n + j - 1] + a[i * n + j + 1] +
                                      a[(i - 1) * n + j] + a[(i + 1) * n + j]);
        for (int i = 1; i < n - 1; i++)
            for (int j = 1; j < n - 1; j++)
                a[i * n + j] = 0.2 * (b[i * n + j] + b[i * n + j - 1] + b[i * n + j + 1] +
                                      b[(i - 1) * n + j] + b[(i + 1) * n + j]);
    }
}
