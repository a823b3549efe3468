/* The harness' fixed C: included before the generated part (harness.ts),
 * after the unit under test. Read as text by harness.ts; never compiled on
 * its own. */
#undef main
# 1 "<slmcc harness>"
typedef __SIZE_TYPE__ __slmcc_size;
extern int __slmcc_printf(const char *, ...) __asm__("printf");
extern int __slmcc_fflush(void *) __asm__("fflush");
#if __SLMCC_TRACK_ALLOC
/* Linked with --wrap (harness.ts' allocationLinkFlags): the harness' own
   buffers come from the real calloc, the code under test's from the wrappers. */
extern void *__slmcc_calloc(__slmcc_size, __slmcc_size) __asm__("__real_calloc");
#else
extern void *__slmcc_calloc(__slmcc_size, __slmcc_size) __asm__("calloc");
#endif
extern long long __slmcc_strtoll(const char *, char **, int) __asm__("strtoll");
extern long __slmcc_read(int, void *, __slmcc_size) __asm__("read");
extern int __slmcc_close(int) __asm__("close");
extern void __slmcc_exit(int) __asm__("exit");
struct __slmcc_ts { long s, ns; };
extern int __slmcc_clock_gettime(int, struct __slmcc_ts *) __asm__("clock_gettime");
struct __slmcc_ru { long us, uus, ss, sus; long rest[14]; };
extern int __slmcc_getrusage(int, struct __slmcc_ru *) __asm__("getrusage");
static unsigned long long __slmcc_st = 88172645463325252ULL;
static unsigned long long __slmcc_next(void) { __slmcc_st ^= __slmcc_st << 13; __slmcc_st ^= __slmcc_st >> 7; __slmcc_st ^= __slmcc_st << 17; return __slmcc_st; }
static double __slmcc_unit(void) { return (double)(__slmcc_next() >> 11) * (1.0 / 9007199254740992.0); }
static int __slmcc_signed = 0;
/* The hostile sets (harness.ts' VALUE_CODES): which values, one integer
   argument on its own, a pointer passed as NULL, a pointer into a global. */
static int __slmcc_values = 0;
static long long __slmcc_vary_i = -1, __slmcc_vary_v = 0, __slmcc_null_i = -1, __slmcc_galias = -1, __slmcc_malias = -1;
static unsigned long long __slmcc_count = 0;
/* Outputs differ in the sign of a zero or of a NaN (printf shows -0 and -nan), unless -fno-signed-zeros. */
static int __slmcc_signs = 1;
/* The compared run at the probe's size: a repeat count stays small there, as in timing. */
static int __slmcc_big = 0;
/* Integer argument i: n, or unequal sizes (n, n-1, n-2, ... when distinct is 1; n-2, n-1, n, ... when 2), never past the fixed array types. */
static long long __slmcc_ival(int i, long long n, int distinct, long long cap) {
  long long v = distinct == 1 ? n - i % 3 : distinct == 2 ? n - 2 + i % 3 : n;
  if (i == __slmcc_vary_i) v = __slmcc_vary_v;
  if (v > cap) v = cap;
  return v < 0 ? 0 : v;
}
/* Built with __SLMCC_FIXED_N, every integer argument is that constant, as a
   program passes its macro sizes: the compiler then specialises the function
   on them, in that build as in the program (see verify's array-size probe). */
#ifdef __SLMCC_FIXED_N
#define __SLMCC_IVAL(i, n, distinct, cap) ((long long)((__SLMCC_FIXED_N) < (cap) ? (__SLMCC_FIXED_N) : (cap)))
#else
#define __SLMCC_IVAL(i, n, distinct, cap) __slmcc_ival(i, n, distinct, cap)
#endif
/* Element values: (0.5, 1.5) and [0, lim), or both signs with exact zeros,
   or one of the hostile classes. Every third value of the NaN and infinity
   sets is special, so that a buffer of a few elements holds each. */
