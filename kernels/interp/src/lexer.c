/* lexer.c - turning source text into tokens. */
#include <stdio.h>
#include <string.h>
#include "auxlib.h"
#include "lex.h"
#include "strbuf.h"

void lex_init(Lexer *L, State *S, Arena *a, const char *chunk, const char *src, size_t len) {
  memset(L, 0, sizeof *L);
  L->S = S;
  L->arena = a;
  L->chunkname = chunk;
  L->src = src;
  L->len = len;
  L->line = 1;
}

void lex_error(Lexer *L, const char *msg) {
  char tok[64];
  snprintf(L->S->errmsg, sizeof L->S->errmsg, "%s:%d: %s near '%s'", L->chunkname, L->line, msg,
           lex_tokname(&L->cur, tok, sizeof tok));
  aux_throw(L->S, IL_ERRSYNTAX);
}

static int peekc(Lexer *L, size_t off) {
  return L->pos + off < L->len ? (unsigned char)L->src[L->pos + off] : -1;
}

static void skip_space(Lexer *L) {
  for (;;) {
    int c = peekc(L, 0);
    if (c == '\n') {
      L->line++;
      L->pos++;
    } else if (lc_isspace(c)) {
      L->pos++;
    } else if (c == '-' && peekc(L, 1) == '-') {
      while (L->pos < L->len && L->src[L->pos] != '\n') L->pos++;
    } else {
      return;
    }
  }
}

static void read_number(Lexer *L, Token *t) {
  size_t start = L->pos;
  if (peekc(L, 0) == '0' && (peekc(L, 1) == 'x' || peekc(L, 1) == 'X')) {
    L->pos += 2;
    while (lc_hexval(peekc(L, 0)) >= 0) L->pos++;
  } else {
    while (lc_isdigit(peekc(L, 0)) || peekc(L, 0) == '.') L->pos++;
    if (peekc(L, 0) == 'e' || peekc(L, 0) == 'E') {
      L->pos++;
      if (peekc(L, 0) == '+' || peekc(L, 0) == '-') L->pos++;
      while (lc_isdigit(peekc(L, 0))) L->pos++;
    }
  }
  t->kind = TK_NUMBER;
  if (!num_parse(L->src + start, L->pos - start, &t->num)) lex_error(L, "malformed number");
}

static void read_string(Lexer *L, Token *t, int quote) {
  StrBuf b;
  sb_init(&b, L->S);
  L->pos++;
  for (;;) {
    int c = peekc(L, 0);
    if (c < 0 || c == '\n') {
      sb_free(&b);
      lex_error(L, "unfinished string");
    }
    L->pos++;
    if (c == quote) break;
    if (c == '\\') {
      int e = lc_escape(peekc(L, 0));
      if (e < 0) {
        sb_free(&b);
        lex_error(L, "invalid escape sequence");
      }
      L->pos++;
      sb_addchar(&b, (char)e);
    } else {
      sb_addchar(&b, (char)c);
    }
  }
  t->kind = TK_STRING;
  t->str = arena_strdup(L->arena, b.data ? b.data : "", b.len);
  t->len = b.len;
  sb_free(&b);
}

static void scan(Lexer *L, Token *t) {
  int c;
  skip_space(L);
  t->line = L->line;
  t->str = NULL;
  t->len = 0;
  c = peekc(L, 0);
  if (c < 0) {
    t->kind = TK_EOF;
    return;
  }
  if (lc_isalpha(c)) {
    size_t start = L->pos;
    while (lc_isalnum(peekc(L, 0))) L->pos++;
    t->kind = lc_keyword(L->src + start, L->pos - start);
    if (t->kind == TK_NAME) {
      t->str = arena_strdup(L->arena, L->src + start, L->pos - start);
      t->len = L->pos - start;
    }
    return;
  }
  if (lc_isdigit(c) || (c == '.' && lc_isdigit(peekc(L, 1)))) {
    read_number(L, t);
    return;
  }
  if (c == '"' || c == '\'') {
    read_string(L, t, c);
    return;
  }
  L->pos++;
  t->kind = TK_CHAR;
  t->ch = c;
  switch (c) {
    case '=': if (peekc(L, 0) == '=') { L->pos++; t->kind = TK_EQ; } break;
    case '~': if (peekc(L, 0) == '=') { L->pos++; t->kind = TK_NE; } break;
    case '<': if (peekc(L, 0) == '=') { L->pos++; t->kind = TK_LE; } break;
    case '>': if (peekc(L, 0) == '=') { L->pos++; t->kind = TK_GE; } break;
    case '.': if (peekc(L, 0) == '.') { L->pos++; t->kind = TK_CONCAT; } break;
    default: break;
  }
}

void lex_next(Lexer *L) {
  if (L->hasahead) {
    L->cur = L->ahead;
    L->hasahead = 0;
  } else {
    scan(L, &L->cur);
  }
}

const Token *lex_peek(Lexer *L) {
  if (!L->hasahead) {
    scan(L, &L->ahead);
    L->hasahead = 1;
  }
  return &L->ahead;
}

static const char *const tknames[] = {
  "<eof>", "<name>", "<number>", "<string>",
  "and", "break", "do", "else", "elseif", "end", "false", "for",
  "function", "if", "local", "nil", "not", "or", "return", "then",
  "true", "while", "==", "~=", "<=", ">=", "..",
};

const char *lex_tokname(const Token *t, char *buf, size_t n) {
  if (t->kind == TK_CHAR) snprintf(buf, n, "%c", t->ch);
  else if (t->kind == TK_NAME || t->kind == TK_STRING) snprintf(buf, n, "%s", t->str ? t->str : "");
  else if (t->kind == TK_NUMBER) num_format(t->num, buf, n);
  else snprintf(buf, n, "%s", tknames[t->kind]);
  return buf;
}
