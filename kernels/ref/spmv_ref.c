#include "../include/kernels.h"

void ref_spmv(int nrows, const int *rowptr, const int *col, const double *val,
              const double *x, double *y)
{
    for (int i = 0; i < nrows; i++) {
        double s = 0.0;
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
            s += val[k] * x[col[k]];
        y[i] = s;
    }
}