static double __slmcc_fval(void) {
  static const double nans[] = { __builtin_nan(""), -0.0, 4.9406564584124654e-324, -2.2250738585072e-310, 1e-40 };
  static const double infs[] = { __builtin_inf(), -__builtin_inf(), -0.0, 4.9406564584124654e-324, -1e-40 };
  switch (__slmcc_values) {
  case 2: case 3: {
    unsigned long long k = __slmcc_count++;
    if (k % 3 == 1) return __slmcc_values == 2 ? nans[(k / 3) % 5] : infs[(k / 3) % 5];
    return 3.0 * __slmcc_unit() - 1.5;
  }
  case 5: return -0.5 - __slmcc_unit();
  case 6: return 1e8 + __slmcc_unit();
  /* Blocks of 8: +1e8, six small values, -1e8. Kahan's compensation keeps
     what the small values add to 1e8; a plain sum loses it, and the -1e8
     leaves only that. */
  case 7: { unsigned long long k = __slmcc_count++ % 8; return k == 0 ? 1e8 : k == 7 ? -1e8 : 1e-3 * __slmcc_unit(); }
  case 8: return __slmcc_next() % 16 == 0 ? 0.5 + __slmcc_unit() : 0.0;
  }
  if (!__slmcc_signed) return 0.5 + __slmcc_unit();
  unsigned long long r = __slmcc_next();
  return r % 11 == 0 ? 0.0 : 3.0 * __slmcc_unit() - 1.5;
}
static long long __slmcc_eval(long long lim) {
  if (lim <= 0) return 0;
  unsigned long long r = __slmcc_next();
  return __slmcc_signed ? (long long)(r % (2ULL * (unsigned long long)lim)) - lim : (long long)(r % (unsigned long long)lim);
}
/* Integer data (never an index or a size): the extremes of its type, all
   negative, or sparse; otherwise as __slmcc_eval. */
static long long __slmcc_deval(long long lim, int sgn, int bytes) {
  switch (__slmcc_values) {
  case 4: {
    unsigned long long k = __slmcc_count++;
    if (k % 3 != 1) break;
    long long mx = bytes >= 8 ? (sgn ? 0x7fffffffffffffffLL : -1LL) : sgn ? (1LL << (8 * bytes - 1)) - 1 : (1LL << (8 * bytes)) - 1;
    long long mn = sgn ? -mx - 1 : 0;
    int c = (int)((k / 3) % 4);
    return c == 0 ? mn : c == 1 ? mx : c == 2 ? mn + 1 : mx - 1;
  }
  case 5: if (sgn) return -1 - (long long)(__slmcc_next() % (unsigned long long)(lim > 0 ? lim : 1)); break;
  case 8: return __slmcc_next() % 16 == 0 ? 1 + __slmcc_eval(lim) : 0;
  }
  return __slmcc_eval(lim);
}
/* Buffer length at growth step g: exact n^d first, so that reading one past the end is caught by ASan. */
static __slmcc_size __slmcc_len(long long n, int degree, long long g) {
  long long b = g == 0 ? n : g == 1 ? n + 1 : n + 2;
  int deg = degree + (g >= 5 ? 1 : 0);
  __slmcc_size l = 1;
  for (int d = 0; d < deg; d++) l *= (__slmcc_size)b;
  if (g >= 2) l += 16;
  if (g == 3) l *= 8;
  if (g == 4) l *= 64;
  return l ? l : 1;
}
/* errno and the floating-point environment each call leaves, cleared before
   each call alike: errno, the rounding mode, and, where the program may read
   them (__SLMCC_COMPARE_FLAGS: FENV_ACCESS ON or strict exception flags),
   every exception flag but FE_INEXACT. Nearly every floating-point operation raises FE_INEXACT, and
   whether one reordered sum (or a vectorised remainder loop) happens to be
   exact is no meaning a program relies on; the others say that a value was
   invalid, divided by zero, overflowed or underflowed, which a program tests. */
