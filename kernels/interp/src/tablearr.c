/* tablearr.c - the array part of tables: growth, insertion, removal, search. */
#include <string.h>
#include "il.h"

void tarr_reserve(State *S, Table *t, size_t need) {
  if (need <= t->acap) return;
  t->arr = mem_grow(S, t->arr, &t->acap, sizeof(Value), need);
}

void tarr_append(State *S, Table *t, Value v) {
  tarr_reserve(S, t, t->asize + 1);
  t->arr[t->asize++] = v;
}

/* Insert at 1-based position pos, shifting the tail up. */
void tarr_insert(State *S, Table *t, size_t pos, Value v) {
  size_t i;
  tarr_reserve(S, t, t->asize + 1);
  for (i = t->asize; i >= pos; i--) t->arr[i] = t->arr[i - 1];
  t->arr[pos - 1] = v;
  t->asize++;
}

/* Remove at 1-based position pos, shifting the tail down. */
Value tarr_remove(Table *t, size_t pos) {
  Value v;
  size_t i;
  if (pos < 1 || pos > t->asize) return v_nil();
  v = t->arr[pos - 1];
  for (i = pos; i < t->asize; i++) t->arr[i - 1] = t->arr[i];
  t->asize--;
  return v;
}

size_t tarr_length(Table *t) {
  size_t n = t->asize;
  while (n > 0 && t->arr[n - 1].t == T_NIL) n--;
  return n;
}

/* After an append, move keys asize+1, asize+2, ... from the hash part. */
void tarr_migrate(State *S, Table *t) {
  for (;;) {
    Value key = v_num((double)(t->asize + 1));
    Value v;
    if (t->hcount == 0) return;
    v = table_get(t, key);
    if (v.t == T_NIL) return;
    tarr_append(S, t, v);
    table_delhash(S, t, key);
  }
}

long tarr_find(const Value *arr, long n, Value v) {
  long i;
  for (i = 0; i < n; i++) {
    if (obj_rawequal(arr[i], v)) return i;
  }
  return -1;
}

void tarr_reverse(Value *arr, long n) {
  long i;
  for (i = 0; i < n / 2; i++) {
    Value tmp = arr[i];
    arr[i] = arr[n - 1 - i];
    arr[n - 1 - i] = tmp;
  }
}
