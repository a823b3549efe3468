/* object.c - generic operations on values. */
#include <stdio.h>
#include <string.h>
#include "il.h"
#include "strbuf.h"

static const char *const typenames[] = {
  "nil", "boolean", "number", "string", "table", "function", "function"
};

const char *obj_typename(ValType t) {
  if ((unsigned)t < sizeof(typenames) / sizeof(typenames[0])) return typenames[t];
  return "?";
}

int obj_rawequal(Value a, Value b) {
  if (a.t != b.t) {
    return 0;
  }
  switch (a.t) {
    case T_NIL: return 1;
    case T_BOOL: return a.u.b == b.u.b;
    case T_NUM: return a.u.n == b.u.n;
    /* strings are interned: pointer equality */
    default: return a.u.gc == b.u.gc;
  }
}

String *obj_tostring(State *S, Value v) {
  char buf[64];
  switch (v.t) {
    case T_NIL: return str_cstr(S, "nil");
    case T_BOOL: return str_cstr(S, v.u.b ? "true" : "false");
    case T_NUM:
      num_format(v.u.n, buf, sizeof buf);
      return str_cstr(S, buf);
    case T_STR: return v.u.s;
    case T_TABLE: snprintf(buf, sizeof buf, "table: %p", (void *)v.u.h); break;
    case T_FUNC: snprintf(buf, sizeof buf, "function: %s", v.u.f->p->name ? v.u.f->p->name->data : "?"); break;
    case T_NATIVE: snprintf(buf, sizeof buf, "function: builtin %s", v.u.nf->name); break;
  }
  return str_cstr(S, buf);
}

int obj_tonumber(Value v, double *out) {
  if (v.t == T_NUM) {
    *out = v.u.n;
    return 1;
  }
  if (v.t == T_STR) return num_parse(v.u.s->data, v.u.s->len, out);
  return 0;
}
