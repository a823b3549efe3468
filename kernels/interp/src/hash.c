/* hash.c - hash functions for strings, numbers and values. */
#include <string.h>
#include "il.h"

/* Hash a byte string. Long strings are sampled, as Lua does. */
unsigned hash_bytes(const char *s, size_t len, unsigned seed) {
  unsigned h = seed ^ (unsigned)len;
  size_t step = (len >> 5) + 1;
  size_t i;
  for (i = len; i >= step; i -= step) h ^= ((h << 5) + (h >> 2) + (unsigned char)s[i - 1]);
  return h;
}

unsigned hash_num(double n) {
  unsigned w[2];
  long long i = (long long)n;
  if ((double)i == n) {
    w[0] = (unsigned)i;
    w[1] = (unsigned)(i >> 32);
  } else {
    memcpy(w, &n, sizeof w);
  }
  return hash_mix(w, 2);
}

/* Mix an array of words (a finaliser in the style of murmur). */
unsigned hash_mix(const unsigned *words, int n) {
  unsigned h = 0x9747b28cu;
  int i;
  for (i = 0; i < n; i++) {
    unsigned k = words[i] * 0xcc9e2d51u;
    k = (k << 15) | (k >> 17);
    h ^= k * 0x1b873593u;
    h = ((h << 13) | (h >> 19)) * 5 + 0xe6546b64u;
  }
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  return h;
}

unsigned hash_value(Value v) {
  switch (v.t) {
    case T_NUM: return hash_num(v.u.n);
    case T_BOOL: return v.u.b ? 1u : 2u;
    case T_STR: return v.u.s->hash;
    default: {
      unsigned w[2];
      uintptr_t p = (uintptr_t)v.u.gc;
      w[0] = (unsigned)p;
      w[1] = (unsigned)(p >> 32);
      return hash_mix(w, 2);
    }
  }
}
