/* mem.c - allocation with accounting, so the collector knows when to run. */
#include <stdlib.h>
#include <string.h>
#include "il.h"
#include "auxlib.h"

void *mem_alloc(State *S, size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) aux_throw(S, IL_ERRMEM);
  S->allocated += n;
  return p;
}

void *mem_realloc(State *S, void *p, size_t oldn, size_t newn) {
  void *q = realloc(p, newn ? newn : 1);
  if (!q) aux_throw(S, IL_ERRMEM);
  S->allocated = S->allocated - oldn + newn;
  return q;
}

void mem_free(State *S, void *p, size_t n) {
  if (!p) return;
  S->allocated -= n;
  free(p);
}

/* Grow an array of elements of size elem so that it holds at least need. */
void *mem_grow(State *S, void *p, size_t *cap, size_t elem, size_t need) {
  size_t newcap = *cap ? *cap : 8;
  if (need <= *cap) return p;
  while (newcap < need) newcap *= 2;
  p = mem_realloc(S, p, *cap * elem, newcap * elem);
  *cap = newcap;
  return p;
}

GCObj *mem_newobj(State *S, size_t size, ValType t) {
  GCObj *o;
  o = mem_alloc(S, size);
  memset(o, 0, size);
  o->type = (unsigned char)t;
  o->marked = 0;
  o->next = S->objects;
  S->objects = o;
  return o;
}
