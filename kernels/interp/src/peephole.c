/* peephole.c - fusing common instruction sequences and dropping the NOPs left behind. */
#include <stdlib.h>
#include <string.h>
#include "code.h"

static int is_jump(OpCode op) {
  switch (op) {
    case BC_JMP: case BC_JMPF: case BC_JMPFKEEP: case BC_JMPTKEEP: case BC_FORPREP: case BC_FORLOOP: return 1;
    default: return 0;
  }
}

static int target_of(Instr i) {
  OpCode op = BC_OP(i);
  return (op == BC_FORPREP || op == BC_FORLOOP) ? (BC_ARG(i) >> 8) : BC_ARG(i);
}

static Instr with_target(Instr i, int t) {
  OpCode op = BC_OP(i);
  if (op == BC_FORPREP || op == BC_FORLOOP) return BC_MAKE(op, (BC_ARG(i) & 0xff) | (t << 8));
  return BC_MAKE(op, t);
}

int peep_count_jumps(const Instr *code, int n) {
  int i, count = 0;
  for (i = 0; i < n; i++) count += is_jump(BC_OP(code[i]));
  return count;
}

static void mark_targets(const Instr *code, int n, unsigned char *istarget) {
  int i;
  memset(istarget, 0, (size_t)n + 1);
  for (i = 0; i < n; i++) {
    if (is_jump(BC_OP(code[i]))) istarget[target_of(code[i])] = 1;
  }
}

void peep_remap(Instr *code, int n, const int *newpos) {
  int i;
  for (i = 0; i < n; i++) {
    if (is_jump(BC_OP(code[i]))) code[i] = with_target(code[i], newpos[target_of(code[i])]);
  }
}

static int small_number(const Proto *p, int k) {
  Value v = p->k[k];
  return v.t == T_NUM && k < (1 << 15);
}

static int fuse(Proto *p, const unsigned char *istarget) {
  Instr *c = p->code;
  int n = (int)p->ncode, i, fused = 0;
  for (i = 0; i + 3 < n; i++) {
    if (BC_OP(c[i]) == BC_GETLOCAL && BC_OP(c[i + 1]) == BC_CONST && BC_OP(c[i + 2]) == BC_ADD &&
        BC_OP(c[i + 3]) == BC_SETLOCAL && BC_ARG(c[i]) == BC_ARG(c[i + 3]) && BC_ARG(c[i]) <= 0xff &&
        small_number(p, BC_ARG(c[i + 1])) && !istarget[i + 1] && !istarget[i + 2] && !istarget[i + 3]) {
      c[i] = BC_MAKE(BC_INCLOCAL, BC_ARG(c[i]) | (BC_ARG(c[i + 1]) << 8));
      c[i + 1] = c[i + 2] = c[i + 3] = BC_MAKE(BC_NOP, 0);
      fused++;
      i += 3;
    }
  }
  for (i = 0; i + 1 < n; i++) {
    if (BC_OP(c[i]) == BC_CONST && BC_OP(c[i + 1]) == BC_ADD && small_number(p, BC_ARG(c[i])) && !istarget[i + 1]) {
      c[i] = BC_MAKE(BC_ADDK, BC_ARG(c[i]));
      c[i + 1] = BC_MAKE(BC_NOP, 0);
      fused++;
      i++;
    }
  }
  return fused;
}

static int compact(Proto *p) {
  int n = (int)p->ncode, i, j = 0;
  int *newpos = malloc(((size_t)n + 1) * sizeof(int));
  if (!newpos) return n;
  for (i = 0; i < n; i++) {
    newpos[i] = j;
    if (BC_OP(p->code[i]) != BC_NOP) {
      p->code[j] = p->code[i];
      p->lines[j] = p->lines[i];
      j++;
    }
  }
  newpos[n] = j;
  peep_remap(p->code, j, newpos);
  free(newpos);
  p->ncode = (size_t)j;
  return j;
}

int peep_optimize(Proto *p) {
  int n = (int)p->ncode, fused;
  unsigned char *istarget = malloc((size_t)n + 1);
  if (!istarget) return 0;
  mark_targets(p->code, n, istarget);
  fused = fuse(p, istarget);
  free(istarget);
  if (fused) compact(p);
  return fused;
}
