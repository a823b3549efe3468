/* Prototypes of the eleven kernels (kernels/src, compiled with $(CC)) and of
 * their plain references (kernels/ref, compiled with $(REFCC)). The kernels
 * are serial C as a user would write it; the references are written
 * differently where that gives an independent check (a recursive FFT, a
 * queue BFS, Dijkstra, push-style PageRank, i-k-j matmul). */
#ifndef KERNELS_H
#define KERNELS_H

void fft(int n, const double *restrict wre, const double *restrict wim,
         const double *restrict xre, const double *restrict xim,
         double *restrict re, double *restrict im);
void jacobi2d(int n, int steps, double *restrict a, double *restrict b);
void matmul(int n, const double *restrict A, const double *restrict B, double *restrict C);
void spmv(int nrows, const int *restrict rowptr, const int *restrict col,
          const double *restrict val, const double *restrict x, double *restrict y);
int bfs(int n, const int *restrict rowptr, const int *restrict adj, int source,
        int *restrict dist, char *restrict frontier, char *restrict next);
void pagerank(int n, const int *restrict inptr, const int *restrict insrc,
              const int *restrict outdeg, int iters, double damping,
              double *restrict rank, double *restrict contrib, double *restrict next);
int sssp(int n, const int *restrict inptr, const int *restrict insrc,
         const int *restrict weight, int source, long *restrict dist, long *restrict next);
void conv2d(int h, int w, int kh, int kw, const float *restrict in,
            const float *restrict k, float *restrict out);
void attention(int n, int d, const float *restrict Q, const float *restrict K,
               const float *restrict V, float *restrict S, float *restrict O);
void pool2d(int c, int h, int w, int k, const float *restrict in,
            float *restrict maxout, float *restrict avgout);
void nbody(int n, int steps, double dt, const double *restrict m,
           double *restrict x, double *restrict y, double *restrict z,
           double *restrict vx, double *restrict vy, double *restrict vz,
           double *restrict ax, double *restrict ay, double *restrict az);

void ref_fft(int n, double *re, double *im);
void ref_jacobi2d(int n, int steps, double *a, double *b);
void ref_matmul(int n, const double *A, const double *B, double *C);
void ref_spmv(int nrows, const int *rowptr, const int *col, const double *val,
              const double *x, double *y);
int ref_bfs(int n, const int *rowptr, const int *adj, int source, int *dist);
void ref_pagerank(int n, const int *outptr, const int *outdst, int iters,
                  double damping, double *rank);
void ref_sssp(int n, const int *outptr, const int *outdst, const int *weight,
              int source, long *dist);
void ref_conv2d(int h, int w, int kh, int kw, const float *in, const float *k, float *out);
void ref_attention(int n, int d, const float *Q, const float *K, const float *V, float *O);
void ref_pool2d(int c, int h, int w, int k, const float *in, float *maxout, float *avgout);
void ref_nbody(int n, int steps, double dt, const double *m, double *x, double *y,
               double *z, double *vx, double *vy, double *vz);

#endif
