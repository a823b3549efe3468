#include "kernels.h"

/* y = A x with A in compressed sparse row form. */
void spmv(int nrows, const int *restrict rowptr, const int *restrict col,
          const double *restrict val, const double *restrict x, double *restrict y)
{
    for (int i = 0; i < nrows; i++) {
        double sum = 0.0;
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
            sum += val[k] * x[col[k]];
        y[i] = sum;
    }
}
