/* lex.h - the tokenizer. */
#ifndef LEX_H
#define LEX_H
#include "il.h"
#include "arena.h"

typedef enum {
  TK_EOF, TK_NAME, TK_NUMBER, TK_STRING,
  /* keywords */
  TK_AND, TK_BREAK, TK_DO, TK_ELSE, TK_ELSEIF, TK_END, TK_FALSE, TK_FOR,
  TK_FUNCTION, TK_IF, TK_LOCAL, TK_NIL, TK_NOT, TK_OR, TK_RETURN, TK_THEN,
  TK_TRUE, TK_WHILE,
  /* multi-char operators */
  TK_EQ, TK_NE, TK_LE, TK_GE, TK_CONCAT,
  /* single chars use their own code, above 255 none */
  TK_CHAR
} TokKind;

typedef struct Token {
  TokKind kind;
  int ch;          /* for TK_CHAR */
  int line;
  double num;
  const char *str; /* names and strings, arena-owned */
  size_t len;
} Token;

typedef struct Lexer {
  State *S;
  Arena *arena;
  const char *src;
  size_t pos, len;
  int line;
  const char *chunkname;
  Token cur;
  Token ahead;
  int hasahead;
} Lexer;

void lex_init(Lexer *L, State *S, Arena *a, const char *chunk, const char *src, size_t len);
void lex_next(Lexer *L);
const Token *lex_peek(Lexer *L);
const char *lex_tokname(const Token *t, char *buf, size_t n);
void lex_error(Lexer *L, const char *msg) __attribute__((noreturn));

/* lexchar.c */
int lc_isalpha(int c);
int lc_isdigit(int c);
int lc_isalnum(int c);
int lc_isspace(int c);
int lc_hexval(int c);
int lc_escape(int c);
TokKind lc_keyword(const char *s, size_t len);

#endif