extern int *__slmcc_errno_loc(void) __asm__("__errno_location");
extern int __slmcc_fegetround(void) __asm__("fegetround");
extern int __slmcc_fetestexcept(int) __asm__("fetestexcept");
extern int __slmcc_feclearexcept(int) __asm__("feclearexcept");
#if defined(__x86_64__) || defined(__i386__)
enum { __SLMCC_FE_INVALID = 0x01, __SLMCC_FE_DIVBYZERO = 0x04, __SLMCC_FE_OVERFLOW = 0x08, __SLMCC_FE_UNDERFLOW = 0x10, __SLMCC_FE_INEXACT = 0x20 };
#elif defined(__aarch64__)
enum { __SLMCC_FE_INVALID = 0x01, __SLMCC_FE_DIVBYZERO = 0x02, __SLMCC_FE_OVERFLOW = 0x04, __SLMCC_FE_UNDERFLOW = 0x08, __SLMCC_FE_INEXACT = 0x10 };
#else
enum { __SLMCC_FE_INVALID = 0, __SLMCC_FE_DIVBYZERO = 0, __SLMCC_FE_OVERFLOW = 0, __SLMCC_FE_UNDERFLOW = 0, __SLMCC_FE_INEXACT = 0 };
#endif
#if __SLMCC_COMPARE_FLAGS
#define __SLMCC_FE_COMPARED (__SLMCC_FE_INVALID | __SLMCC_FE_DIVBYZERO | __SLMCC_FE_OVERFLOW | __SLMCC_FE_UNDERFLOW)
#else
#define __SLMCC_FE_COMPARED 0
#endif
struct __slmcc_env { int err, round, flags; };
static void __slmcc_env_clear(void) { *__slmcc_errno_loc() = 0; __slmcc_feclearexcept(__SLMCC_FE_COMPARED | __SLMCC_FE_INEXACT); }
static struct __slmcc_env __slmcc_env_now(void) { struct __slmcc_env e; e.err = *__slmcc_errno_loc(); e.round = __slmcc_fegetround(); e.flags = __slmcc_fetestexcept(__SLMCC_FE_COMPARED); return e; }
static void __slmcc_flag_names(int f, char *out) {
  out[0] = 0;
  if (f & __SLMCC_FE_INVALID) __builtin_strcat(out, " FE_INVALID");
  if (f & __SLMCC_FE_DIVBYZERO) __builtin_strcat(out, " FE_DIVBYZERO");
  if (f & __SLMCC_FE_OVERFLOW) __builtin_strcat(out, " FE_OVERFLOW");
  if (f & __SLMCC_FE_UNDERFLOW) __builtin_strcat(out, " FE_UNDERFLOW");
  if (!out[0]) __builtin_strcat(out, " none");
}
/* 1 when equal; else prints the MISMATCH line (errno names are added by runs.ts). */
static int __slmcc_env_eq(struct __slmcc_env r, struct __slmcc_env c, const char *which) {
  if (r.err != c.err) { __slmcc_printf("MISMATCH errno after the %scall: %d from the original, %d from the candidate\n", which, r.err, c.err); return 0; }
  if (r.round != c.round) { __slmcc_printf("MISMATCH rounding mode after the %scall: %d from the original, %d from the candidate\n", which, r.round, c.round); return 0; }
  if (r.flags != c.flags) {
    char a[80], b[80];
    __slmcc_flag_names(r.flags, a); __slmcc_flag_names(c.flags, b);
    __slmcc_printf("MISMATCH floating-point exception flags after the %scall:%s from the original,%s from the candidate\n", which, a, b);
    return 0;
  }
  return 1;
}
extern void __slmcc_omp_set_num_threads(int) __asm__("omp_set_num_threads");
extern int __slmcc_open(const char *, int, ...) __asm__("open");
/* The calling thread's CPU time and its time spent runnable but waiting
   for a core (ns), as the scheduler accounts them: the wait is what other
   load did to this run, whoever caused it (verify/disturbance.ts). 0 where
   the kernel keeps no such accounting. The CPU comes from the thread's
   clock: schedstat's own lags a running thread by up to a tick. */
