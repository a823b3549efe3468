#include "../include/kernels.h"

/* i-k-j order: same products added in the same k order as i-j-k, but
 * streaming rows of B, so checking a big product stays cheap. */
void ref_matmul(int n, const double *A, const double *B, double *C)
{
    for (int i = 0; i < n * n; i++)
        C[i] = 0.0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            double a = A[i * n + k];
            for (int j = 0; j < n; j++)
                C[i * n + j] += a * B[k * n + j];
        }
}
