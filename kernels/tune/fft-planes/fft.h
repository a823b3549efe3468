/* fft-planes: a 3-D FFT of a complex field, spectral decay steps and
 * inverse transforms (an NPB FT-style shape). Shared declarations. */
#ifndef FFT_H
#define FFT_H

#ifndef DEFAULT_N1
#define DEFAULT_N1 256
#endif
#ifndef DEFAULT_N2
#define DEFAULT_N2 128
#endif
#ifndef DEFAULT_N3
#define DEFAULT_N3 128
#endif
#ifndef DEFAULT_ITERS
#define DEFAULT_ITERS 22
#endif
/* Longest transform, and how many lines the i2 and i3 passes carry at once. */
#define MAXN 512
#define BLK 8
/* Decay rate of the evolve step. */
#define ALPHA 1.0e-6

typedef struct {
	double real, imag;
} dcomplex;

/* fft.c: the hot passes. dir = 1 forward (exp(-i...)), -1 inverse (not
 * normalised). w holds exp(-2 pi i k / n) for k < n/2 for that axis. */
void cffts1(int dir, int n1, int n2, int n3, dcomplex x[n3][n2][n1], const dcomplex *w);
void cffts2(int dir, int n1, int n2, int n3, dcomplex x[n3][n2][n1], const dcomplex *w);
void cffts3(int dir, int n1, int n2, int n3, dcomplex x[n3][n2][n1], const dcomplex *w);
void evolve(int n1, int n2, int n3, dcomplex u0[n3][n2][n1], dcomplex u1[n3][n2][n1],
            const double *e1, const double *e2, const double *e3);

/* setup.c */
void twiddles(int n, dcomplex *w);
void decay_factors(int n, double *e);
void init_field(int n1, int n2, int n3, dcomplex u[n3][n2][n1]);
dcomplex checksum(int n1, int n2, int n3, dcomplex u[n3][n2][n1]);

#endif
