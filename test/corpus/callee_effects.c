/* Loops that call helpers defined in this file: the builtin provider's
 * effect summaries decide which may run in parallel. The kernel_ok_*
 * functions are parallel (their helpers write only the iteration's own
 * storage, or elements the dependence test separates); the kernel_no_*
 * functions are not, each for one reason. main runs them all and prints a
 * checksum of each, so a rewrite must print the same. */
#include <stdint.h>
#include <stdio.h>

#define N 4000
#define M 48

typedef struct {
	double x, y, m;
} Body;

typedef struct {
	double ax, ay;
} Pull;

/* ---- helpers ---- */

static double lcg_step(uint64_t *seed)
{
	*seed = (2806196910506780709ULL * *seed + 1ULL) % 9223372036854775808ULL;
	return (double)*seed / 9223372036854775808.0;
}

static int pick(uint64_t *seed)
{
	double r = lcg_step(seed);
	return r < 0.25 ? 0 : r < 0.5 ? 1 : r < 0.75 ? 2 : 3;
}

/* The last index whose value is at or below q. */
static long find(const double *grid, long n, double q)
{
	long lo = 0, hi = n - 1;
	while (hi - lo > 1) {
		long mid = lo + (hi - lo) / 2;
		if (grid[mid] > q)
			hi = mid;
		else
			lo = mid;
	}
	return lo;
}

static void calc_xs(double e, double *xs)
{
	for (int k = 0; k < 5; k++)
		xs[k] = e * (k + 1) + 0.5 * k;
}

static void pull_of(const Body *a, const Body *b, Pull *out)
{
	double dx = b->x - a->x;
	double dy = b->y - a->y;
	double r2 = dx * dx + dy * dy + 0.01;
	out->ax += b->m * dx / r2;
	out->ay += b->m * dy / r2;
}

static void scale_into(double *out, double v)
{
	*out = 3.0 * v + 1.0;
}

static void add_to(double *acc, double v)
{
	*acc += v;
}

static double get(const int *k)
{
	return (double)*k;
}

static const double weights[4] = {0.5, 1.5, 2.5, 3.5};

static double weigh(int c)
{
	return weights[c];
}

int ncalls;

static double bump(double v)
{
	ncalls++;
	return v * 2.0;
}

static void store_first(double *out, double v)
{
	out[0] = v;
}

