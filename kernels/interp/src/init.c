/* init.c - opening the standard libraries. */
#include "vm.h"

typedef void (*Opener)(State *S);

static const Opener openers[] = {
  lib_base_open, lib_string_open, lib_math_open, lib_table_open, lib_vec_open, lib_os_open,
};

void init_libs(State *S) {
  size_t i;
  for (i = 0; i < sizeof openers / sizeof openers[0]; i++) openers[i](S);
}
