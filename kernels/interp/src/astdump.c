/* astdump.c - printing the syntax tree (the -ast option of the main program). */
#include <stdio.h>
#include "ast.h"

static void dump_expr(const Expr *e);

static void pad(int n) {
  while (n-- > 0) fputs("  ", stdout);
}

static void dump_args(const ExprList *l) {
  putchar('(');
  for (; l; l = l->next) {
    dump_expr(l->e);
    if (l->next) fputs(", ", stdout);
  }
  putchar(')');
}

static void dump_expr(const Expr *e) {
  const TField *f;
  switch (e->k) {
    case E_NIL: fputs("nil", stdout); break;
    case E_TRUE: fputs("true", stdout); break;
    case E_FALSE: fputs("false", stdout); break;
    case E_NUM: printf("%.14g", e->u.num); break;
    case E_STR: printf("\"%s\"", e->u.str.s); break;
    case E_VAR: fputs(e->u.name, stdout); break;
    case E_INDEX:
      dump_expr(e->u.idx.obj);
      putchar('[');
      dump_expr(e->u.idx.key);
      putchar(']');
      break;
    case E_CALL:
      dump_expr(e->u.call.fn);
      dump_args(e->u.call.args);
      break;
    case E_BIN: case E_AND: case E_OR:
      putchar('(');
      dump_expr(e->u.bin.l);
      printf(" %s ", e->k == E_AND ? "and" : e->k == E_OR ? "or" : ast_opname(e->u.bin.op));
      dump_expr(e->u.bin.r);
      putchar(')');
      break;
    case E_UN:
      printf("%s", ast_opname(e->u.un.op));
      dump_expr(e->u.un.e);
      break;
    case E_TABLE:
      putchar('{');
      for (f = e->u.tab.fields; f; f = f->next) {
        if (f->key) {
          putchar('[');
          dump_expr(f->key);
          fputs("]=", stdout);
        }
        dump_expr(f->val);
        if (f->next) fputs(", ", stdout);
      }
      putchar('}');
      break;
    case E_FUNC: printf("function<%s/%d>", e->u.fn->name ? e->u.fn->name : "anon", e->u.fn->nparams); break;
  }
}

void ast_dump(const Block *b, int indent) {
  const Stmt *s;
  for (s = b->first; s; s = s->next) {
    pad(indent);
    switch (s->k) {
      case S_LOCAL:
        printf("local %s", s->u.local.name);
        if (s->u.local.init) {
          fputs(" = ", stdout);
          dump_expr(s->u.local.init);
        }
        putchar('\n');
        break;
      case S_ASSIGN:
        dump_expr(s->u.assign.target);
        fputs(" = ", stdout);
        dump_expr(s->u.assign.val);
        putchar('\n');
        break;
      case S_EXPR: dump_expr(s->u.expr); putchar('\n'); break;
      case S_IF:
        fputs("if ", stdout);
        dump_expr(s->u.ifs.cond);
        putchar('\n');
        ast_dump(&s->u.ifs.then, indent + 1);
        if (s->u.ifs.haselse) {
          pad(indent);
          puts("else");
          ast_dump(&s->u.ifs.els, indent + 1);
        }
        break;
      case S_WHILE:
        fputs("while ", stdout);
        dump_expr(s->u.whiles.cond);
        putchar('\n');
        ast_dump(&s->u.whiles.body, indent + 1);
        break;
      case S_FORNUM:
        printf("for %s = ", s->u.fornum.var);
        dump_expr(s->u.fornum.from);
        fputs(", ", stdout);
        dump_expr(s->u.fornum.to);
        putchar('\n');
        ast_dump(&s->u.fornum.body, indent + 1);
        break;
      case S_FUNC: case S_LOCALFUNC:
        printf("%sfunction %s/%d\n", s->k == S_LOCALFUNC ? "local " : "", s->u.func.name, s->u.func.fn->nparams);
        ast_dump(&s->u.func.fn->body, indent + 1);
        break;
      case S_RETURN:
        fputs("return ", stdout);
        if (s->u.ret.e) dump_expr(s->u.ret.e);
        putchar('\n');
        break;
      case S_BREAK: puts("break"); break;
      case S_DO:
        puts("do");
        ast_dump(&s->u.body, indent + 1);
        break;
    }
  }
}
