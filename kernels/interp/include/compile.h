/* compile.h - from AST to Proto. */
#ifndef COMPILE_H
#define COMPILE_H
#include "il.h"
#include "ast.h"
#include "code.h"

typedef struct LocalVar {
  const char *name;
  int slot;
  int depth;
} LocalVar;

typedef struct BreakList {
  int at;
  struct BreakList *next;
} BreakList;

typedef struct LoopCtx {
  BreakList *breaks;
  struct LoopCtx *outer;
} LoopCtx;

typedef struct FuncState {
  State *S;
  Arena *arena;
  Proto *p;
  struct FuncState *parent;
  LocalVar *vars;
  int nvars, capvars;
  int depth;
  int nextslot;
  LoopCtx *loop;
} FuncState;

/* scope.c */
void scope_enter(FuncState *fs);
void scope_leave(FuncState *fs);
int scope_declare(FuncState *fs, const char *name);
int scope_resolve(const FuncState *fs, const char *name);
int scope_temp(FuncState *fs);

/* compiler.c */
Proto *compile_chunk(State *S, Arena *a, Block *b, const char *name);
void compile_block(FuncState *fs, Block *b);
Proto *compile_function(FuncState *parent, FuncDef *f);

/* cexpr.c */
void cexpr(FuncState *fs, Expr *e);
void cexpr_condjump(FuncState *fs, Expr *e, int *jumpout);

/* parser.c / pexpr.c */
struct Lexer;
Block *parse_chunk(struct Lexer *L);
Block parse_block(struct Lexer *L);
Expr *parse_expr(struct Lexer *L);
Expr *parse_suffixed(struct Lexer *L);
FuncDef *parse_funcbody(struct Lexer *L, const char *name, int line);
void parse_expect(struct Lexer *L, int tk, const char *what);
int parse_check(struct Lexer *L, int tk);
const char *parse_name(struct Lexer *L);

#endif
