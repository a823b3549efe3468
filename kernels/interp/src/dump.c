/* dump.c - opcode names, stack effects and a disassembler (the -bc option). */
#include <stdio.h>
#include "code.h"

static const char *const names[BC_NOPS] = {
  "NOP", "CONST", "NIL", "TRUE", "FALSE",
  "GETLOCAL", "SETLOCAL", "GETGLOBAL", "SETGLOBAL",
  "GETINDEX", "SETINDEX", "NEWTABLE", "APPEND", "SETFIELD",
  "ADD", "SUB", "MUL", "DIV", "MOD", "NEG", "NOT", "LEN", "CONCAT",
  "EQ", "NE", "LT", "LE", "GT", "GE",
  "JMP", "JMPF", "JMPFKEEP", "JMPTKEEP",
  "POP", "CALL", "RET", "FORPREP", "FORLOOP", "CLOSURE",
  "ADDK", "INCLOCAL",
};

const char *op_name(OpCode op) {
  return op < BC_NOPS ? names[op] : "?";
}

int op_stackeffect(OpCode op, int arg) {
  switch (op) {
    case BC_CONST: case BC_NIL: case BC_TRUE: case BC_FALSE: case BC_GETLOCAL: case BC_GETGLOBAL:
    case BC_NEWTABLE: case BC_CLOSURE:
      return 1;
    case BC_SETLOCAL: case BC_SETGLOBAL: case BC_APPEND: case BC_JMPF: case BC_GETINDEX: case BC_RET:
    case BC_ADD: case BC_SUB: case BC_MUL: case BC_DIV: case BC_MOD: case BC_CONCAT:
    case BC_EQ: case BC_NE: case BC_LT: case BC_LE: case BC_GT: case BC_GE:
      return -1;
    case BC_SETINDEX: return -3;
    case BC_SETFIELD: return -2;
    case BC_POP: return -arg;
    case BC_CALL: return -arg;
    default: return 0;
  }
}

/* An upper bound of the stack a function needs beyond its locals (straight-line estimate). */
int code_maxstack(const Instr *code, int n) {
  int i, depth = 0, max = 0;
  for (i = 0; i < n; i++) {
    depth += op_stackeffect(BC_OP(code[i]), BC_ARG(code[i]));
    if (depth > max) max = depth;
    if (depth < 0) depth = 0;
  }
  return max;
}

static void dump_one(const Proto *p, size_t i) {
  Instr ins = p->code[i];
  OpCode op = BC_OP(ins);
  int arg = BC_ARG(ins);
  printf("  %4zu  [%3d]  %-9s", i, p->lines[i], op_name(op));
  switch (op) {
    case BC_CONST: case BC_GETGLOBAL: case BC_SETGLOBAL: case BC_ADDK: {
      Value v = p->k[arg];
      if (v.t == T_STR) printf(" %d  ; \"%s\"", arg, v.u.s->data);
      else if (v.t == T_NUM) printf(" %d  ; %.14g", arg, v.u.n);
      else printf(" %d", arg);
      break;
    }
    case BC_FORPREP: case BC_FORLOOP: printf(" %d -> %d", arg & 0xff, arg >> 8); break;
    case BC_INCLOCAL: printf(" %d += k%d", arg & 0xff, arg >> 8); break;
    default: printf(" %d", arg); break;
  }
  putchar('\n');
}

void code_dump(const Proto *p) {
  size_t i;
  printf("function <%s> (%zu instructions, %d params, %d slots, %zu constants, max stack %d)\n",
         p->name ? p->name->data : "?", p->ncode, p->nparams, p->nslots, p->nk,
         code_maxstack(p->code, (int)p->ncode));
  for (i = 0; i < p->ncode; i++) dump_one(p, i);
  for (i = 0; i < p->nchildren; i++) code_dump(p->children[i]);
}
