/* cg-rand: the matrix generator and the solver. makea() draws the matrix
 * from randlc() (rand.c), a generator whose state it threads through every
 * call, so it stays serial. conj_grad() is the hot code: the CSR mat-vec
 * over rows rowstr[j] .. rowstr[j+1], the dot products and the vector
 * updates, all with loop bounds from the Params passed by value.
 *
 * dot() is order-independent: it scales the products to 64-bit fixed point
 * (the scale from the largest product) and adds integers, so any split of
 * the sum gives the same bits. Every other loop writes one element per
 * iteration. */
#include <math.h>
#include <stdlib.h>
#include "cg.h"

#define SEED 314159265.0
#define MULT 1220703125.0 /* 5^13 */

/* Builds the n x n matrix: p.nonzer random pairs (i, j) per row i, with
 * j = i + 1 .. i + p.band modulo n (j != i), value in (-1, 0), stored at
 * (i, j) and (j, i); duplicates are summed. The band makes the matrix a
 * ring of local couplings, with small eigenvalues (slow CG) like a mesh.
 * The diagonal is the sum of the magnitudes of its row plus
 * p.shift * (1 + a random number in (0, 1)), so the matrix is symmetric,
 * strictly diagonally dominant and positive definite. Columns are sorted
 * in each row. Returns the number of stored entries (at most
 * n * (2 * nonzer + 1)). rowstr has n + 1 entries. */
int makea(Params p, int *rowstr, int *colidx, double *a)
{
	int n = p.n, i, j, k, t, ntrip = 0;
	double seed = SEED;
	int *ti = malloc(sizeof(int) * (size_t)n * p.nonzer * 2);
	int *tj = malloc(sizeof(int) * (size_t)n * p.nonzer * 2);
	double *tv = malloc(sizeof(double) * (size_t)n * p.nonzer * 2);
	int *fill = malloc(sizeof(int) * (size_t)n);
	if (!ti || !tj || !tv || !fill)
		abort();

	for (i = 0; i < n; i++) {
		for (k = 0; k < p.nonzer; k++) {
			j = (i + 1 + (int)(randlc(&seed, MULT) * p.band)) % n;
			double v = -randlc(&seed, MULT);
			if (j == i)
				continue;
			ti[ntrip] = i, tj[ntrip] = j, tv[ntrip] = v, ntrip++;
			ti[ntrip] = j, tj[ntrip] = i, tv[ntrip] = v, ntrip++;
		}
	}

	/* Row counts (one slot for the diagonal), then the triplets in place. */
	for (i = 0; i <= n; i++)
		rowstr[i] = 0;
	for (t = 0; t < ntrip; t++)
		rowstr[ti[t] + 1]++;
	rowstr[0] = 0;
	for (i = 0; i < n; i++)
		rowstr[i + 1] += rowstr[i] + 1;
	for (i = 0; i < n; i++) {
		colidx[rowstr[i]] = i;
		a[rowstr[i]] = 0.0;
		fill[i] = rowstr[i] + 1;
	}
	for (t = 0; t < ntrip; t++) {
		colidx[fill[ti[t]]] = tj[t];
		a[fill[ti[t]]] = tv[t];
		fill[ti[t]]++;
	}

	/* Sort each row by column, merge duplicates, set the diagonal and
	 * pack the rows to the left. */
	int out = 0;
	for (i = 0; i < n; i++) {
		int lo = rowstr[i], hi = rowstr[i + 1];
		for (k = lo + 1; k < hi; k++) {
			int c = colidx[k];
			double v = a[k];
			int m = k - 1;
			while (m >= lo && colidx[m] > c) {
				colidx[m + 1] = colidx[m];
				a[m + 1] = a[m];
				m--;
			}
			colidx[m + 1] = c;
			a[m + 1] = v;
		}
		int start = out, diag = -1;
		double offsum = 0.0;
		for (k = lo; k < hi; k++) {
			if (out > start && colidx[out - 1] == colidx[k]) {
				a[out - 1] += a[k];
			} else {
				colidx[out] = colidx[k];
				a[out] = a[k];
				out++;
			}
		}
		for (k = start; k < out; k++) {
			if (colidx[k] == i)
				diag = k;
			else
				offsum += fabs(a[k]);
		}
		a[diag] = offsum + p.shift * (1.0 + randlc(&seed, MULT));
		rowstr[i] = start;
	}
	rowstr[n] = out;

	free(ti);
	free(tj);
	free(tv);
	free(fill);
	return out;
}

/* x . y, the same bits whatever order the products are added in. */
double dot(Params p, const double *x, const double *y)
{
	double big = 0.0;
	long long acc = 0;
	int j, e, sh, logn = 0;

	for (j = 0; j < p.n; j++) {
		double t = fabs(x[j] * y[j]);
		if (t > big)
			big = t;
	}
	if (big == 0.0)
		return 0.0;
	while ((1 << logn) < p.n)
		logn++;
	frexp(big, &e); /* big < 2^e */
	/* Every scaled product is below 2^(62 - logn), so n of them stay below
	 * 2^62. The scale stays finite: products below about 2^-1000 count as 0. */
	sh = 62 - logn - e;
	if (sh > 1000)
		sh = 1000;
	double scale = ldexp(1.0, sh);
	for (j = 0; j < p.n; j++)
		acc += (long long)(x[j] * y[j] * scale);
	return ldexp((double)acc, -sh);
}

/* p.cgit conjugate-gradient iterations on A z = x from z = 0 (d is the
 * search direction, q = A d, r the residual), fewer if the residual
 * becomes exactly zero. Returns ||x - A z||, recomputed from z. */
double conj_grad(Params p, const int *rowstr, const int *colidx, const double *a,
                 const double *x, double *z, double *d, double *q, double *r)
{
	int j, k, it;
	double rho, rho0, alpha, beta, sum;

	for (j = 0; j < p.n; j++) {
		q[j] = 0.0;
		z[j] = 0.0;
		r[j] = x[j];
		d[j] = x[j];
	}
	rho = dot(p, r, r);

	for (it = 0; it < p.cgit; it++) {
		if (rho == 0.0) /* solved exactly (only on tiny matrices) */
			break;
		for (j = 0; j < p.n; j++) {
			sum = 0.0;
			for (k = rowstr[j]; k < rowstr[j + 1]; k++)
				sum += a[k] * d[colidx[k]];
			q[j] = sum;
		}
		alpha = rho / dot(p, d, q);
		for (j = 0; j < p.n; j++) {
			z[j] += alpha * d[j];
			r[j] -= alpha * q[j];
		}
		rho0 = rho;
		rho = dot(p, r, r);
		beta = rho / rho0;
		for (j = 0; j < p.n; j++)
			d[j] = r[j] + beta * d[j];
	}

	/* The true residual r = x - A z. */
	for (j = 0; j < p.n; j++) {
		sum = 0.0;
		for (k = rowstr[j]; k < rowstr[j + 1]; k++)
			sum += a[k] * z[colidx[k]];
		r[j] = x[j] - sum;
	}
	return sqrt(dot(p, r, r));
}
