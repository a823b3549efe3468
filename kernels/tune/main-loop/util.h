/* main-loop: helpers in their own translation unit. */
#ifndef UTIL_H
#define UTIL_H

#ifndef DEFAULT_W
#define DEFAULT_W 2048
#endif
#ifndef DEFAULT_H
#define DEFAULT_H 1536
#endif
#ifndef DEFAULT_PASSES
#define DEFAULT_PASSES 60
#endif

/* A private 64-bit LCG (not libc rand()): the next 32 random bits. */
unsigned int lcg_next(unsigned long long *state);
/* v limited to [lo, hi]. */
int clamp_int(int v, int lo, int hi);
/* argv[i] as a positive int, or def when absent; -1 when malformed. */
int arg_int(int argc, char **argv, int i, int def);

#endif
