/* fft-planes: the hot code. Each pass walks the planes of the field along
 * its outer loop. For every line (or block of BLK lines) it copies the data
 * into a scratch buffer declared at the top of the function, in
 * bit-reversed order, runs radix-2 Cooley-Tukey butterflies on the buffer
 * and copies it back. Every outer iteration fills the buffer before it
 * reads it. */
#include "fft.h"

static int log2i(int n)
{
	int l = 0;
	while ((1 << l) < n)
		l++;
	return l;
}

/* i with its low `bits` bits reversed. */
static int bitrev(int i, int bits)
{
	int r = 0;
	for (int b = 0; b < bits; b++) {
		r = (r << 1) | (i & 1);
		i >>= 1;
	}
	return r;
}

/* In-place butterflies on one line a[0..n) that is already in bit-reversed
 * order. */
static void fft_line(int dir, int n, const dcomplex *w, dcomplex *a)
{
	for (int half = 1; half < n; half *= 2) {
		int stride = n / (2 * half);
		for (int start = 0; start < n; start += 2 * half) {
			for (int k = 0; k < half; k++) {
				double wr = w[k * stride].real;
				double wi = dir * w[k * stride].imag;
				dcomplex *p = &a[start + k], *q = &a[start + k + half];
				double tr = wr * q->real - wi * q->imag;
				double ti = wr * q->imag + wi * q->real;
				q->real = p->real - tr;
				q->imag = p->imag - ti;
				p->real += tr;
				p->imag += ti;
			}
		}
	}
}

/* The same butterflies on BLK lines at once: a[i][b] is point i of line b. */
static void fft_block(int dir, int n, const dcomplex *w, dcomplex (*a)[BLK])
{
	for (int half = 1; half < n; half *= 2) {
		int stride = n / (2 * half);
		for (int start = 0; start < n; start += 2 * half) {
			for (int k = 0; k < half; k++) {
				double wr = w[k * stride].real;
				double wi = dir * w[k * stride].imag;
				dcomplex *p = a[start + k], *q = a[start + k + half];
				for (int b = 0; b < BLK; b++) {
					double tr = wr * q[b].real - wi * q[b].imag;
					double ti = wr * q[b].imag + wi * q[b].real;
					q[b].real = p[b].real - tr;
					q[b].imag = p[b].imag - ti;
					p[b].real += tr;
					p[b].imag += ti;
				}
			}
		}
	}
}

/* Transform along i1 (contiguous): one line at a time through `line`. */
void cffts1(int dir, int n1, int n2, int n3, dcomplex x[n3][n2][n1], const dcomplex *w)
{
	dcomplex line[MAXN];
	int logn = log2i(n1);
	int i1, i2, i3;

	for (i3 = 0; i3 < n3; i3++) {
		for (i2 = 0; i2 < n2; i2++) {
			for (i1 = 0; i1 < n1; i1++)
				line[bitrev(i1, logn)] = x[i3][i2][i1];
			fft_line(dir, n1, w, line);
			for (i1 = 0; i1 < n1; i1++)
				x[i3][i2][i1] = line[i1];
		}
	}
}

/* Transform along i2, plane i3 by plane i3, BLK columns at a time through
 * `buf`. */
void cffts2(int dir, int n1, int n2, int n3, dcomplex x[n3][n2][n1], const dcomplex *w)
{
	dcomplex buf[MAXN][BLK];
	int logn = log2i(n2);
	int b, i1, i2, i3, r;

	for (i3 = 0; i3 < n3; i3++) {
		for (i1 = 0; i1 < n1; i1 += BLK) {
			for (i2 = 0; i2 < n2; i2++) {
				r = bitrev(i2, logn);
				for (b = 0; b < BLK; b++)
					buf[r][b] = x[i3][i2][(i1 + b) % n1];
			}
			fft_block(dir, n2, w, buf);
			for (i2 = 0; i2 < n2; i2++)
				for (b = 0; b < BLK && i1 + b < n1; b++)
					x[i3][i2][i1 + b] = buf[i2][b];
		}
	}
}

/* Transform along i3, plane i2 by plane i2, BLK columns at a time through
 * `buf`. */
void cffts3(int dir, int n1, int n2, int n3, dcomplex x[n3][n2][n1], const dcomplex *w)
{
	dcomplex buf[MAXN][BLK];
	int logn = log2i(n3);
	int b, i1, i2, i3, r;

	for (i2 = 0; i2 < n2; i2++) {
		for (i1 = 0; i1 < n1; i1 += BLK) {
			for (i3 = 0; i3 < n3; i3++) {
				r = bitrev(i3, logn);
				for (b = 0; b < BLK; b++)
					buf[r][b] = x[i3][i2][(i1 + b) % n1];
			}
			fft_block(dir, n3, w, buf);
			for (i3 = 0; i3 < n3; i3++)
				for (b = 0; b < BLK && i1 + b < n1; b++)
					x[i3][i2][i1 + b] = buf[i3][b];
		}
	}
}

/* One time step in Fourier space: u0 *= e3[i3] e2[i2] e1[i1] (the decay
 * of each wave number over one step), and u1 = the new u0, which the
 * caller then transforms back. */
void evolve(int n1, int n2, int n3, dcomplex u0[n3][n2][n1], dcomplex u1[n3][n2][n1],
            const double *e1, const double *e2, const double *e3)
{
	int i1, i2, i3;

	for (i3 = 0; i3 < n3; i3++) {
		for (i2 = 0; i2 < n2; i2++) {
			double f23 = e3[i3] * e2[i2];
			for (i1 = 0; i1 < n1; i1++) {
				double f = f23 * e1[i1];
				u0[i3][i2][i1].real *= f;
				u0[i3][i2][i1].imag *= f;
				u1[i3][i2][i1] = u0[i3][i2][i1];
			}
		}
	}
}