static int __slmcc_sched(long long *cpu, long long *wait) {
  char b[96]; int fd = __slmcc_open("/proc/thread-self/schedstat", 0);
  if (fd < 0) return 0;
  long k = __slmcc_read(fd, b, sizeof b - 1); __slmcc_close(fd);
  if (k <= 0) return 0;
  b[k] = 0; char *e = 0;
  __slmcc_strtoll(b, &e, 10); *wait = __slmcc_strtoll(e, 0, 10);
  struct __slmcc_ts t; if (__slmcc_clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, &t)) return 0;
  *cpu = t.s * 1000000000LL + t.ns;
  return 1;
}
#define __SLMCC_TEAM 64
extern void __slmcc_kmp_set_blocktime(int) __asm__("kmp_set_blocktime") __attribute__((weak));
extern int __slmcc_kmp_get_blocktime(void) __asm__("kmp_get_blocktime") __attribute__((weak));
#ifdef _OPENMP
extern int __slmcc_omp_tnum(void) __asm__("omp_get_thread_num");
extern int __slmcc_omp_tcount(void) __asm__("omp_get_num_threads");
#endif
/* Each thread of the team samples itself: in a parallel region when the
   variant is the candidate or Polly's build of the original (their threads
   are the ones timed), else only the calling thread (an original starts no
   team it did not ask for). */
static int __slmcc_sample_team(int which, long long *cpu, long long *wait) {
  int team = 1, ok = 1;
#ifdef _OPENMP
#ifdef __SLMCC_TEAM_BASELINE
  /* Polly's build may run no region at all: the sampling team's workers
     sleep at once, not spin beside its serial code for the block time. */
  int bt = -1;
  if (!which && __slmcc_kmp_get_blocktime && __slmcc_kmp_set_blocktime) { bt = __slmcc_kmp_get_blocktime(); __slmcc_kmp_set_blocktime(0); }
  which = 1;
#endif
  if (which) {
    #pragma omp parallel
    {
      int k = __slmcc_omp_tnum();
      if (k < __SLMCC_TEAM && !__slmcc_sched(&cpu[k], &wait[k])) ok = 0;
      if (k == 0) team = __slmcc_omp_tcount();
    }
#ifdef __SLMCC_TEAM_BASELINE
    if (bt >= 0) __slmcc_kmp_set_blocktime(bt);
#endif
    return ok ? (team < __SLMCC_TEAM ? team : __SLMCC_TEAM) : 0;
  }
#endif
  (void)which;
  return __slmcc_sched(&cpu[0], &wait[0]) ? team : 0;
}
static long long __slmcc_now(void) { struct __slmcc_ts t; __slmcc_clock_gettime(1, &t); return t.s * 1000000000LL + t.ns; }
static long long __slmcc_cpu(void) { struct __slmcc_ru u; __slmcc_getrusage(0, &u); return (u.us + u.ss) * 1000000LL + u.uus + u.sus; }
static double __slmcc_tol_f = 1e-4, __slmcc_tol_d = 1e-9;
/* The largest magnitude in the output being compared: a reordered sum whose
   terms cancel is exact only to the terms' scale, not to its own small value. */
