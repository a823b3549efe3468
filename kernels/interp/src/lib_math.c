/* lib_math.c - math functions and a deterministic random generator. */
#include <math.h>
#include "auxlib.h"

#define UNARY(name, expr)                                          \
  static Value m_##name(State *S, int nargs, Value *args) {        \
    double x = aux_checknum(S, #name, args, nargs, 0);             \
    return v_num(expr);                                            \
  }

UNARY(sqrt, sqrt(x))
UNARY(floor, floor(x))
UNARY(ceil, ceil(x))
UNARY(abs, fabs(x))
UNARY(sin, sin(x))
UNARY(cos, cos(x))
UNARY(exp, exp(x))
UNARY(log, log(x))

static Value m_max(State *S, int nargs, Value *args) {
  double m = aux_checknum(S, "max", args, nargs, 0);
  int i;
  for (i = 1; i < nargs; i++) {
    double x = aux_checknum(S, "max", args, nargs, i);
    if (x > m) m = x;
  }
  return v_num(m);
}

static Value m_min(State *S, int nargs, Value *args) {
  double m = aux_checknum(S, "min", args, nargs, 0);
  int i;
  for (i = 1; i < nargs; i++) {
    double x = aux_checknum(S, "min", args, nargs, i);
    if (x < m) m = x;
  }
  return v_num(m);
}

static Value m_fmod(State *S, int nargs, Value *args) {
  double a = aux_checknum(S, "fmod", args, nargs, 0), b = aux_checknum(S, "fmod", args, nargs, 1);
  return v_num(fmod(a, b));
}

/* xorshift32: the same sequence on every machine. */
static unsigned next_random(State *S) {
  unsigned x = S->seed;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  S->seed = x;
  return x;
}

static Value m_random(State *S, int nargs, Value *args) {
  double r = (next_random(S) >> 8) / 16777216.0;
  if (nargs == 0) return v_num(r);
  if (nargs == 1) return v_num(floor(r * aux_checknum(S, "random", args, nargs, 0)) + 1);
  {
    double lo = aux_checknum(S, "random", args, nargs, 0), hi = aux_checknum(S, "random", args, nargs, 1);
    return v_num(lo + floor(r * (hi - lo + 1)));
  }
}

static Value m_randomseed(State *S, int nargs, Value *args) {
  unsigned s = (unsigned)aux_checknum(S, "randomseed", args, nargs, 0);
  S->seed = s ? s : 1;
  return v_nil();
}

static Value m_isint(State *S, int nargs, Value *args) {
  return v_bool(num_isint(aux_checknum(S, "isint", args, nargs, 0)));
}

void lib_math_open(State *S) {
  Table *lib = aux_newlib(S, "math");
  aux_register(S, lib, "sqrt", m_sqrt);
  aux_register(S, lib, "floor", m_floor);
  aux_register(S, lib, "ceil", m_ceil);
  aux_register(S, lib, "abs", m_abs);
  aux_register(S, lib, "sin", m_sin);
  aux_register(S, lib, "cos", m_cos);
  aux_register(S, lib, "exp", m_exp);
  aux_register(S, lib, "log", m_log);
  aux_register(S, lib, "max", m_max);
  aux_register(S, lib, "min", m_min);
  aux_register(S, lib, "fmod", m_fmod);
  aux_register(S, lib, "random", m_random);
  aux_register(S, lib, "randomseed", m_randomseed);
  aux_register(S, lib, "isint", m_isint);
  table_set(S, lib, v_str(str_cstr(S, "pi")), v_num(3.14159265358979323846));
  table_set(S, lib, v_str(str_cstr(S, "huge")), v_num(HUGE_VAL));
}
