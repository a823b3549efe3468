/* strbuf.c - growable byte buffers used by concat, tostring and the libraries. */
#include <string.h>
#include "il.h"
#include "strbuf.h"

void sb_init(StrBuf *b, State *S) {
  b->S = S;
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void sb_free(StrBuf *b) {
  mem_free(b->S, b->data, b->cap);
  b->data = NULL;
  b->len = b->cap = 0;
}

static void sb_reserve(StrBuf *b, size_t extra) {
  if (b->len + extra <= b->cap) return;
  b->data = mem_grow(b->S, b->data, &b->cap, 1, b->len + extra);
}

void sb_addchar(StrBuf *b, char c) {
  sb_reserve(b, 1);
  b->data[b->len++] = c;
}

void sb_addlstr(StrBuf *b, const char *s, size_t n) {
  sb_reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
}

void sb_addstr(StrBuf *b, const char *s) {
  sb_addlstr(b, s, strlen(s));
}

void sb_addnum(StrBuf *b, double n) {
  char tmp[64];
  int k = num_format(n, tmp, sizeof tmp);
  sb_addlstr(b, tmp, (size_t)k);
}

void sb_addvalue(StrBuf *b, Value v) {
  if (v.t == T_STR) sb_addlstr(b, v.u.s->data, v.u.s->len);
  else if (v.t == T_NUM) sb_addnum(b, v.u.n);
  else {
    String *s = obj_tostring(b->S, v);
    sb_addlstr(b, s->data, s->len);
  }
}

String *sb_tostring(StrBuf *b) {
  return str_new(b->S, b->data ? b->data : "", b->len);
}

void sb_reset(StrBuf *b) {
  b->len = 0;
}