static long double __slmcc_scale = 0;
static int __slmcc_feq(long double a, long double b, double tol) {
  /* NaN equals NaN at the same place, never a number; signs as printf shows them. */
  if (a != a || b != b) return a != a && b != b && (!__slmcc_signs || __builtin_signbit(a) == __builtin_signbit(b));
  if (a == b) return a != 0 || !__slmcc_signs || __builtin_signbit(a) == __builtin_signbit(b);
  if (__builtin_isinf(a) || __builtin_isinf(b)) return 0;
  long double d = a > b ? a - b : b - a, m = a < 0 ? -a : a, mb = b < 0 ? -b : b;
  if (mb > m) m = mb;
  if (__slmcc_scale > m) m = __slmcc_scale;
  return d <= tol * m;
}
#define __SLMCC_SCALE(x) do { long double __v = (long double)(x); if (__v < 0) __v = -__v; if (__v == __v && !__builtin_isinf(__v) && __v > __slmcc_scale) __slmcc_scale = __v; } while (0)
#define __SLMCC_VAL(E, lim) _Generic((E)0, float: (E)__slmcc_fval(), double: (E)__slmcc_fval(), long double: (E)__slmcc_fval(), default: (E)__slmcc_eval(lim))
#define __SLMCC_DVAL(E, lim) _Generic((E)0, float: (E)__slmcc_fval(), double: (E)__slmcc_fval(), long double: (E)__slmcc_fval(), _Bool: (E)__slmcc_eval(lim), default: (E)__slmcc_deval(lim, (E)-1 < 0, (int)sizeof(E)))
#define __SLMCC_SIGNED(x) _Generic((x), char: (char)-1 < 0, signed char: 1, short: 1, int: 1, long: 1, long long: 1, default: 0)
#define __SLMCC_EQ(E, a, b) _Generic((E)0, float: __slmcc_feq((a), (b), __slmcc_tol_f), double: __slmcc_feq((a), (b), __slmcc_tol_d), long double: __slmcc_feq((a), (b), __slmcc_tol_d), default: (__builtin_memcmp(&(a), &(b), sizeof(E)) == 0))
/* Element kinds of a global, found by the compiler so typedefs resolve:
   1-3 floating point, 4 integer, 0 anything else (a struct, a pointer, _Bool). */
#define __SLMCC_KIND(x) _Generic((x), float: 1, double: 2, long double: 3, char: 4, signed char: 4, unsigned char: 4, short: 4, unsigned short: 4, int: 4, unsigned int: 4, long: 4, unsigned long: 4, long long: 4, unsigned long long: 4, default: 0)
static void __slmcc_fill_elems(void *p, __slmcc_size count, __slmcc_size size, int kind, long long lim, int data, int sgn) {
  for (__slmcc_size k = 0; k < count; k++) {
    char *q = (char *)p + k * size;
    if (kind == 1) *(float *)q = (float)__slmcc_fval();
    else if (kind == 2) *(double *)q = __slmcc_fval();
    else if (kind == 3) *(long double *)q = __slmcc_fval();
    else if (kind == 4) { long long v = data ? __slmcc_deval(lim, sgn, (int)size) : __slmcc_eval(lim); __builtin_memcpy(q, &v, size < sizeof v ? size : sizeof v); }
  }
}
static long double __slmcc_elem(const char *q, int kind) { return kind == 1 ? *(const float *)q : kind == 2 ? *(const double *)q : *(const long double *)q; }
static int __slmcc_eq_elems(const void *ref, const void *cand, __slmcc_size count, __slmcc_size size, int kind, const char *name) {
  const char *a = (const char *)ref, *b = (const char *)cand;
  if (kind < 1 || kind > 3) {
    if (__builtin_memcmp(a, b, count * size) == 0) return 1;
    __slmcc_printf("MISMATCH %s\n", name);
    return 0;
  }
  double tol = kind == 1 ? __slmcc_tol_f : __slmcc_tol_d;
  __slmcc_scale = 0;
  for (__slmcc_size k = 0; k < count; k++) __SLMCC_SCALE(__slmcc_elem(a + k * size, kind));
  for (__slmcc_size k = 0; k < count; k++)
    if (!__slmcc_feq(__slmcc_elem(a + k * size, kind), __slmcc_elem(b + k * size, kind), tol)) {
      __slmcc_printf("MISMATCH %s (element %zu): reference %.17g, candidate %.17g\n", name, k, (double)__slmcc_elem(a + k * size, kind), (double)__slmcc_elem(b + k * size, kind));
      __slmcc_scale = 0;
      return 0;
    }
  __slmcc_scale = 0;
  return 1;
}

