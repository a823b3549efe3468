/* code.h - the bytecode: instruction format, opcodes, emission. */
#ifndef CODE_H
#define CODE_H
#include "il.h"

typedef enum {
  BC_NOP, BC_CONST, BC_NIL, BC_TRUE, BC_FALSE,
  BC_GETLOCAL, BC_SETLOCAL, BC_GETGLOBAL, BC_SETGLOBAL,
  BC_GETINDEX, BC_SETINDEX, BC_NEWTABLE, BC_APPEND, BC_SETFIELD,
  BC_ADD, BC_SUB, BC_MUL, BC_DIV, BC_MOD, BC_NEG, BC_NOT, BC_LEN, BC_CONCAT,
  BC_EQ, BC_NE, BC_LT, BC_LE, BC_GT, BC_GE,
  BC_JMP, BC_JMPF, BC_JMPFKEEP, BC_JMPTKEEP,
  BC_POP, BC_CALL, BC_RET, BC_FORPREP, BC_FORLOOP, BC_CLOSURE,
  BC_ADDK, BC_INCLOCAL,
  BC_NOPS
} OpCode;

#define BC_OP(i) ((OpCode)((i) & 0xff))
#define BC_ARG(i) ((int32_t)(i) >> 8)
#define BC_MAKE(op, arg) ((Instr)(((uint32_t)(arg) << 8) | (uint32_t)(op)))

/* code.c */
int code_emit(State *S, Proto *p, OpCode op, int arg, int line);
void code_patch(Proto *p, int at, int target);
int code_here(const Proto *p);
int code_const(State *S, Proto *p, Value v);
int code_numconst(State *S, Proto *p, double n);
int code_strconst(State *S, Proto *p, const char *s, size_t len);

/* peephole.c */
int peep_optimize(Proto *p);
int peep_count_jumps(const Instr *code, int n);
void peep_remap(Instr *code, int n, const int *newpos);

/* dump.c */
const char *op_name(OpCode op);
int op_stackeffect(OpCode op, int arg);
void code_dump(const Proto *p);
int code_maxstack(const Instr *code, int n);

#endif
