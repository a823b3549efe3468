/* call.c - call frames, native calls, protected calls, loading chunks. */
#include <stdio.h>
#include <string.h>
#include "auxlib.h"
#include "compile.h"
#include "lex.h"
#include "vm.h"

void call_prepare(State *S, Value *fnslot, int nargs) {
  Closure *cl = fnslot->u.f;
  Proto *p = cl->p;
  Value *base = fnslot + 1;
  CallFrame *f;
  int i;
  if (S->nframes >= IL_FRAMES) aux_error(S, "stack overflow (more than %d nested calls)", IL_FRAMES);
  if (base + p->nslots + 1024 >= S->stack + IL_STACK) aux_error(S, "stack overflow");
  for (i = nargs < p->nparams ? nargs : p->nparams; i < p->nslots; i++) base[i] = v_nil();
  S->top = base + p->nslots;
  f = &S->frames[S->nframes++];
  f->cl = cl;
  f->pc = p->code;
  f->base = base;
}

void call_return(State *S, Value result) {
  CallFrame *f = &S->frames[S->nframes - 1];
  Value *fnslot = f->base - 1;
  *fnslot = result;
  S->top = fnslot + 1;
  S->nframes--;
}

void call_native(State *S, Value *fnslot, int nargs) {
  Native *nf = fnslot->u.nf;
  ptrdiff_t off = fnslot - S->stack;
  Value r;
  S->nativedepth++;
  r = nf->fn(S, nargs, fnslot + 1);
  S->nativedepth--;
  fnslot = S->stack + off;
  *fnslot = r;
  S->top = fnslot + 1;
}

int call_depth(const State *S) {
  return S->nframes;
}

Value vm_call(State *S, Value fn, int nargs, const Value *args) {
  Value *slot = S->top, r;
  int i;
  state_push(S, fn);
  for (i = 0; i < nargs; i++) state_push(S, args[i]);
  if (fn.t == T_FUNC) {
    int depth = S->nframes;
    call_prepare(S, slot, nargs);
    vm_execute(S, depth);
  } else if (fn.t == T_NATIVE) {
    call_native(S, slot, nargs);
  } else {
    aux_error(S, "attempt to call a %s value", obj_typename(fn.t));
  }
  r = *slot;
  S->top = slot;
  return r;
}

int vm_pcall(State *S, Value fn, int nargs, const Value *args, Value *result) {
  ErrJmp ej;
  Value *top = S->top;
  int nframes = S->nframes, nativedepth = S->nativedepth;
  if (AUX_TRY(S, ej)) {
    *result = vm_call(S, fn, nargs, args);
    AUX_END(S, ej);
    return IL_OK;
  }
  AUX_END(S, ej);
  S->top = top;
  S->nframes = nframes;
  S->nativedepth = nativedepth;
  *result = S->errval.t != T_NIL ? S->errval : v_str(str_cstr(S, S->errmsg));
  S->errval = v_nil();
  return ej.status;
}

Proto *vm_load(State *S, const char *chunk, const char *src, size_t len) {
  Arena arena;
  Lexer L;
  ErrJmp ej;
  Proto *p = NULL;
  arena_init(&arena);
  lex_init(&L, S, &arena, chunk, src, len);
  if (AUX_TRY(S, ej)) {
    Block *b = parse_chunk(&L);
    p = compile_chunk(S, &arena, b, chunk);
    AUX_END(S, ej);
    arena_free(&arena);
    return p;
  }
  AUX_END(S, ej);
  arena_free(&arena);
  aux_throw(S, ej.status);
}

int vm_dostring(State *S, const char *chunk, const char *src, size_t len) {
  ErrJmp ej;
  char tb[1024];
  if (AUX_TRY(S, ej)) {
    Proto *p = vm_load(S, chunk, src, len);
    vm_call(S, v_func(closure_new(S, p)), 0, NULL);
    AUX_END(S, ej);
    return IL_OK;
  }
  AUX_END(S, ej);
  debug_traceback(S, tb, sizeof tb);
  fprintf(stderr, "il: %s\n%s", S->errval.t == T_STR ? S->errval.u.s->data : S->errmsg, tb);
  S->top = S->stack;
  S->nframes = 0;
  S->errval = v_nil();
  return ej.status;
}
