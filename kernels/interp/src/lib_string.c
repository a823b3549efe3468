/* lib_string.c - string functions: len, sub, upper, lower, rep, byte, char, find, format, split. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "auxlib.h"
#include "strbuf.h"

static long posrelat(long pos, size_t len) {
  if (pos >= 0) return pos;
  if ((size_t)-pos > len) return 0;
  return (long)len + pos + 1;
}

static Value s_len(State *S, int nargs, Value *args) {
  return v_num((double)aux_checkstr(S, "len", args, nargs, 0)->len);
}

static Value s_sub(State *S, int nargs, Value *args) {
  String *s = aux_checkstr(S, "sub", args, nargs, 0);
  long i = posrelat((long)aux_optnum(S, "sub", args, nargs, 1, 1), s->len);
  long j = posrelat((long)aux_optnum(S, "sub", args, nargs, 2, -1), s->len);
  if (i < 1) i = 1;
  if (j > (long)s->len) j = (long)s->len;
  if (i > j) return v_str(str_new(S, "", 0));
  return v_str(str_new(S, s->data + i - 1, (size_t)(j - i + 1)));
}

static void map_case(char *dst, const char *src, size_t n, int upper) {
  size_t i;
  for (i = 0; i < n; i++) dst[i] = (char)(upper ? toupper((unsigned char)src[i]) : tolower((unsigned char)src[i]));
}

static Value s_case(State *S, int nargs, Value *args, int upper) {
  String *s = aux_checkstr(S, upper ? "upper" : "lower", args, nargs, 0);
  StrBuf b;
  String *r;
  sb_init(&b, S);
  sb_addlstr(&b, s->data, s->len);
  map_case(b.data, s->data, s->len, upper);
  r = sb_tostring(&b);
  sb_free(&b);
  return v_str(r);
}

static Value s_upper(State *S, int nargs, Value *args) { return s_case(S, nargs, args, 1); }
static Value s_lower(State *S, int nargs, Value *args) { return s_case(S, nargs, args, 0); }

static Value s_rep(State *S, int nargs, Value *args) {
  String *s = aux_checkstr(S, "rep", args, nargs, 0);
  long n = aux_checkint(S, "rep", args, nargs, 1), i;
  StrBuf b;
  String *r;
  sb_init(&b, S);
  for (i = 0; i < n; i++) sb_addlstr(&b, s->data, s->len);
  r = sb_tostring(&b);
  sb_free(&b);
  return v_str(r);
}

static Value s_byte(State *S, int nargs, Value *args) {
  String *s = aux_checkstr(S, "byte", args, nargs, 0);
  long i = posrelat((long)aux_optnum(S, "byte", args, nargs, 1, 1), s->len);
  if (i < 1 || (size_t)i > s->len) return v_nil();
  return v_num((unsigned char)s->data[i - 1]);
}

static Value s_char(State *S, int nargs, Value *args) {
  StrBuf b;
  String *r;
  int i;
  sb_init(&b, S);
  for (i = 0; i < nargs; i++) {
    long c = aux_checkint(S, "char", args, nargs, i);
    if (c < 0 || c > 255) {
      sb_free(&b);
      aux_error(S, "bad argument #%d to 'char' (value out of range)", i + 1);
    }
    sb_addchar(&b, (char)c);
  }
  r = sb_tostring(&b);
  sb_free(&b);
  return v_str(r);
}

/* Plain substring search; returns the 1-based start or nil. */
static long find_plain(const char *s, size_t ls, const char *p, size_t lp, size_t init) {
  size_t i;
  if (lp == 0) return (long)init + 1;
  if (lp > ls) return -1;
  for (i = init; i + lp <= ls; i++) {
    if (s[i] == p[0] && memcmp(s + i, p, lp) == 0) return (long)i + 1;
  }
  return -1;
}

static Value s_find(State *S, int nargs, Value *args) {
  String *s = aux_checkstr(S, "find", args, nargs, 0);
  String *p = aux_checkstr(S, "find", args, nargs, 1);
  long init = posrelat((long)aux_optnum(S, "find", args, nargs, 2, 1), s->len);
  long r;
  if (init < 1) init = 1;
  if ((size_t)init > s->len + 1) return v_nil();
  r = find_plain(s->data, s->len, p->data, p->len, (size_t)init - 1);
  return r < 0 ? v_nil() : v_num((double)r);
}

