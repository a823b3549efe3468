/* auxlib.c - raising errors (longjmp to the innermost protected call) and checking arguments. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auxlib.h"
#include "vm.h"

void aux_throw(State *S, int status) {
  if (!S->errjmp) {
    fprintf(stderr, "il: unprotected error: %s\n", S->errmsg);
    exit(EXIT_FAILURE);
  }
  S->errjmp->status = status;
  longjmp(S->errjmp->buf, status);
}

void aux_error(State *S, const char *fmt, ...) {
  char where[160], msg[sizeof S->errmsg - 160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  debug_where(S, where, sizeof where);
  snprintf(S->errmsg, sizeof S->errmsg, "%s%s", where, msg);
  S->errval = v_nil();
  aux_throw(S, IL_ERRRUN);
}

void aux_checkargs(State *S, const char *fname, int nargs, int min) {
  if (nargs < min) aux_error(S, "bad argument #%d to '%s' (value expected)", nargs + 1, fname);
}

__attribute__((noreturn)) static void argerror(State *S, const char *fname, int i, const char *expected, Value *args, int nargs) {
  const char *got = i < nargs ? obj_typename(args[i].t) : "no value";
  aux_error(S, "bad argument #%d to '%s' (%s expected, got %s)", i + 1, fname, expected, got);
}

double aux_checknum(State *S, const char *fname, Value *args, int nargs, int i) {
  double n;
  if (i >= nargs || !obj_tonumber(args[i], &n)) argerror(S, fname, i, "number", args, nargs);
  return n;
}

long aux_checkint(State *S, const char *fname, Value *args, int nargs, int i) {
  double n = aux_checknum(S, fname, args, nargs, i);
  if (!num_isint(n)) aux_error(S, "bad argument #%d to '%s' (number has no integer representation)", i + 1, fname);
  return (long)n;
}

String *aux_checkstr(State *S, const char *fname, Value *args, int nargs, int i) {
  if (i < nargs && args[i].t == T_STR) return args[i].u.s;
  if (i < nargs && args[i].t == T_NUM) return obj_tostring(S, args[i]);
  argerror(S, fname, i, "string", args, nargs);
  return NULL;
}

Table *aux_checktable(State *S, const char *fname, Value *args, int nargs, int i) {
  if (i >= nargs || args[i].t != T_TABLE) argerror(S, fname, i, "table", args, nargs);
  return args[i].u.h;
}

double aux_optnum(State *S, const char *fname, Value *args, int nargs, int i, double def) {
  if (i >= nargs || args[i].t == T_NIL) return def;
  return aux_checknum(S, fname, args, nargs, i);
}

void aux_register(State *S, Table *lib, const char *name, NativeFn fn) {
  table_set(S, lib, v_str(str_cstr(S, name)), v_native(native_new(S, name, fn)));
}

Table *aux_newlib(State *S, const char *name) {
  Table *t = table_new(S, 0, 32);
  state_setglobal(S, name, v_table(t));
  return t;
}
