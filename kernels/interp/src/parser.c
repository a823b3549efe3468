/* parser.c - statements and blocks (recursive descent). */
#include <stdio.h>
#include <string.h>
#include "auxlib.h"
#include "compile.h"
#include "lex.h"

int parse_check(Lexer *L, int tk) {
  if (tk >= 256) return L->cur.kind == TK_CHAR && L->cur.ch == tk - 256;
  return (int)L->cur.kind == tk;
}

void parse_expect(Lexer *L, int tk, const char *what) {
  char msg[96];
  if (!parse_check(L, tk)) {
    snprintf(msg, sizeof msg, "'%s' expected", what);
    lex_error(L, msg);
  }
  lex_next(L);
}

const char *parse_name(Lexer *L) {
  const char *n;
  if (L->cur.kind != TK_NAME) lex_error(L, "<name> expected");
  n = L->cur.str;
  lex_next(L);
  return n;
}

#define CH(c) (256 + (c))

static int block_follow(Lexer *L) {
  switch (L->cur.kind) {
    case TK_EOF: case TK_END: case TK_ELSE: case TK_ELSEIF: return 1;
    default: return 0;
  }
}

static Stmt *parse_statement(Lexer *L);

Block parse_block(Lexer *L) {
  Block b;
  memset(&b, 0, sizeof b);
  while (!block_follow(L)) {
    Stmt *s;
    if (parse_check(L, CH(';'))) {
      lex_next(L);
      continue;
    }
    s = parse_statement(L);
    ast_append(&b, s);
    if (s->k == S_RETURN || s->k == S_BREAK) {
      if (parse_check(L, CH(';'))) lex_next(L);
      if (!block_follow(L)) lex_error(L, "'end' expected after return or break");
      break;
    }
  }
  return b;
}

FuncDef *parse_funcbody(Lexer *L, const char *name, int line) {
  FuncDef *f = ast_funcdef(L->arena, name, line);
  parse_expect(L, CH('('), "(");
  if (!parse_check(L, CH(')'))) {
    do {
      ast_addparam(L->arena, f, parse_name(L));
    } while (parse_check(L, CH(',')) && (lex_next(L), 1));
  }
  parse_expect(L, CH(')'), ")");
  f->body = parse_block(L);
  parse_expect(L, TK_END, "end");
  return f;
}

static Stmt *parse_if(Lexer *L, int line) {
  Stmt *s = ast_stmt(L->arena, S_IF, line);
  lex_next(L); /* skip if / elseif */
  s->u.ifs.cond = parse_expr(L);
  parse_expect(L, TK_THEN, "then");
  s->u.ifs.then = parse_block(L);
  if (L->cur.kind == TK_ELSEIF) {
    s->u.ifs.haselse = 1;
    ast_append(&s->u.ifs.els, parse_if(L, L->cur.line));
    return s; /* the nested if consumed 'end' */
  }
  if (L->cur.kind == TK_ELSE) {
    lex_next(L);
    s->u.ifs.haselse = 1;
    s->u.ifs.els = parse_block(L);
  }
  parse_expect(L, TK_END, "end");
  return s;
}

static Stmt *parse_for(Lexer *L, int line) {
  Stmt *s = ast_stmt(L->arena, S_FORNUM, line);
  lex_next(L);
  s->u.fornum.var = parse_name(L);
  parse_expect(L, CH('='), "=");
  s->u.fornum.from = parse_expr(L);
  parse_expect(L, CH(','), ",");
  s->u.fornum.to = parse_expr(L);
  if (parse_check(L, CH(','))) {
    lex_next(L);
    s->u.fornum.step = parse_expr(L);
  }
  parse_expect(L, TK_DO, "do");
  s->u.fornum.body = parse_block(L);
  parse_expect(L, TK_END, "end");
  return s;
}

static Stmt *parse_function_stat(Lexer *L, int line) {
  Stmt *s;
  Expr *target;
  const char *name;
  lex_next(L);
  name = parse_name(L);
  if (!parse_check(L, CH('.'))) {
    s = ast_stmt(L->arena, S_FUNC, line);
    s->u.func.name = name;
    s->u.func.fn = parse_funcbody(L, name, line);
    return s;
  }
  /* function a.b.c(...) is an assignment to a field */
  target = ast_expr(L->arena, E_VAR, line);
  target->u.name = name;
  while (parse_check(L, CH('.'))) {
    Expr *idx = ast_expr(L->arena, E_INDEX, line), *key;
    lex_next(L);
    key = ast_expr(L->arena, E_STR, line);
    key->u.str.s = parse_name(L);
    key->u.str.len = strlen(key->u.str.s);
    idx->u.idx.obj = target;
    idx->u.idx.key = key;
    target = idx;
    name = key->u.str.s;
  }
  s = ast_stmt(L->arena, S_ASSIGN, line);
  s->u.assign.target = target;
  s->u.assign.val = ast_expr(L->arena, E_FUNC, line);
  s->u.assign.val->u.fn = parse_funcbody(L, name, line);
  return s;
}

static Stmt *parse_statement(Lexer *L) {
  int line = L->cur.line;
  Stmt *s;
  Expr *e;
  switch (L->cur.kind) {
    case TK_IF: return parse_if(L, line);
    case TK_WHILE:
      s = ast_stmt(L->arena, S_WHILE, line);
      lex_next(L);
      s->u.whiles.cond = parse_expr(L);
      parse_expect(L, TK_DO, "do");
      s->u.whiles.body = parse_block(L);
      parse_expect(L, TK_END, "end");
      return s;
    case TK_FOR: return parse_for(L, line);
    case TK_DO:
      s = ast_stmt(L->arena, S_DO, line);
      lex_next(L);
      s->u.body = parse_block(L);
      parse_expect(L, TK_END, "end");
      return s;
    case TK_FUNCTION: return parse_function_stat(L, line);
    case TK_LOCAL:
      lex_next(L);
      if (L->cur.kind == TK_FUNCTION) {
        lex_next(L);
        s = ast_stmt(L->arena, S_LOCALFUNC, line);
        s->u.func.name = parse_name(L);
        s->u.func.fn = parse_funcbody(L, s->u.func.name, line);
        return s;
      }
      s = ast_stmt(L->arena, S_LOCAL, line);
      s->u.local.name = parse_name(L);
      if (parse_check(L, CH('='))) {
        lex_next(L);
        s->u.local.init = parse_expr(L);
      }
      return s;
    case TK_RETURN:
      s = ast_stmt(L->arena, S_RETURN, line);
      lex_next(L);
      if (!block_follow(L) && !parse_check(L, CH(';'))) s->u.ret.e = parse_expr(L);
      return s;
    case TK_BREAK:
      lex_next(L);
      return ast_stmt(L->arena, S_BREAK, line);
    default:
      e = parse_suffixed(L);
      if (parse_check(L, CH('='))) {
        if (e->k != E_VAR && e->k != E_INDEX) lex_error(L, "cannot assign to this expression");
        lex_next(L);
        s = ast_stmt(L->arena, S_ASSIGN, line);
        s->u.assign.target = e;
        s->u.assign.val = parse_expr(L);
        return s;
      }
      if (e->k != E_CALL) lex_error(L, "syntax error (a statement must be a call or an assignment)");
      s = ast_stmt(L->arena, S_EXPR, line);
      s->u.expr = e;
      return s;
  }
}

Block *parse_chunk(Lexer *L) {
  Block *b = arena_alloc(L->arena, sizeof(Block));
  lex_next(L);
  *b = parse_block(L);
  if (L->cur.kind != TK_EOF) lex_error(L, "'<eof>' expected");
  return b;
}
