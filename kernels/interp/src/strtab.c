/* strtab.c - the string table: every string is interned, chained buckets. */
#include <stdlib.h>
#include <string.h>
#include "il.h"

void strtab_init(State *S) {
  S->strt.size = 256;
  S->strt.count = 0;
  S->strt.slots = calloc(S->strt.size, sizeof(String *));
}

void strtab_free(State *S) {
  size_t i;
  for (i = 0; i < S->strt.size; i++) {
    String *s = S->strt.slots[i], *next;
    while (s) {
      next = s->chain;
      mem_free(S, s, sizeof(String) + s->len + 1);
      s = next;
    }
  }
  free(S->strt.slots);
  S->strt.slots = NULL;
}

static void strtab_resize(State *S, size_t newsize) {
  String **slots = calloc(newsize, sizeof(String *));
  size_t i;
  if (!slots) return;
  for (i = 0; i < S->strt.size; i++) {
    String *s = S->strt.slots[i];
    while (s) {
      String *next = s->chain;
      size_t h = s->hash & (newsize - 1);
      s->chain = slots[h];
      slots[h] = s;
      s = next;
    }
  }
  free(S->strt.slots);
  S->strt.slots = slots;
  S->strt.size = newsize;
}

String *str_new(State *S, const char *s, size_t len) {
  unsigned h = hash_bytes(s, len, S->hashseed);
  String **slot = &S->strt.slots[h & (S->strt.size - 1)];
  String *x;
  for (x = *slot; x; x = x->chain) {
    if (x->len == len && x->hash == h && memcmp(x->data, s, len) == 0) return x;
  }
  if (S->strt.count >= S->strt.size) {
    strtab_resize(S, S->strt.size * 2);
    slot = &S->strt.slots[h & (S->strt.size - 1)];
  }
  x = mem_alloc(S, sizeof(String) + len + 1);
  x->gc.type = T_STR;
  x->gc.marked = 0;
  x->gc.next = NULL;
  x->hash = h;
  x->len = len;
  memcpy(x->data, s, len);
  x->data[len] = '\0';
  x->chain = *slot;
  *slot = x;
  S->strt.count++;
  return x;
}

String *str_cstr(State *S, const char *s) {
  return str_new(S, s, strlen(s));
}

/* Free the strings the mark phase did not reach; clear the marks of the rest. */
void strtab_sweep(State *S) {
  size_t i;
  for (i = 0; i < S->strt.size; i++) {
    String **link = &S->strt.slots[i];
    while (*link) {
      String *s = *link;
      if (s->gc.marked) {
        s->gc.marked = 0;
        link = &s->chain;
      } else {
        *link = s->chain;
        S->strt.count--;
        mem_free(S, s, sizeof(String) + s->len + 1);
      }
    }
  }
}
