/* lexchar.c - character classes, escapes and the keyword table. */
#include <string.h>
#include "lex.h"

enum { C_ALPHA = 1, C_DIGIT = 2, C_SPACE = 4, C_HEX = 8 };

static unsigned char cls[256];
static int cls_ready;

static void cls_init(void) {
  int c;
  for (c = 'a'; c <= 'z'; c++) cls[c] |= C_ALPHA;
  for (c = 'A'; c <= 'Z'; c++) cls[c] |= C_ALPHA;
  cls['_'] |= C_ALPHA;
  for (c = '0'; c <= '9'; c++) cls[c] |= C_DIGIT | C_HEX;
  for (c = 'a'; c <= 'f'; c++) cls[c] |= C_HEX;
  for (c = 'A'; c <= 'F'; c++) cls[c] |= C_HEX;
  cls[' '] = cls['\t'] = cls['\n'] = cls['\r'] = cls['\f'] = cls['\v'] = C_SPACE;
  cls_ready = 1;
}

static int has(int c, int bit) {
  if (!cls_ready) cls_init();
  return c >= 0 && c < 256 && (cls[c] & bit);
}

int lc_isalpha(int c) { return has(c, C_ALPHA); }
int lc_isdigit(int c) { return has(c, C_DIGIT); }
int lc_isalnum(int c) { return has(c, C_ALPHA | C_DIGIT); }
int lc_isspace(int c) { return has(c, C_SPACE); }

int lc_hexval(int c) {
  if (!has(c, C_HEX)) return -1;
  if (c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

int lc_escape(int c) {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'v': return '\v';
    case '\\': return '\\';
    case '"': return '"';
    case '\'': return '\'';
    case '\n': return '\n';
    case '0': return '\0';
    default: return -1;
  }
}

static const struct {
  const char *word;
  TokKind kind;
} keywords[] = {
  {"and", TK_AND}, {"break", TK_BREAK}, {"do", TK_DO}, {"else", TK_ELSE},
  {"elseif", TK_ELSEIF}, {"end", TK_END}, {"false", TK_FALSE}, {"for", TK_FOR},
  {"function", TK_FUNCTION}, {"if", TK_IF}, {"local", TK_LOCAL}, {"nil", TK_NIL},
  {"not", TK_NOT}, {"or", TK_OR}, {"return", TK_RETURN}, {"then", TK_THEN},
  {"true", TK_TRUE}, {"while", TK_WHILE},
};

TokKind lc_keyword(const char *s, size_t len) {
  size_t lo = 0, hi = sizeof keywords / sizeof keywords[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strncmp(s, keywords[mid].word, len);
    if (c == 0 && keywords[mid].word[len] != '\0') c = -1;
    if (c == 0) return keywords[mid].kind;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return TK_NAME;
}