#if __SLMCC_TRACK_ALLOC
/* What the code under test allocates. A record's pointer member may leave
   the call pointing at memory the function allocated (`g->u = malloc(...)`):
   the harness finds that block here and compares its contents, its size and
   where in it the member points. Memory the harness gave is never really
   freed, so that it can still be compared; the code's own blocks are. */
extern void *__real_malloc(__slmcc_size);
extern void *__real_calloc(__slmcc_size, __slmcc_size);
extern void *__real_realloc(void *, __slmcc_size);
extern void __real_free(void *);
extern __slmcc_size __slmcc_usable(void *) __asm__("malloc_usable_size");
struct __slmcc_block { char *p; __slmcc_size n; };
#define __SLMCC_BLOCKS 16384
static struct __slmcc_block __slmcc_blocks[__SLMCC_BLOCKS];
static int __slmcc_nblocks = 0;
static volatile char __slmcc_block_lock = 0;
/* The candidate may allocate inside its parallel region. */
static void __slmcc_lock(void) { while (__atomic_test_and_set(&__slmcc_block_lock, __ATOMIC_ACQUIRE)) {} }
static void __slmcc_unlock(void) { __atomic_clear(&__slmcc_block_lock, __ATOMIC_RELEASE); }
static void __slmcc_track(void *p, __slmcc_size n) {
  if (!p) return;
  __slmcc_lock();
  /* Past the table a block stays unknown: a member left pointing at it is untracked. */
  if (__slmcc_nblocks < __SLMCC_BLOCKS) { __slmcc_blocks[__slmcc_nblocks].p = (char *)p; __slmcc_blocks[__slmcc_nblocks].n = n; __slmcc_nblocks++; }
  __slmcc_unlock();
}
/* The table's entry for a block starting at p, or -1; the caller holds the lock. */
static int __slmcc_block_index(const void *p) {
  for (int k = __slmcc_nblocks - 1; k >= 0; k--)
    if (__slmcc_blocks[k].p == (const char *)p) return k;
  return -1;
}
/* 1 when p was a block of the code's (and is no longer tracked). */
static int __slmcc_untrack(void *p) {
  __slmcc_lock();
  int k = __slmcc_block_index(p);
  if (k >= 0) __slmcc_blocks[k] = __slmcc_blocks[--__slmcc_nblocks];
  __slmcc_unlock();
  return k >= 0;
}
/* Uninitialised memory reads the same on both sides. */
void *__wrap_malloc(__slmcc_size n) { void *p = __real_malloc(n); if (p) __builtin_memset(p, 0xA5, n); __slmcc_track(p, n); return p; }
void *__wrap_calloc(__slmcc_size k, __slmcc_size n) { void *p = __real_calloc(k, n); __slmcc_track(p, k * n); return p; }
void __wrap_free(void *p) { if (p && __slmcc_untrack(p)) __real_free(p); }
void *__wrap_realloc(void *old, __slmcc_size n) {
  if (!old) return __wrap_malloc(n);
  __slmcc_lock();
  int at = __slmcc_block_index(old);
  __slmcc_size was = at >= 0 ? __slmcc_blocks[at].n : 0;
  __slmcc_unlock();
  int own = at >= 0;
  /* Not the code's own: the harness' buffer stays where the compare finds it. */
  if (!own) was = __slmcc_usable(old);
  void *p = __real_malloc(n ? n : 1);
  if (!p) return 0;
  __builtin_memcpy(p, old, was < n ? was : n);
  if (n > was) __builtin_memset((char *)p + was, 0xA5, n - was);
  if (own) { __slmcc_untrack(old); __real_free(old); }
  __slmcc_track(p, n);
  return p;
}
static int __slmcc_block_of(const void *q, char **base, __slmcc_size *n) {
  int found = 0;
  __slmcc_lock();
  for (int k = __slmcc_nblocks - 1; k >= 0; k--)
    if ((unsigned long)q - (unsigned long)__slmcc_blocks[k].p <= (unsigned long)__slmcc_blocks[k].n) { *base = __slmcc_blocks[k].p; *n = __slmcc_blocks[k].n; found = 1; break; }
  __slmcc_unlock();
  return found;
}
/* A member neither side points into a harness buffer with: both NULL, or
   the same place in blocks of one size, with equal contents. */
