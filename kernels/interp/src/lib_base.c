/* lib_base.c - print, type, tostring, tonumber, assert, error, pcall, keys. */
#include <stdio.h>
#include <string.h>
#include "auxlib.h"
#include "strbuf.h"
#include "vm.h"

static Value b_print(State *S, int nargs, Value *args) {
  StrBuf b;
  int i;
  sb_init(&b, S);
  for (i = 0; i < nargs; i++) {
    if (i) sb_addchar(&b, '\t');
    sb_addvalue(&b, args[i]);
  }
  sb_addchar(&b, '\n');
  fwrite(b.data, 1, b.len, stdout);
  sb_free(&b);
  return v_nil();
}

static Value b_type(State *S, int nargs, Value *args) {
  aux_checkargs(S, "type", nargs, 1);
  return v_str(str_cstr(S, obj_typename(args[0].t)));
}

static Value b_tostring(State *S, int nargs, Value *args) {
  aux_checkargs(S, "tostring", nargs, 1);
  return v_str(obj_tostring(S, args[0]));
}

static Value b_tonumber(State *S, int nargs, Value *args) {
  double n;
  aux_checkargs(S, "tonumber", nargs, 1);
  return obj_tonumber(args[0], &n) ? v_num(n) : v_nil();
}

static Value b_assert(State *S, int nargs, Value *args) {
  if (nargs < 1 || !v_truthy(args[0])) {
    if (nargs >= 2 && args[1].t == T_STR) aux_error(S, "%s", args[1].u.s->data);
    aux_error(S, "assertion failed!");
  }
  return args[0];
}

static Value b_error(State *S, int nargs, Value *args) {
  Value v = nargs > 0 ? args[0] : v_nil();
  if (v.t == T_STR) {
    char where[160];
    StrBuf b;
    debug_where(S, where, sizeof where);
    sb_init(&b, S);
    sb_addstr(&b, where);
    sb_addlstr(&b, v.u.s->data, v.u.s->len);
    v = v_str(sb_tostring(&b));
    sb_free(&b);
  }
  snprintf(S->errmsg, sizeof S->errmsg, "%s", v.t == T_STR ? v.u.s->data : "(error object)");
  S->errval = v;
  aux_throw(S, IL_ERRRUN);
}

/* pcall(f, ...) returns a table {ok, value}: functions return one value here. */
static Value b_pcall(State *S, int nargs, Value *args) {
  Value result;
  Table *t;
  int status;
  aux_checkargs(S, "pcall", nargs, 1);
  status = vm_pcall(S, args[0], nargs - 1, args + 1, &result);
  t = table_new(S, 2, 0);
  tarr_append(S, t, v_bool(status == IL_OK));
  tarr_append(S, t, result);
  return v_table(t);
}

static Value b_rawlen(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "rawlen", args, nargs, 0);
  return v_num((double)(tarr_length(t) + table_hashcount(t)));
}

/* keys(t): an array of the table's keys, in iteration order. */
static Value b_keys(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "keys", args, nargs, 0);
  Table *out = table_new(S, tarr_length(t) + table_hashcount(t), 0);
  Value k = v_nil(), v;
  while (table_next(t, &k, &v)) tarr_append(S, out, k);
  return v_table(out);
}

static Value b_select_count(State *S, int nargs, Value *args) {
  (void)S;
  (void)args;
  return v_num(nargs);
}

static Value b_collect(State *S, int nargs, Value *args) {
  (void)nargs;
  (void)args;
  return v_num((double)S->allocated / 1024.0);
}

void lib_base_open(State *S) {
  static const struct { const char *name; NativeFn fn; } fns[] = {
    {"print", b_print}, {"type", b_type}, {"tostring", b_tostring}, {"tonumber", b_tonumber},
    {"assert", b_assert}, {"error", b_error}, {"pcall", b_pcall}, {"rawlen", b_rawlen},
    {"keys", b_keys}, {"nargs", b_select_count}, {"memkb", b_collect},
  };
  size_t i;
  for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    state_setglobal(S, fns[i].name, v_native(native_new(S, fns[i].name, fns[i].fn)));
  }
}
