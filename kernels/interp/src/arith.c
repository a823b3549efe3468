/* arith.c - the slow paths of arithmetic, comparison, length and concatenation. */
#include <math.h>
#include <string.h>
#include "auxlib.h"
#include "code.h"
#include "strbuf.h"
#include "vm.h"

static double tonum_or_error(State *S, Value v, const char *what) {
  double n;
  if (obj_tonumber(v, &n)) return n;
  aux_error(S, "attempt to perform arithmetic on a %s value (%s)", obj_typename(v.t), what);
}

Value arith_op(State *S, int op, Value a, Value b) {
  double x = tonum_or_error(S, a, "left operand"), y = 0;
  if (op != BC_NEG) y = tonum_or_error(S, b, "right operand");
  switch (op) {
    case BC_ADD: return v_num(x + y);
    case BC_SUB: return v_num(x - y);
    case BC_MUL: return v_num(x * y);
    case BC_DIV: return v_num(x / y);
    case BC_MOD: return v_num(x - floor(x / y) * y);
    case BC_NEG: return v_num(-x);
    default: aux_error(S, "bad arithmetic operator");
  }
}

int arith_cmpstr(const String *a, const String *b) {
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->data, b->data, n);
  if (c != 0) return c;
  return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

static void cmp_error(State *S, Value a, Value b) {
  if (a.t == b.t) aux_error(S, "attempt to compare two %s values", obj_typename(a.t));
  aux_error(S, "attempt to compare %s with %s", obj_typename(a.t), obj_typename(b.t));
}

int arith_lt(State *S, Value a, Value b) {
  if (a.t == T_NUM && b.t == T_NUM) return a.u.n < b.u.n;
  if (a.t == T_STR && b.t == T_STR) return arith_cmpstr(a.u.s, b.u.s) < 0;
  cmp_error(S, a, b);
  return 0;
}

int arith_le(State *S, Value a, Value b) {
  if (a.t == T_NUM && b.t == T_NUM) return a.u.n <= b.u.n;
  if (a.t == T_STR && b.t == T_STR) return arith_cmpstr(a.u.s, b.u.s) <= 0;
  cmp_error(S, a, b);
  return 0;
}

Value arith_concat(State *S, Value a, Value b) {
  StrBuf sb;
  String *r;
  if ((a.t != T_STR && a.t != T_NUM) || (b.t != T_STR && b.t != T_NUM)) {
    Value bad = (a.t != T_STR && a.t != T_NUM) ? a : b;
    aux_error(S, "attempt to concatenate a %s value", obj_typename(bad.t));
  }
  sb_init(&sb, S);
  sb_addvalue(&sb, a);
  sb_addvalue(&sb, b);
  r = sb_tostring(&sb);
  sb_free(&sb);
  return v_str(r);
}

Value arith_len(State *S, Value a) {
  if (a.t == T_STR) return v_num((double)a.u.s->len);
  if (a.t == T_TABLE) return v_num((double)tarr_length(a.u.h));
  aux_error(S, "attempt to get length of a %s value", obj_typename(a.t));
}
