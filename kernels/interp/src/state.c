/* state.c - creating and tearing down an interpreter state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "il.h"
#include "auxlib.h"
#include "vm.h"

State *state_new(void) {
  State *S = calloc(1, sizeof(State));
  if (!S) return NULL;
  S->stack = calloc(IL_STACK, sizeof(Value));
  if (!S->stack) {
    free(S);
    return NULL;
  }
  S->top = S->stack;
  S->threshold = 1 << 20;
  S->seed = 0x2545F491u;
  S->hashseed = 0x9E3779B9u;
  strtab_init(S);
  S->globals = table_new(S, 0, 64);
  S->errval = v_nil();
  return S;
}

void state_free(State *S) {
  Proto *p, *next;
  if (!S) return;
  gc_freeall(S);
  for (p = S->protos; p; p = next) {
    next = p->nextp;
    proto_free(S, p);
  }
  strtab_free(S);
  free(S->stack);
  free(S);
}

void state_push(State *S, Value v) {
  if (S->top >= S->stack + IL_STACK - 1) aux_error(S, "stack overflow");
  *S->top++ = v;
}

Value state_pop(State *S) {
  if (S->top <= S->stack) aux_error(S, "stack underflow");
  return *--S->top;
}

void state_setglobal(State *S, const char *name, Value v) {
  table_set(S, S->globals, v_str(str_cstr(S, name)), v);
}

Value state_getglobal(State *S, const char *name) {
  return table_getstr(S->globals, str_cstr(S, name));
}