static Value s_reverse(State *S, int nargs, Value *args) {
  String *s = aux_checkstr(S, "reverse", args, nargs, 0);
  StrBuf b;
  String *r;
  size_t i;
  sb_init(&b, S);
  for (i = s->len; i > 0; i--) sb_addchar(&b, s->data[i - 1]);
  r = sb_tostring(&b);
  sb_free(&b);
  return v_str(r);
}

static Value s_split(State *S, int nargs, Value *args) {
  String *s = aux_checkstr(S, "split", args, nargs, 0);
  String *sep = aux_checkstr(S, "split", args, nargs, 1);
  Table *t = table_new(S, 4, 0);
  size_t start = 0;
  if (sep->len == 0) aux_error(S, "bad argument #2 to 'split' (empty separator)");
  for (;;) {
    long at = find_plain(s->data, s->len, sep->data, sep->len, start);
    size_t end = at < 0 ? s->len : (size_t)at - 1;
    tarr_append(S, t, v_str(str_new(S, s->data + start, end - start)));
    if (at < 0) break;
    start = end + sep->len;
  }
  return v_table(t);
}

/* format: %d %s %g %f with optional width/precision, %% */
static Value s_format(State *S, int nargs, Value *args) {
  String *fmt = aux_checkstr(S, "format", args, nargs, 0);
  StrBuf b;
  String *r;
  int arg = 1;
  size_t i;
  sb_init(&b, S);
  for (i = 0; i < fmt->len; i++) {
    char spec[32], out[512];
    size_t j = 0;
    if (fmt->data[i] != '%') {
      sb_addchar(&b, fmt->data[i]);
      continue;
    }
    if (i + 1 < fmt->len && fmt->data[i + 1] == '%') {
      sb_addchar(&b, '%');
      i++;
      continue;
    }
    spec[j++] = '%';
    i++;
    while (i < fmt->len && j < sizeof spec - 3 && strchr("-+ #0123456789.", fmt->data[i])) spec[j++] = fmt->data[i++];
    if (i >= fmt->len) aux_error(S, "invalid format string to 'format'");
    switch (fmt->data[i]) {
      case 'd':
        spec[j++] = 'l';
        spec[j++] = 'd';
        spec[j] = '\0';
        snprintf(out, sizeof out, spec, (long)aux_checknum(S, "format", args, nargs, arg++));
        break;
      case 'g': case 'f': case 'e': case 'x':
        if (fmt->data[i] == 'x') {
          spec[j++] = 'l';
          spec[j++] = 'x';
          spec[j] = '\0';
          snprintf(out, sizeof out, spec, (long)aux_checknum(S, "format", args, nargs, arg++));
        } else {
          spec[j++] = fmt->data[i];
          spec[j] = '\0';
          snprintf(out, sizeof out, spec, aux_checknum(S, "format", args, nargs, arg++));
        }
        break;
      case 's': {
        String *a = arg < nargs ? obj_tostring(S, args[arg]) : NULL;
        if (!a) aux_error(S, "bad argument #%d to 'format' (no value)", arg + 1);
        arg++;
        spec[j++] = 's';
        spec[j] = '\0';
        snprintf(out, sizeof out, spec, a->data);
        break;
      }
      default: aux_error(S, "invalid conversion '%%%c' to 'format'", fmt->data[i]);
    }
    sb_addstr(&b, out);
  }
  r = sb_tostring(&b);
  sb_free(&b);
  return v_str(r);
}

void lib_string_open(State *S) {
  Table *lib = aux_newlib(S, "string");
  aux_register(S, lib, "len", s_len);
  aux_register(S, lib, "sub", s_sub);
  aux_register(S, lib, "upper", s_upper);
  aux_register(S, lib, "lower", s_lower);
  aux_register(S, lib, "rep", s_rep);
  aux_register(S, lib, "byte", s_byte);
  aux_register(S, lib, "char", s_char);
  aux_register(S, lib, "find", s_find);
  aux_register(S, lib, "reverse", s_reverse);
  aux_register(S, lib, "split", s_split);
  aux_register(S, lib, "format", s_format);
}
