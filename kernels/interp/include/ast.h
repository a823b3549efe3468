/* ast.h - the syntax tree the parser builds and the compiler walks. */
#ifndef AST_H
#define AST_H
#include "arena.h"

typedef enum {
  E_NIL, E_TRUE, E_FALSE, E_NUM, E_STR, E_VAR, E_INDEX, E_CALL,
  E_BIN, E_UN, E_AND, E_OR, E_TABLE, E_FUNC
} ExprKind;

typedef enum {
  OP_ADD_, OP_SUB_, OP_MUL_, OP_DIV_, OP_MOD_, OP_CONCAT_,
  OP_EQ_, OP_NE_, OP_LT_, OP_LE_, OP_GT_, OP_GE_,
  OP_NEG_, OP_NOT_, OP_LEN_
} AstOp;

struct Expr;
struct Stmt;
struct FuncDef;

typedef struct ExprList {
  struct Expr *e;
  struct ExprList *next;
} ExprList;

typedef struct TField {
  struct Expr *key; /* NULL: positional */
  struct Expr *val;
  struct TField *next;
} TField;

typedef struct Expr {
  ExprKind k;
  int line;
  union {
    double num;
    struct { const char *s; size_t len; } str;
    const char *name;
    struct { struct Expr *obj, *key; } idx;
    struct { struct Expr *fn; ExprList *args; int nargs; } call;
    struct { AstOp op; struct Expr *l, *r; } bin;
    struct { AstOp op; struct Expr *e; } un;
    struct { TField *fields; int narr, nhash; } tab;
    struct FuncDef *fn;
  } u;
} Expr;

typedef enum {
  S_LOCAL, S_ASSIGN, S_EXPR, S_IF, S_WHILE, S_FORNUM, S_FUNC, S_LOCALFUNC,
  S_RETURN, S_BREAK, S_DO
} StmtKind;

typedef struct Block {
  struct Stmt *first;
  struct Stmt *last;
  int count;
} Block;

typedef struct Stmt {
  StmtKind k;
  int line;
  struct Stmt *next;
  union {
    struct { const char *name; Expr *init; } local;
    struct { Expr *target; Expr *val; } assign;
    Expr *expr;
    struct { Expr *cond; Block then; Block els; int haselse; } ifs;
    struct { Expr *cond; Block body; } whiles;
    struct { const char *var; Expr *from, *to, *step; Block body; } fornum;
    struct { const char *name; struct FuncDef *fn; } func;
    struct { Expr *e; } ret;
    Block body;
  } u;
} Stmt;

typedef struct Param {
  const char *name;
  struct Param *next;
} Param;

typedef struct FuncDef {
  const char *name;
  Param *params;
  int nparams;
  Block body;
  int line;
} FuncDef;

/* ast.c */
Expr *ast_expr(Arena *a, ExprKind k, int line);
Stmt *ast_stmt(Arena *a, StmtKind k, int line);
void ast_append(Block *b, Stmt *s);
ExprList *ast_exprlist(Arena *a, Expr *e, ExprList **tail);
FuncDef *ast_funcdef(Arena *a, const char *name, int line);
void ast_addparam(Arena *a, FuncDef *f, const char *name);
int ast_countnodes(const Block *b);
const char *ast_opname(AstOp op);

/* astdump.c */
void ast_dump(const Block *b, int indent);

/* fold.c */
int fold_block(Block *b);

#endif
