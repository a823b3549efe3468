/* auxlib.h - error handling and argument checking for natives. */
#ifndef AUXLIB_H
#define AUXLIB_H
#include "il.h"

#define IL_OK 0
#define IL_ERRRUN 1
#define IL_ERRSYNTAX 2
#define IL_ERRMEM 3

#define AUX_TRY(S, ej) \
  ((ej).prev = (S)->errjmp, (ej).status = 0, (S)->errjmp = &(ej), setjmp((ej).buf) == 0)
#define AUX_END(S, ej) ((S)->errjmp = (ej).prev)

void aux_error(State *S, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void aux_throw(State *S, int status) __attribute__((noreturn));
void aux_checkargs(State *S, const char *fname, int nargs, int min);
double aux_checknum(State *S, const char *fname, Value *args, int nargs, int i);
long aux_checkint(State *S, const char *fname, Value *args, int nargs, int i);
String *aux_checkstr(State *S, const char *fname, Value *args, int nargs, int i);
Table *aux_checktable(State *S, const char *fname, Value *args, int nargs, int i);
double aux_optnum(State *S, const char *fname, Value *args, int nargs, int i, double def);
void aux_register(State *S, Table *lib, const char *name, NativeFn fn);
Table *aux_newlib(State *S, const char *name);

#endif
