/* number.c - converting numbers to and from text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "il.h"
#include "lex.h"

int num_isint(double n) {
  return n == floor(n) && fabs(n) < 9.007199254740992e15;
}

int num_format(double n, char *buf, size_t size) {
  if (isnan(n)) return snprintf(buf, size, "%s", "nan");
  if (isinf(n)) return snprintf(buf, size, "%s", n > 0 ? "inf" : "-inf");
  if (num_isint(n)) return snprintf(buf, size, "%.0f", n);
  return snprintf(buf, size, "%.14g", n);
}

static int parse_hex(const char *s, size_t len, double *out) {
  double v = 0;
  size_t i;
  if (len == 0) return 0;
  for (i = 0; i < len; i++) {
    int d = lc_hexval((unsigned char)s[i]);
    if (d < 0) return 0;
    v = v * 16 + d;
  }
  *out = v;
  return 1;
}

int num_parse(const char *s, size_t len, double *out) {
  char buf[128];
  char *end;
  size_t a = 0, b = len;
  int neg = 0;
  while (a < b && lc_isspace((unsigned char)s[a])) a++;
  while (b > a && lc_isspace((unsigned char)s[b - 1])) b--;
  if (a == b || b - a >= sizeof buf) return 0;
  if (s[a] == '-') {
    neg = 1;
    a++;
  }
  if (b - a > 2 && s[a] == '0' && (s[a + 1] == 'x' || s[a + 1] == 'X')) {
    if (!parse_hex(s + a + 2, b - a - 2, out)) return 0;
    if (neg) *out = -*out;
    return 1;
  }
  memcpy(buf, s + a, b - a);
  buf[b - a] = '\0';
  *out = strtod(buf, &end);
  if (end == buf || *end != '\0') return 0;
  if (neg) *out = -*out;
  return 1;
}