static int __slmcc_alloc_eq(const void *r, const void *c, __slmcc_size size, int kind, const char *name) {
  char *br = 0, *bc = 0;
  __slmcc_size nr = 0, nc = 0;
  if (!r || !c) {
    if (r == c) return 1;
    __slmcc_printf("MISMATCH where %s points: NULL on one side only\n", name);
    return 0;
  }
  if (!__slmcc_block_of(r, &br, &nr) || !__slmcc_block_of(c, &bc, &nc)) { __slmcc_printf("MISMATCH where %s points: memory neither the harness nor the function allocated\n", name); return 0; }
  if (nr != nc || (const char *)r - br != (const char *)c - bc) {
    __slmcc_printf("MISMATCH where %s points: the reference's block of %zu bytes at byte %ld, the candidate's of %zu at byte %ld\n", name, nr, (long)((const char *)r - br), nc, (long)((const char *)c - bc));
    return 0;
  }
  return __slmcc_eq_elems(br, bc, nr / size, size, kind, name);
}
#endif

#if __SLMCC_CAPTURE_OUTPUT
/* What the code under test writes to stdout and stderr goes to files of each
   side's own (memfds), compared byte for byte after the calls: a function
   that prints has its meaning there. */
extern int __slmcc_dup(int) __asm__("dup");
extern int __slmcc_dup2(int, int) __asm__("dup2");
extern int __slmcc_memfd(const char *, unsigned) __asm__("memfd_create");
extern long __slmcc_lseek(int, long, int) __asm__("lseek");
struct __slmcc_out { int fd[2], saved[2]; };
static void __slmcc_capture(struct __slmcc_out *o) {
  __slmcc_fflush(0);
  for (int k = 0; k < 2; k++) {
    o->fd[k] = __slmcc_memfd("slmcc-output", 0);
    if (o->fd[k] < 0) { __slmcc_printf("NOMEM\n"); __slmcc_exit(5); }
    o->saved[k] = __slmcc_dup(k + 1);
    __slmcc_dup2(o->fd[k], k + 1);
  }
}
static void __slmcc_release(struct __slmcc_out *o) {
  __slmcc_fflush(0);
  for (int k = 0; k < 2; k++)
    if (o->saved[k] >= 0) { __slmcc_dup2(o->saved[k], k + 1); __slmcc_close(o->saved[k]); o->saved[k] = -1; }
}
static int __slmcc_same_output(struct __slmcc_out *r, struct __slmcc_out *c) {
  static const char *const names[2] = { "stdout", "stderr" };
  for (int k = 0; k < 2; k++) {
    long nr = __slmcc_lseek(r->fd[k], 0, 2), nc = __slmcc_lseek(c->fd[k], 0, 2), at = 0;
    __slmcc_lseek(r->fd[k], 0, 0); __slmcc_lseek(c->fd[k], 0, 0);
    static char a[4096], b[4096];
    while (at < nr && at < nc) {
      long want = (nr < nc ? nr : nc) - at, ga, gb;
      if (want > 4096) want = 4096;
      ga = __slmcc_read(r->fd[k], a, (__slmcc_size)want); gb = __slmcc_read(c->fd[k], b, (__slmcc_size)want);
      if (ga != want || gb != want) { __slmcc_printf("NOMEM\n"); __slmcc_exit(5); }
      for (long q = 0; q < want; q++)
        if (a[q] != b[q]) { __slmcc_printf("MISMATCH what the function wrote to %s (byte %ld)\n", names[k], at + q); return 0; }
      at += want;
    }
    if (nr != nc) { __slmcc_printf("MISMATCH what the function wrote to %s: %ld bytes from the reference, %ld from the candidate\n", names[k], nr, nc); return 0; }
  }
  return 1;
}
#endif
