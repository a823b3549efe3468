/* pexpr.c - expressions: precedence climbing over binary operators. */
#include <string.h>
#include "compile.h"
#include "lex.h"

#define CH(c) (256 + (c))

static const struct {
  int left, right;
} priority[] = {
  {6, 6}, {6, 6},           /* + - */
  {7, 7}, {7, 7}, {7, 7},   /* * / % */
  {5, 4},                   /* .. (right associative) */
  {3, 3}, {3, 3}, {3, 3}, {3, 3}, {3, 3}, {3, 3}, /* comparisons */
};
#define PRIO_AND 2
#define PRIO_OR 1
#define UNARY_PRIORITY 8

/* Returns the operator of the current token, or -1; E_AND / E_OR via *logic. */
static int binop(const Token *t, int *logic) {
  *logic = 0;
  switch (t->kind) {
    case TK_AND: *logic = E_AND; return 0;
    case TK_OR: *logic = E_OR; return 0;
    case TK_EQ: return OP_EQ_;
    case TK_NE: return OP_NE_;
    case TK_LE: return OP_LE_;
    case TK_GE: return OP_GE_;
    case TK_CONCAT: return OP_CONCAT_;
    case TK_CHAR:
      switch (t->ch) {
        case '+': return OP_ADD_;
        case '-': return OP_SUB_;
        case '*': return OP_MUL_;
        case '/': return OP_DIV_;
        case '%': return OP_MOD_;
        case '<': return OP_LT_;
        case '>': return OP_GT_;
        default: return -1;
      }
    default: return -1;
  }
}

static Expr *parse_table(Lexer *L) {
  Expr *e = ast_expr(L->arena, E_TABLE, L->cur.line);
  TField **link = &e->u.tab.fields;
  parse_expect(L, CH('{'), "{");
  while (!parse_check(L, CH('}'))) {
    TField *f = arena_alloc(L->arena, sizeof(TField));
    if (L->cur.kind == TK_NAME && lex_peek(L)->kind == TK_CHAR && lex_peek(L)->ch == '=') {
      f->key = ast_expr(L->arena, E_STR, L->cur.line);
      f->key->u.str.s = L->cur.str;
      f->key->u.str.len = L->cur.len;
      lex_next(L);
      lex_next(L);
      f->val = parse_expr(L);
      e->u.tab.nhash++;
    } else if (parse_check(L, CH('['))) {
      lex_next(L);
      f->key = parse_expr(L);
      parse_expect(L, CH(']'), "]");
      parse_expect(L, CH('='), "=");
      f->val = parse_expr(L);
      e->u.tab.nhash++;
    } else {
      f->val = parse_expr(L);
      e->u.tab.narr++;
    }
    *link = f;
    link = &f->next;
    if (parse_check(L, CH(',')) || parse_check(L, CH(';'))) lex_next(L);
    else break;
  }
  parse_expect(L, CH('}'), "}");
  return e;
}

static Expr *parse_primary(Lexer *L) {
  Expr *e;
  if (L->cur.kind == TK_NAME) {
    e = ast_expr(L->arena, E_VAR, L->cur.line);
    e->u.name = L->cur.str;
    lex_next(L);
    return e;
  }
  if (parse_check(L, CH('('))) {
    lex_next(L);
    e = parse_expr(L);
    parse_expect(L, CH(')'), ")");
    return e;
  }
  lex_error(L, "unexpected symbol");
}

static Expr *parse_call(Lexer *L, Expr *fn) {
  Expr *e = ast_expr(L->arena, E_CALL, L->cur.line);
  ExprList *tail = NULL;
  e->u.call.fn = fn;
  if (L->cur.kind == TK_STRING) {
    Expr *s = ast_expr(L->arena, E_STR, L->cur.line);
    s->u.str.s = L->cur.str;
    s->u.str.len = L->cur.len;
    lex_next(L);
    e->u.call.args = ast_exprlist(L->arena, s, &tail);
    e->u.call.nargs = 1;
    return e;
  }
  if (parse_check(L, CH('{'))) {
    e->u.call.args = ast_exprlist(L->arena, parse_table(L), &tail);
    e->u.call.nargs = 1;
    return e;
  }
  parse_expect(L, CH('('), "(");
  if (!parse_check(L, CH(')'))) {
    for (;;) {
      ExprList *l = ast_exprlist(L->arena, parse_expr(L), &tail);
      if (!e->u.call.args) e->u.call.args = l;
      e->u.call.nargs++;
      if (!parse_check(L, CH(','))) break;
      lex_next(L);
    }
  }
  parse_expect(L, CH(')'), ")");
  return e;
}

