/* cexpr.c - expressions to bytecode (a stack machine). */
#include <string.h>
#include "compile.h"

static const OpCode binops[] = {
  BC_ADD, BC_SUB, BC_MUL, BC_DIV, BC_MOD, BC_CONCAT,
  BC_EQ, BC_NE, BC_LT, BC_LE, BC_GT, BC_GE,
};

static void emit(FuncState *fs, OpCode op, int arg, int line) {
  code_emit(fs->S, fs->p, op, arg, line);
}

static void ctable(FuncState *fs, Expr *e) {
  TField *f;
  emit(fs, BC_NEWTABLE, e->u.tab.narr, e->line);
  for (f = e->u.tab.fields; f; f = f->next) {
    if (f->key) {
      cexpr(fs, f->key);
      cexpr(fs, f->val);
      emit(fs, BC_SETFIELD, 0, e->line);
    } else {
      cexpr(fs, f->val);
      emit(fs, BC_APPEND, 0, e->line);
    }
  }
}

static void clogic(FuncState *fs, Expr *e) {
  int j;
  cexpr(fs, e->u.bin.l);
  j = code_emit(fs->S, fs->p, e->k == E_AND ? BC_JMPFKEEP : BC_JMPTKEEP, 0, e->line);
  cexpr(fs, e->u.bin.r);
  code_patch(fs->p, j, code_here(fs->p));
}

void cexpr(FuncState *fs, Expr *e) {
  ExprList *l;
  int slot;
  switch (e->k) {
    case E_NIL: emit(fs, BC_NIL, 0, e->line); break;
    case E_TRUE: emit(fs, BC_TRUE, 0, e->line); break;
    case E_FALSE: emit(fs, BC_FALSE, 0, e->line); break;
    case E_NUM: emit(fs, BC_CONST, code_numconst(fs->S, fs->p, e->u.num), e->line); break;
    case E_STR: emit(fs, BC_CONST, code_strconst(fs->S, fs->p, e->u.str.s, e->u.str.len), e->line); break;
    case E_VAR:
      slot = scope_resolve(fs, e->u.name);
      if (slot >= 0) emit(fs, BC_GETLOCAL, slot, e->line);
      else emit(fs, BC_GETGLOBAL, code_strconst(fs->S, fs->p, e->u.name, strlen(e->u.name)), e->line);
      break;
    case E_INDEX:
      cexpr(fs, e->u.idx.obj);
      cexpr(fs, e->u.idx.key);
      emit(fs, BC_GETINDEX, 0, e->line);
      break;
    case E_CALL:
      cexpr(fs, e->u.call.fn);
      for (l = e->u.call.args; l; l = l->next) cexpr(fs, l->e);
      emit(fs, BC_CALL, e->u.call.nargs, e->line);
      break;
    case E_BIN:
      cexpr(fs, e->u.bin.l);
      cexpr(fs, e->u.bin.r);
      emit(fs, binops[e->u.bin.op], 0, e->line);
      break;
    case E_AND: case E_OR: clogic(fs, e); break;
    case E_UN:
      cexpr(fs, e->u.un.e);
      emit(fs, e->u.un.op == OP_NEG_ ? BC_NEG : e->u.un.op == OP_NOT_ ? BC_NOT : BC_LEN, 0, e->line);
      break;
    case E_TABLE: ctable(fs, e); break;
    case E_FUNC: {
      Proto *child = compile_function(fs, e->u.fn);
      Proto *p = fs->p;
      p->children = mem_grow(fs->S, p->children, &p->capchildren, sizeof(Proto *), p->nchildren + 1);
      p->children[p->nchildren] = child;
      emit(fs, BC_CLOSURE, (int)p->nchildren++, e->line);
      break;
    }
  }
}

void cexpr_condjump(FuncState *fs, Expr *e, int *jumpout) {
  cexpr(fs, e);
  *jumpout = code_emit(fs->S, fs->p, BC_JMPF, 0, e->line);
}
