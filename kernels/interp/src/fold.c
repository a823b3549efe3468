/* fold.c - constant folding of numeric expressions before code generation. */
#include <math.h>
#include "ast.h"

static int fold_expr(Expr *e);

static int isnum(const Expr *e) {
  return e->k == E_NUM;
}

static int fold_binary(Expr *e) {
  double a, b, r;
  if (!isnum(e->u.bin.l) || !isnum(e->u.bin.r)) return 0;
  a = e->u.bin.l->u.num;
  b = e->u.bin.r->u.num;
  switch (e->u.bin.op) {
    case OP_ADD_: r = a + b; break;
    case OP_SUB_: r = a - b; break;
    case OP_MUL_: r = a * b; break;
    case OP_DIV_:
      if (b == 0) return 0;
      r = a / b;
      break;
    case OP_MOD_:
      if (b == 0) return 0;
      r = a - floor(a / b) * b;
      break;
    default: return 0;
  }
  e->k = E_NUM;
  e->u.num = r;
  return 1;
}

static int fold_expr(Expr *e) {
  int n = 0;
  ExprList *l;
  TField *f;
  switch (e->k) {
    case E_BIN:
      n += fold_expr(e->u.bin.l) + fold_expr(e->u.bin.r);
      n += fold_binary(e);
      break;
    case E_AND: case E_OR:
      n += fold_expr(e->u.bin.l) + fold_expr(e->u.bin.r);
      break;
    case E_UN:
      n += fold_expr(e->u.un.e);
      if (e->u.un.op == OP_NEG_ && isnum(e->u.un.e)) {
        double v = -e->u.un.e->u.num;
        e->k = E_NUM;
        e->u.num = v;
        n++;
      }
      break;
    case E_INDEX: n += fold_expr(e->u.idx.obj) + fold_expr(e->u.idx.key); break;
    case E_CALL:
      n += fold_expr(e->u.call.fn);
      for (l = e->u.call.args; l; l = l->next) n += fold_expr(l->e);
      break;
    case E_TABLE:
      for (f = e->u.tab.fields; f; f = f->next) {
        if (f->key) n += fold_expr(f->key);
        n += fold_expr(f->val);
      }
      break;
    case E_FUNC: n += fold_block(&e->u.fn->body); break;
    default: break;
  }
  return n;
}

int fold_block(Block *b) {
  Stmt *s;
  int n = 0;
  for (s = b->first; s; s = s->next) {
    switch (s->k) {
      case S_LOCAL: if (s->u.local.init) n += fold_expr(s->u.local.init); break;
      case S_ASSIGN: n += fold_expr(s->u.assign.target) + fold_expr(s->u.assign.val); break;
      case S_EXPR: n += fold_expr(s->u.expr); break;
      case S_IF:
        n += fold_expr(s->u.ifs.cond) + fold_block(&s->u.ifs.then) + fold_block(&s->u.ifs.els);
        break;
      case S_WHILE: n += fold_expr(s->u.whiles.cond) + fold_block(&s->u.whiles.body); break;
      case S_FORNUM:
        n += fold_expr(s->u.fornum.from) + fold_expr(s->u.fornum.to);
        if (s->u.fornum.step) n += fold_expr(s->u.fornum.step);
        n += fold_block(&s->u.fornum.body);
        break;
      case S_FUNC: case S_LOCALFUNC: n += fold_block(&s->u.func.fn->body); break;
      case S_RETURN: if (s->u.ret.e) n += fold_expr(s->u.ret.e); break;
      case S_DO: n += fold_block(&s->u.body); break;
      case S_BREAK: break;
    }
  }
  return n;
}
