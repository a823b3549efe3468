/* arena.c - chunked bump allocator; everything is freed at once. */
#include <stdlib.h>
#include <string.h>
#include "arena.h"

#define ARENA_CHUNK 16384

void arena_init(Arena *a) {
  a->head = NULL;
  a->total = 0;
  a->nchunks = 0;
}

static ArenaChunk *arena_newchunk(Arena *a, size_t atleast) {
  size_t size = atleast > ARENA_CHUNK ? atleast : ARENA_CHUNK;
  ArenaChunk *c = malloc(sizeof(ArenaChunk) + size);
  if (!c) abort();
  c->next = a->head;
  c->used = 0;
  c->size = size;
  a->head = c;
  a->total += size;
  a->nchunks++;
  return c;
}

void *arena_alloc(Arena *a, size_t n) {
  ArenaChunk *c = a->head;
  void *p;
  n = (n + 15) & ~(size_t)15;
  if (!c || c->used + n > c->size) c = arena_newchunk(a, n);
  p = c->mem + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *arena_strdup(Arena *a, const char *s, size_t n) {
  char *d = arena_alloc(a, n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

void arena_free(Arena *a) {
  ArenaChunk *c = a->head, *next;
  while (c) {
    next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
  a->total = 0;
  a->nchunks = 0;
}

size_t arena_used(const Arena *a) {
  size_t used = 0;
  const ArenaChunk *c;
  for (c = a->head; c; c = c->next) used += c->used;
  return used;
}
