/* vm.h - execution. */
#ifndef VM_H
#define VM_H
#include "il.h"

int vm_execute(State *S, int stopframe);
Value vm_call(State *S, Value fn, int nargs, const Value *args);
int vm_pcall(State *S, Value fn, int nargs, const Value *args, Value *result);
int vm_dostring(State *S, const char *chunk, const char *src, size_t len);
Proto *vm_load(State *S, const char *chunk, const char *src, size_t len);

/* arith.c */
Value arith_op(State *S, int op, Value a, Value b);
int arith_lt(State *S, Value a, Value b);
int arith_le(State *S, Value a, Value b);
Value arith_concat(State *S, Value a, Value b);
Value arith_len(State *S, Value a);
int arith_cmpstr(const String *a, const String *b);

/* call.c */
void call_prepare(State *S, Value *fnslot, int nargs);
void call_native(State *S, Value *fnslot, int nargs);
void call_return(State *S, Value result);
int call_depth(const State *S);

/* debug.c */
void debug_traceback(State *S, char *buf, size_t n);
void debug_where(State *S, char *buf, size_t n);

/* libs */
void init_libs(State *S);
void lib_base_open(State *S);
void lib_string_open(State *S);
void lib_math_open(State *S);
void lib_table_open(State *S);
void lib_vec_open(State *S);
void lib_os_open(State *S);

/* bench.c */
const char *bench_script(int which, size_t *len);
int bench_count(void);

#endif
