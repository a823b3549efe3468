/* ast.c - building syntax tree nodes in the compile arena. */
#include <string.h>
#include "ast.h"

Expr *ast_expr(Arena *a, ExprKind k, int line) {
  Expr *e = arena_alloc(a, sizeof(Expr));
  e->k = k;
  e->line = line;
  return e;
}

Stmt *ast_stmt(Arena *a, StmtKind k, int line) {
  Stmt *s = arena_alloc(a, sizeof(Stmt));
  s->k = k;
  s->line = line;
  s->next = NULL;
  return s;
}

void ast_append(Block *b, Stmt *s) {
  if (b->last) b->last->next = s;
  else b->first = s;
  b->last = s;
  b->count++;
}

ExprList *ast_exprlist(Arena *a, Expr *e, ExprList **tail) {
  ExprList *l = arena_alloc(a, sizeof(ExprList));
  l->e = e;
  l->next = NULL;
  if (*tail) (*tail)->next = l;
  *tail = l;
  return l;
}

FuncDef *ast_funcdef(Arena *a, const char *name, int line) {
  FuncDef *f = arena_alloc(a, sizeof(FuncDef));
  f->name = name;
  f->line = line;
  return f;
}

void ast_addparam(Arena *a, FuncDef *f, const char *name) {
  Param *p = arena_alloc(a, sizeof(Param)), **link = &f->params;
  p->name = name;
  while (*link) link = &(*link)->next;
  *link = p;
  f->nparams++;
}

static int count_expr(const Expr *e);

static int count_block(const Block *b) {
  const Stmt *s;
  int n = 0;
  for (s = b->first; s; s = s->next) {
    n++;
    switch (s->k) {
      case S_LOCAL: if (s->u.local.init) n += count_expr(s->u.local.init); break;
      case S_ASSIGN: n += count_expr(s->u.assign.target) + count_expr(s->u.assign.val); break;
      case S_EXPR: n += count_expr(s->u.expr); break;
      case S_IF: n += count_expr(s->u.ifs.cond) + count_block(&s->u.ifs.then) + count_block(&s->u.ifs.els); break;
      case S_WHILE: n += count_expr(s->u.whiles.cond) + count_block(&s->u.whiles.body); break;
      case S_FORNUM: n += count_block(&s->u.fornum.body); break;
      case S_FUNC: case S_LOCALFUNC: n += count_block(&s->u.func.fn->body); break;
      case S_RETURN: if (s->u.ret.e) n += count_expr(s->u.ret.e); break;
      case S_DO: n += count_block(&s->u.body); break;
      case S_BREAK: break;
    }
  }
  return n;
}

static int count_expr(const Expr *e) {
  const ExprList *l;
  const TField *f;
  int n = 1;
  switch (e->k) {
    case E_INDEX: return n + count_expr(e->u.idx.obj) + count_expr(e->u.idx.key);
    case E_CALL:
      n += count_expr(e->u.call.fn);
      for (l = e->u.call.args; l; l = l->next) n += count_expr(l->e);
      return n;
    case E_BIN: case E_AND: case E_OR: return n + count_expr(e->u.bin.l) + count_expr(e->u.bin.r);
    case E_UN: return n + count_expr(e->u.un.e);
    case E_TABLE:
      for (f = e->u.tab.fields; f; f = f->next) n += (f->key ? count_expr(f->key) : 0) + count_expr(f->val);
      return n;
    case E_FUNC: return n + count_block(&e->u.fn->body);
    default: return n;
  }
}

int ast_countnodes(const Block *b) {
  return count_block(b);
}

const char *ast_opname(AstOp op) {
  static const char *const names[] = {"+", "-", "*", "/", "%", "..", "==", "~=", "<", "<=", ">", ">=", "-", "not", "#"};
  return names[op];
}
