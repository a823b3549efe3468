/* code.c - emitting instructions and constants into a Proto. */
#include <string.h>
#include "auxlib.h"
#include "code.h"

int code_emit(State *S, Proto *p, OpCode op, int arg, int line) {
  if (arg < -(1 << 23) || arg >= (1 << 23)) aux_error(S, "function too large");
  if (p->ncode == p->capcode) {
    size_t cap = p->capcode;
    p->code = mem_grow(S, p->code, &cap, sizeof(Instr), p->ncode + 1);
    p->lines = mem_realloc(S, p->lines, p->capcode * sizeof(int), cap * sizeof(int));
    p->capcode = cap;
  }
  p->code[p->ncode] = BC_MAKE(op, arg);
  p->lines[p->ncode] = line;
  return (int)p->ncode++;
}

int code_here(const Proto *p) {
  return (int)p->ncode;
}

/* Point the jump at `at` to `target`; for-loop instructions keep their slot. */
void code_patch(Proto *p, int at, int target) {
  Instr i = p->code[at];
  OpCode op = BC_OP(i);
  if (op == BC_FORPREP || op == BC_FORLOOP) {
    int slot = BC_ARG(i) & 0xff;
    p->code[at] = BC_MAKE(op, slot | (target << 8));
  } else {
    p->code[at] = BC_MAKE(op, target);
  }
}

int code_const(State *S, Proto *p, Value v) {
  size_t i;
  for (i = 0; i < p->nk; i++) {
    if (obj_rawequal(p->k[i], v)) return (int)i;
  }
  p->k = mem_grow(S, p->k, &p->capk, sizeof(Value), p->nk + 1);
  p->k[p->nk] = v;
  return (int)p->nk++;
}

int code_numconst(State *S, Proto *p, double n) {
  return code_const(S, p, v_num(n));
}

int code_strconst(State *S, Proto *p, const char *s, size_t len) {
  return code_const(S, p, v_str(str_new(S, s, len)));
}
