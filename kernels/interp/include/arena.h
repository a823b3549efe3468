/* arena.h - bump allocation for compile-time data (tokens, AST, scopes). */
#ifndef ARENA_H
#define ARENA_H
#include <stddef.h>

typedef struct ArenaChunk {
  struct ArenaChunk *next;
  size_t used;
  size_t size;
  _Alignas(16) unsigned char mem[];
} ArenaChunk;

typedef struct Arena {
  ArenaChunk *head;
  size_t total;
  size_t nchunks;
} Arena;

void arena_init(Arena *a);
void *arena_alloc(Arena *a, size_t n);
char *arena_strdup(Arena *a, const char *s, size_t n);
void arena_free(Arena *a);
size_t arena_used(const Arena *a);

#endif
