/* strbuf.h - growable byte buffers. */
#ifndef STRBUF_H
#define STRBUF_H
#include "il.h"

typedef struct StrBuf {
  State *S;
  char *data;
  size_t len;
  size_t cap;
} StrBuf;

void sb_init(StrBuf *b, State *S);
void sb_free(StrBuf *b);
void sb_addchar(StrBuf *b, char c);
void sb_addlstr(StrBuf *b, const char *s, size_t n);
void sb_addstr(StrBuf *b, const char *s);
void sb_addnum(StrBuf *b, double n);
void sb_addvalue(StrBuf *b, Value v);
String *sb_tostring(StrBuf *b);
void sb_reset(StrBuf *b);

#endif
