/* func.c - prototypes (compiled functions), closures and natives. */
#include <string.h>
#include "il.h"

Proto *proto_new(State *S, const char *name) {
  Proto *p = mem_alloc(S, sizeof(Proto));
  memset(p, 0, sizeof *p);
  p->name = str_cstr(S, name ? name : "?");
  p->nextp = S->protos;
  S->protos = p;
  return p;
}

void proto_free(State *S, Proto *p) {
  mem_free(S, p->code, p->capcode * sizeof(Instr));
  mem_free(S, p->lines, p->capcode * sizeof(int));
  mem_free(S, p->k, p->capk * sizeof(Value));
  mem_free(S, p->children, p->capchildren * sizeof(Proto *));
  mem_free(S, p, sizeof(Proto));
}

Closure *closure_new(State *S, Proto *p) {
  Closure *c = (Closure *)mem_newobj(S, sizeof(Closure), T_FUNC);
  c->p = p;
  return c;
}

Native *native_new(State *S, const char *name, NativeFn fn) {
  Native *n = (Native *)mem_newobj(S, sizeof(Native), T_NATIVE);
  n->fn = fn;
  n->name = name;
  return n;
}

int proto_line(const Proto *p, const Instr *pc) {
  long at = pc - p->code - 1;
  if (at < 0) at = 0;
  if ((size_t)at >= p->ncode) return 0;
  return p->lines[at];
}
