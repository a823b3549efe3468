/* Timing and allocation helpers shared by the corpus programs. They live in
 * their own translation unit (bench_support.c), as PolyBench's polybench.c
 * does, so every program is two objects linked together. */
#ifndef BENCH_SUPPORT_H
#define BENCH_SUPPORT_H

#include <stddef.h>

/* Zeroed, 64-byte aligned memory; exits with a message when there is none. */
void *bs_alloc(size_t size);
void bs_free(void *p);

/* Wall-clock timer around the kernel; the time goes to stderr as
 * "time=<seconds>s <name>", so stdout holds only the program's results. */
void bs_timer_start(void);
double bs_timer_stop_print(const char *name);

/* Relative difference |a-b| / max(|a|,|b|,1e-300). */
double bs_reldiff(double a, double b);

/* |a-b| <= rtol * max(|a|,|b|) + atol. */
int bs_close(double a, double b, double rtol, double atol);

/* Prints "check: ok" or "check: FAILED <what>" on stdout and returns the
 * process exit status to use (0 or 1). */
int bs_report_check(int ok, const char *what);

/* A weight the calls_out program's hot loop asks for: deliberately defined
 * here, in another translation unit than the loop that calls it. */
double bs_weight(int i);

#endif
