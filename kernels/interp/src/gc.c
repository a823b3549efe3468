/* gc.c - stop-the-world mark and sweep over the object list. */
#include <stdio.h>
#include <stdlib.h>
#include "il.h"

typedef struct GrayStack {
  GCObj **items;
  size_t n, cap;
} GrayStack;

static void gray_push(GrayStack *g, GCObj *o) {
  if (g->n == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 256;
    g->items = realloc(g->items, g->cap * sizeof(GCObj *));
    if (!g->items) abort();
  }
  g->items[g->n++] = o;
}

static void mark_value(GrayStack *g, Value v) {
  if (!v_iscollectable(v)) return;
  if (v.u.gc->marked) return;
  v.u.gc->marked = 1;
  if (v.t == T_TABLE) gray_push(g, v.u.gc);
}

static void traverse_table(GrayStack *g, Table *t) {
  size_t i;
  for (i = 0; i < t->asize; i++) mark_value(g, t->arr[i]);
  for (i = 0; i < t->nbuckets; i++) {
    HNode *n;
    for (n = t->buckets[i]; n; n = n->next) {
      mark_value(g, n->key);
      mark_value(g, n->val);
    }
  }
}

static void mark_roots(State *S, GrayStack *g) {
  Value *v;
  Proto *p;
  int i;
  for (v = S->stack; v < S->top; v++) mark_value(g, *v);
  for (i = 0; i < S->nframes; i++) S->frames[i].cl->gc.marked = 1;
  mark_value(g, v_table(S->globals));
  mark_value(g, S->errval);
  for (p = S->protos; p; p = p->nextp) {
    size_t k;
    for (k = 0; k < p->nk; k++) mark_value(g, p->k[k]);
    if (p->name) p->name->gc.marked = 1;
    if (p->source) p->source->gc.marked = 1;
  }
}

static size_t objsize(GCObj *o) {
  switch (o->type) {
    case T_STR: return sizeof(String) + ((String *)o)->len + 1;
    case T_TABLE: return sizeof(Table);
    case T_FUNC: return sizeof(Closure);
    case T_NATIVE: return sizeof(Native);
    default: return 0;
  }
}

static void free_object(State *S, GCObj *o) {
  if (o->type == T_TABLE) table_free(S, (Table *)o);
  else mem_free(S, o, objsize(o));
}

static void sweep(State *S) {
  GCObj **link = &S->objects;
  while (*link) {
    GCObj *o = *link;
    if (o->marked) {
      link = &o->next;
    } else {
      *link = o->next;
      free_object(S, o);
    }
  }
}

static void unmark_all(State *S) {
  GCObj *o;
  for (o = S->objects; o; o = o->next) o->marked = 0;
}

void gc_collect(State *S) {
  GrayStack g = {0};
  mark_roots(S, &g);
  while (g.n > 0) {
    GCObj *o = g.items[--g.n];
    if (o->type == T_TABLE) traverse_table(&g, (Table *)o);
  }
  free(g.items);
  strtab_sweep(S);
  sweep(S);
  unmark_all(S);
  S->ncollections++;
  S->threshold = S->allocated * 2 > (1u << 20) ? S->allocated * 2 : (1u << 20);
}

/* Called only at safe points of the VM, where every live value is on the stack. */
void gc_step(State *S) {
  if (S->allocated > S->threshold) gc_collect(S);
}

void gc_freeall(State *S) {
  GCObj *o = S->objects, *next;
  while (o) {
    next = o->next;
    free_object(S, o);
    o = next;
  }
  S->objects = NULL;
}