Expr *parse_suffixed(Lexer *L) {
  Expr *e = parse_primary(L);
  for (;;) {
    if (parse_check(L, CH('.'))) {
      Expr *idx = ast_expr(L->arena, E_INDEX, L->cur.line), *key;
      lex_next(L);
      key = ast_expr(L->arena, E_STR, L->cur.line);
      key->u.str.s = parse_name(L);
      key->u.str.len = strlen(key->u.str.s);
      idx->u.idx.obj = e;
      idx->u.idx.key = key;
      e = idx;
    } else if (parse_check(L, CH('['))) {
      Expr *idx = ast_expr(L->arena, E_INDEX, L->cur.line);
      lex_next(L);
      idx->u.idx.obj = e;
      idx->u.idx.key = parse_expr(L);
      parse_expect(L, CH(']'), "]");
      e = idx;
    } else if (parse_check(L, CH('(')) || parse_check(L, CH('{')) || L->cur.kind == TK_STRING) {
      e = parse_call(L, e);
    } else {
      return e;
    }
  }
}

static Expr *parse_simple(Lexer *L) {
  Expr *e;
  int line = L->cur.line;
  switch (L->cur.kind) {
    case TK_NUMBER:
      e = ast_expr(L->arena, E_NUM, line);
      e->u.num = L->cur.num;
      lex_next(L);
      return e;
    case TK_STRING:
      e = ast_expr(L->arena, E_STR, line);
      e->u.str.s = L->cur.str;
      e->u.str.len = L->cur.len;
      lex_next(L);
      return e;
    case TK_NIL: lex_next(L); return ast_expr(L->arena, E_NIL, line);
    case TK_TRUE: lex_next(L); return ast_expr(L->arena, E_TRUE, line);
    case TK_FALSE: lex_next(L); return ast_expr(L->arena, E_FALSE, line);
    case TK_FUNCTION:
      lex_next(L);
      e = ast_expr(L->arena, E_FUNC, line);
      e->u.fn = parse_funcbody(L, NULL, line);
      return e;
    default:
      if (parse_check(L, CH('{'))) return parse_table(L);
      return parse_suffixed(L);
  }
}

static Expr *parse_sub(Lexer *L, int limit) {
  Expr *left;
  int op, logic;
  if (L->cur.kind == TK_NOT || parse_check(L, CH('-')) || parse_check(L, CH('#'))) {
    Expr *u = ast_expr(L->arena, E_UN, L->cur.line);
    u->u.un.op = L->cur.kind == TK_NOT ? OP_NOT_ : parse_check(L, CH('-')) ? OP_NEG_ : OP_LEN_;
    lex_next(L);
    u->u.un.e = parse_sub(L, UNARY_PRIORITY);
    left = u;
  } else {
    left = parse_simple(L);
  }
  for (;;) {
    int lp, rp;
    Expr *b;
    op = binop(&L->cur, &logic);
    if (op < 0) break;
    lp = logic == E_AND ? PRIO_AND : logic == E_OR ? PRIO_OR : priority[op].left;
    rp = logic == E_AND ? PRIO_AND : logic == E_OR ? PRIO_OR : priority[op].right;
    if (lp <= limit) break;
    b = ast_expr(L->arena, logic ? (ExprKind)logic : E_BIN, L->cur.line);
    lex_next(L);
    b->u.bin.op = (AstOp)op;
    b->u.bin.l = left;
    b->u.bin.r = parse_sub(L, rp);
    left = b;
  }
  return left;
}

Expr *parse_expr(Lexer *L) {
  return parse_sub(L, 0);
}
