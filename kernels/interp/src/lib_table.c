/* lib_table.c - insert, remove, concat, sort, find, reverse, slice. */
#include <string.h>
#include "auxlib.h"
#include "strbuf.h"
#include "vm.h"

static Value t_insert(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "insert", args, nargs, 0);
  size_t n = tarr_length(t);
  if (nargs == 2) {
    table_setint(S, t, (long)n + 1, args[1]);
  } else {
    long pos = aux_checkint(S, "insert", args, nargs, 1);
    if (pos < 1 || (size_t)pos > n + 1) aux_error(S, "bad argument #2 to 'insert' (position out of bounds)");
    if (t->asize < n) tarr_reserve(S, t, n);
    tarr_insert(S, t, (size_t)pos, args[2]);
  }
  return v_nil();
}

static Value t_remove(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "remove", args, nargs, 0);
  size_t n = tarr_length(t);
  long pos = nargs > 1 ? aux_checkint(S, "remove", args, nargs, 1) : (long)n;
  if (n == 0) return v_nil();
  if (pos < 1 || (size_t)pos > n) aux_error(S, "bad argument #2 to 'remove' (position out of bounds)");
  return tarr_remove(t, (size_t)pos);
}

static Value t_concat(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "concat", args, nargs, 0);
  String *sep = nargs > 1 ? aux_checkstr(S, "concat", args, nargs, 1) : NULL;
  size_t n = tarr_length(t), i;
  StrBuf b;
  String *r;
  sb_init(&b, S);
  for (i = 0; i < n; i++) {
    Value v = t->arr[i];
    if (v.t != T_STR && v.t != T_NUM) {
      sb_free(&b);
      aux_error(S, "invalid value (at index %zu) in table for 'concat'", i + 1);
    }
    if (i && sep) sb_addlstr(&b, sep->data, sep->len);
    sb_addvalue(&b, v);
  }
  r = sb_tostring(&b);
  sb_free(&b);
  return v_str(r);
}

typedef struct SortCtx {
  State *S;
  Value cmp;
  Value *a;
} SortCtx;

static int sort_less(SortCtx *c, Value x, Value y) {
  if (c->cmp.t != T_NIL) {
    Value args[2];
    args[0] = x;
    args[1] = y;
    return v_truthy(vm_call(c->S, c->cmp, 2, args));
  }
  return arith_lt(c->S, x, y);
}

static void swap(Value *a, long i, long j) {
  Value t = a[i];
  a[i] = a[j];
  a[j] = t;
}

static void insertion_sort(SortCtx *c, long lo, long hi) {
  long i, j;
  for (i = lo + 1; i <= hi; i++) {
    Value v = c->a[i];
    for (j = i - 1; j >= lo && sort_less(c, v, c->a[j]); j--) c->a[j + 1] = c->a[j];
    c->a[j + 1] = v;
  }
}

/* Quicksort with median-of-three, insertion sort for short ranges. */
static void quicksort(SortCtx *c, long lo, long hi) {
  while (hi - lo > 12) {
    long mid = lo + (hi - lo) / 2, i = lo, j = hi;
    Value pivot;
    if (sort_less(c, c->a[mid], c->a[lo])) swap(c->a, mid, lo);
    if (sort_less(c, c->a[hi], c->a[lo])) swap(c->a, hi, lo);
    if (sort_less(c, c->a[hi], c->a[mid])) swap(c->a, hi, mid);
    pivot = c->a[mid];
    while (i <= j) {
      while (sort_less(c, c->a[i], pivot)) i++;
      while (sort_less(c, pivot, c->a[j])) j--;
      if (i <= j) swap(c->a, i++, j--);
    }
    if (j - lo < hi - i) {
      quicksort(c, lo, j);
      lo = i;
    } else {
      quicksort(c, i, hi);
      hi = j;
    }
  }
  insertion_sort(c, lo, hi);
}

static Value t_sort(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "sort", args, nargs, 0);
  SortCtx c;
  long n = (long)tarr_length(t);
  c.S = S;
  c.cmp = nargs > 1 ? args[1] : v_nil();
  c.a = t->arr;
  if (n > 1) quicksort(&c, 0, n - 1);
  return v_nil();
}

static Value t_find(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "find", args, nargs, 0);
  long at;
  aux_checkargs(S, "find", nargs, 2);
  at = tarr_find(t->arr, (long)tarr_length(t), args[1]);
  return at < 0 ? v_nil() : v_num((double)(at + 1));
}

static Value t_reverse(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "reverse", args, nargs, 0);
  tarr_reverse(t->arr, (long)tarr_length(t));
  return v_table(t);
}

static Value t_slice(State *S, int nargs, Value *args) {
  Table *t = aux_checktable(S, "slice", args, nargs, 0);
  long n = (long)tarr_length(t);
  long i = (long)aux_optnum(S, "slice", args, nargs, 1, 1);
  long j = (long)aux_optnum(S, "slice", args, nargs, 2, (double)n);
  Table *r;
  if (i < 1) i = 1;
  if (j > n) j = n;
  r = table_new(S, j >= i ? (size_t)(j - i + 1) : 0, 0);
  if (j >= i) {
    memcpy(r->arr, t->arr + i - 1, (size_t)(j - i + 1) * sizeof(Value));
    r->asize = (size_t)(j - i + 1);
  }
  return v_table(r);
}

void lib_table_open(State *S) {
  Table *lib = aux_newlib(S, "table");
  aux_register(S, lib, "insert", t_insert);
  aux_register(S, lib, "remove", t_remove);
  aux_register(S, lib, "concat", t_concat);
  aux_register(S, lib, "sort", t_sort);
  aux_register(S, lib, "find", t_find);
  aux_register(S, lib, "reverse", t_reverse);
  aux_register(S, lib, "slice", t_slice);
}
