/* lib_os.c - clock and output without a newline. */
#include <stdio.h>
#include <time.h>
#include "auxlib.h"
#include "strbuf.h"

static Value o_clock(State *S, int nargs, Value *args) {
  (void)S;
  (void)nargs;
  (void)args;
  return v_num((double)clock() / CLOCKS_PER_SEC);
}

static Value io_write(State *S, int nargs, Value *args) {
  int i;
  for (i = 0; i < nargs; i++) {
    String *s = aux_checkstr(S, "write", args, nargs, i);
    fwrite(s->data, 1, s->len, stdout);
  }
  return v_nil();
}

static Value io_stderr(State *S, int nargs, Value *args) {
  int i;
  for (i = 0; i < nargs; i++) {
    String *s = aux_checkstr(S, "stderr", args, nargs, i);
    fwrite(s->data, 1, s->len, stderr);
  }
  return v_nil();
}

void lib_os_open(State *S) {
  Table *os = aux_newlib(S, "os");
  Table *io = aux_newlib(S, "io");
  aux_register(S, os, "clock", o_clock);
  aux_register(S, io, "write", io_write);
  aux_register(S, io, "stderr", io_stderr);
}