static long fib(int n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static double logv(double v)
{
	if (v < 0)
		printf("negative %g\n", v);
	return v;
}

static double sum_all(const double *y, int n)
{
	double s = 0;
	for (int k = 0; k < n; k++)
		s += y[k];
	return s;
}

static void set_pair(double *p, double v)
{
	p[0] = v;
	p[1] = v + 1.0;
}

/* ---- parallel ---- */

/* A random-number step on a seed declared in the body. */
void kernel_ok_lcg(int n, double *restrict out)
{
	int i;
	for (i = 0; i < n; i++) {
		uint64_t seed = 1070ULL + (uint64_t)i;
		double r = lcg_step(&seed);
		out[i] = r + lcg_step(&seed);
	}
}

/* A binary search over a read-only grid. */
void kernel_ok_search(int n, long m, const double *restrict grid, const double *restrict q, long *restrict idx)
{
	int i;
	for (i = 0; i < n; i++)
		idx[i] = find(grid, m, q[i]);
}

/* A lookup that fills an array declared in the body. */
void kernel_ok_fill(int n, const double *restrict e, double *restrict out)
{
	int i;
	for (i = 0; i < n; i++) {
		double xs[5];
		calc_xs(e[i], xs);
		double s = 0;
		for (int k = 0; k < 5; k++)
			s += xs[k];
		out[i] = s;
	}
}

/* A helper writing through a pointer to a struct declared in the body. */
void kernel_ok_pairs(int n, const Body *restrict p, Pull *restrict acc)
{
	int i, j;
	for (i = 0; i < n; i++) {
		Pull a = {0.0, 0.0};
		for (j = 0; j < n; j++)
			if (j != i)
				pull_of(&p[i], &p[j], &a);
		acc[i] = a;
	}
}

/* A helper writing acc[i] through &acc[i]. */
void kernel_ok_element(int n, const double *restrict x, double *restrict acc)
{
	int i;
	for (i = 0; i < n; i++)
		scale_into(&acc[i], x[i]);
}

/* A reduction next to calls on a local seed. */
unsigned long long kernel_ok_reduction(int n)
{
	unsigned long long verification = 0;
	int i;
	for (i = 0; i < n; i++) {
		uint64_t seed = 42ULL + (uint64_t)i * 7ULL;
		int c = pick(&seed);
		verification += c + 1;
	}
	return verification;
}

/* An outer scalar set first in every iteration, then passed by address: private. */
void kernel_ok_private_addr(int n, const double *restrict x, double *restrict y)
{
	int i;
	double t;
	for (i = 0; i < n; i++) {
		t = 1.0;
		add_to(&t, x[i]);
		y[i] = t;
	}
}

/* A scalar only read through its address, and a helper reading a const global table. */
void kernel_ok_readonly(int n, const double *restrict x, double *restrict y)
{
	int i;
	int k = 3;
	for (i = 0; i < n; i++)
		y[i] = get(&k) * x[i] + weigh(i % 4);
}

/* ---- refused ---- */

/* The helper writes a global. */
void kernel_no_global(int n, const double *restrict x, double *restrict y)
{
	int i;
	for (i = 0; i < n; i++)
		y[i] = bump(x[i]);
}

/* The helper writes through a pointer to storage all iterations share. */
double kernel_no_shared(int n, const double *restrict x)
{
	double total = 0;
	int i;
	for (i = 0; i < n; i++)
		add_to(&total, x[i]);
	return total;
}

/* The helper writes out[0] of a shared array. */
void kernel_no_first(int n, const double *restrict x, double *restrict out)
{
	int i;
	for (i = 0; i < n; i++)
		store_first(out, x[i]);
}

/* The helper is recursive. */
void kernel_no_recursive(int n, long *restrict y)
{
	int i;
	for (i = 0; i < n; i++)
		y[i] = fib(i % 12);
}

/* The helper calls printf. */
void kernel_no_io(int n, const double *restrict x, double *restrict y)
{
	int i;
	for (i = 0; i < n; i++)
		y[i] = logv(x[i]);
}

/* Every i adds into acc[j]: all iterations write every element. */
void kernel_no_neighbour(int n, const Body *restrict p, Pull *restrict acc)
{
	int i, j;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (j != i)
				pull_of(&p[i], &p[j], &acc[j]);
}

/* The helper reads all of y, which the loop writes. */
void kernel_no_reads_written(int n, double *restrict y)
{
	int i;
	for (i = 0; i < n; i++)
		y[i] = sum_all(y, n) * 1e-6;
}

/* The helper writes p[1] too: a[i + 1], which the next iteration writes. */
void kernel_no_overrun(int n, double *restrict a)
{
	int i;
	for (i = 0; i < n; i++)
		set_pair(&a[i], (double)i);
}

/* ---- driver ---- */

static double grid[N], q[N], e[N], x[N], y[N], out[N + 1], acc1[N];
static long idx[N], fibs[N];
static Body bodies[M];
static Pull pulls[M], pulls2[M];

static double sum(const double *v, int n)
{
	double s = 0;
	for (int k = 0; k < n; k++)
		s += v[k];
	return s;
}

int main(void)
{
	for (int k = 0; k < N; k++) {
		grid[k] = k * 0.5;
		q[k] = (k * 37 % N) * 0.5 + 0.25;
		e[k] = k * 0.001;
		x[k] = (k % 17) - 3.0;
	}
	for (int k = 0; k < M; k++) {
		bodies[k].x = k % 7;
		bodies[k].y = k % 5 + 0.5 * k;
		bodies[k].m = 1.0 + k % 3;
	}

	kernel_ok_lcg(N, out);
	printf("lcg %.12g\n", sum(out, N));
	kernel_ok_search(N, N, grid, q, idx);
	long si = 0;
	for (int k = 0; k < N; k++)
		si += idx[k] * (k % 3);
	printf("search %ld\n", si);
	kernel_ok_fill(N, e, out);
	printf("fill %.12g\n", sum(out, N));
	kernel_ok_pairs(M, bodies, pulls);
	double sp = 0;
	for (int k = 0; k < M; k++)
		sp += pulls[k].ax * (k + 1) + pulls[k].ay;
	printf("pairs %.12g\n", sp);
	kernel_ok_element(N, x, acc1);
	printf("element %.12g\n", sum(acc1, N));
	printf("reduction %llu\n", kernel_ok_reduction(N));
	kernel_ok_private_addr(N, x, y);
	printf("private_addr %.12g\n", sum(y, N));
	kernel_ok_readonly(N, x, y);
	printf("readonly %.12g\n", sum(y, N));

	kernel_no_global(N, x, y);
	printf("global %.12g %d\n", sum(y, N), ncalls);
	printf("shared %.12g\n", kernel_no_shared(N, x));
	kernel_no_first(N, x, out);
	printf("first %.12g\n", out[0]);
	kernel_no_recursive(N, fibs);
	printf("recursive %ld\n", fibs[N - 1]);
	kernel_no_io(N, x, y);
	printf("io %.12g\n", sum(y, N));
	kernel_no_neighbour(M, bodies, pulls2);
	printf("neighbour %.12g\n", pulls2[3].ax);
	for (int k = 0; k < 64; k++)
		y[k] = k;
	kernel_no_reads_written(64, y);
	printf("reads_written %.12g\n", sum(y, 64));
	kernel_no_overrun(N, out);
	printf("overrun %.12g\n", sum(out, N + 1));
	return 0;
}
