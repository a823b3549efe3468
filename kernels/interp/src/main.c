/* main.c - the il command: run a script file, a string, or the built-in benchmark. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "arena.h"
#include "ast.h"
#include "auxlib.h"
#include "code.h"
#include "compile.h"
#include "lex.h"
#include "vm.h"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[n] = '\0';
    *len = (size_t)n;
  }
  return buf;
}

static int show(State *S, const char *chunk, const char *src, size_t len, int ast) {
  ErrJmp ej;
  if (AUX_TRY(S, ej)) {
    if (ast) {
      Arena a;
      Lexer L;
      Block *b;
      arena_init(&a);
      lex_init(&L, S, &a, chunk, src, len);
      b = parse_chunk(&L);
      printf("-- %d nodes, %d folded\n", ast_countnodes(b), fold_block(b));
      ast_dump(b, 0);
      arena_free(&a);
    } else {
      code_dump(vm_load(S, chunk, src, len));
    }
    AUX_END(S, ej);
    return 0;
  }
  AUX_END(S, ej);
  fprintf(stderr, "il: %s\n", S->errmsg);
  return 1;
}

static void usage(void) {
  fprintf(stderr, "usage: il [-ast | -bc] [script | -e code | -bench N]\n"
                  "  with no script, runs the built-in benchmark (timing on stderr)\n");
}

int main(int argc, char **argv) {
  State *S = state_new();
  const char *path = NULL, *code = NULL;
  int mode = 0, bench = 0, status, i;
  char *src = NULL;
  size_t len = 0;
  clock_t t0;
  if (!S) return 1;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-ast") == 0) mode = 1;
    else if (strcmp(argv[i], "-bc") == 0) mode = 2;
    else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) code = argv[++i];
    else if (strcmp(argv[i], "-bench") == 0 && i + 1 < argc) bench = atoi(argv[++i]);
    else if (argv[i][0] == '-') {
      usage();
      return 2;
    } else path = argv[i];
  }
  init_libs(S);
  if (path) {
    src = read_file(path, &len);
    if (!src) {
      fprintf(stderr, "il: cannot read %s\n", path);
      return 1;
    }
  } else if (code) {
    src = strdup(code);
    len = strlen(code);
    path = "(command line)";
  } else {
    const char *b = bench_script(bench, &len);
    if (!b) {
      fprintf(stderr, "il: no benchmark %d (there are %d)\n", bench, bench_count());
      return 2;
    }
    src = strdup(b);
    path = "(benchmark)";
  }
  t0 = clock();
  if (mode) status = show(S, path, src, len, mode == 1);
  else status = vm_dostring(S, path, src, len);
  if (!code && src && path && strcmp(path, "(benchmark)") == 0) {
    fprintf(stderr, "il: %.3f s cpu, %zu collections\n", (double)(clock() - t0) / CLOCKS_PER_SEC, S->ncollections);
  }
  free(src);
  state_free(S);
  return status == IL_OK ? 0 : 1;
}
