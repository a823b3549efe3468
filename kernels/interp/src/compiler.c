/* compiler.c - statements to bytecode. */
#include <string.h>
#include "auxlib.h"
#include "compile.h"

static void emit(FuncState *fs, OpCode op, int arg, int line) {
  code_emit(fs->S, fs->p, op, arg, line);
}

/* At the top level of a chunk, locals are globals: functions have no upvalues. */
static int is_chunk_level(const FuncState *fs) {
  return fs->parent == NULL && fs->depth == 0;
}

static void store_name(FuncState *fs, const char *name, int line) {
  int slot = scope_resolve(fs, name);
  if (slot >= 0) emit(fs, BC_SETLOCAL, slot, line);
  else emit(fs, BC_SETGLOBAL, code_strconst(fs->S, fs->p, name, strlen(name)), line);
}

static void add_break(FuncState *fs, int at) {
  BreakList *b = arena_alloc(fs->arena, sizeof(BreakList));
  b->at = at;
  b->next = fs->loop->breaks;
  fs->loop->breaks = b;
}

static void close_loop(FuncState *fs, LoopCtx *loop, int exit) {
  BreakList *b;
  for (b = loop->breaks; b; b = b->next) code_patch(fs->p, b->at, exit);
  fs->loop = loop->outer;
}

static void compile_if(FuncState *fs, Stmt *s) {
  int jelse, jend;
  cexpr(fs, s->u.ifs.cond);
  jelse = code_emit(fs->S, fs->p, BC_JMPF, 0, s->line);
  scope_enter(fs);
  compile_block(fs, &s->u.ifs.then);
  scope_leave(fs);
  if (s->u.ifs.haselse) {
    jend = code_emit(fs->S, fs->p, BC_JMP, 0, s->line);
    code_patch(fs->p, jelse, code_here(fs->p));
    scope_enter(fs);
    compile_block(fs, &s->u.ifs.els);
    scope_leave(fs);
    code_patch(fs->p, jend, code_here(fs->p));
  } else {
    code_patch(fs->p, jelse, code_here(fs->p));
  }
}

static void compile_while(FuncState *fs, Stmt *s) {
  LoopCtx loop = {NULL, fs->loop};
  int start = code_here(fs->p), jexit;
  cexpr(fs, s->u.whiles.cond);
  jexit = code_emit(fs->S, fs->p, BC_JMPF, 0, s->line);
  fs->loop = &loop;
  scope_enter(fs);
  compile_block(fs, &s->u.whiles.body);
  scope_leave(fs);
  emit(fs, BC_JMP, start, s->line);
  code_patch(fs->p, jexit, code_here(fs->p));
  close_loop(fs, &loop, code_here(fs->p));
}

static void compile_fornum(FuncState *fs, Stmt *s) {
  LoopCtx loop = {NULL, fs->loop};
  int base, prep, body;
  scope_enter(fs);
  base = scope_declare(fs, "(for index)");
  scope_declare(fs, "(for limit)");
  scope_declare(fs, "(for step)");
  if (base > 0xff) aux_error(fs->S, "too many local variables");
  cexpr(fs, s->u.fornum.from);
  emit(fs, BC_SETLOCAL, base, s->line);
  cexpr(fs, s->u.fornum.to);
  emit(fs, BC_SETLOCAL, base + 1, s->line);
  if (s->u.fornum.step) cexpr(fs, s->u.fornum.step);
  else emit(fs, BC_CONST, code_numconst(fs->S, fs->p, 1), s->line);
  emit(fs, BC_SETLOCAL, base + 2, s->line);
  scope_declare(fs, s->u.fornum.var);
  prep = code_emit(fs->S, fs->p, BC_FORPREP, base, s->line);
  body = code_here(fs->p);
  fs->loop = &loop;
  scope_enter(fs);
  compile_block(fs, &s->u.fornum.body);
  scope_leave(fs);
  code_emit(fs->S, fs->p, BC_FORLOOP, base | (body << 8), s->line);
  code_patch(fs->p, prep, code_here(fs->p));
  close_loop(fs, &loop, code_here(fs->p));
  scope_leave(fs);
}

static int add_child(FuncState *fs, Proto *child) {
  Proto *p = fs->p;
  p->children = mem_grow(fs->S, p->children, &p->capchildren, sizeof(Proto *), p->nchildren + 1);
  p->children[p->nchildren] = child;
  return (int)p->nchildren++;
}

static void compile_closure(FuncState *fs, FuncDef *f, int line) {
  Proto *child = compile_function(fs, f);
  emit(fs, BC_CLOSURE, add_child(fs, child), line);
}

static void compile_stmt(FuncState *fs, Stmt *s) {
  Expr *t;
  switch (s->k) {
    case S_LOCAL:
      if (s->u.local.init) cexpr(fs, s->u.local.init);
      else emit(fs, BC_NIL, 0, s->line);
      if (is_chunk_level(fs)) {
        emit(fs, BC_SETGLOBAL, code_strconst(fs->S, fs->p, s->u.local.name, strlen(s->u.local.name)), s->line);
      } else {
        emit(fs, BC_SETLOCAL, scope_declare(fs, s->u.local.name), s->line);
      }
      break;
    case S_LOCALFUNC:
      if (is_chunk_level(fs)) {
        compile_closure(fs, s->u.func.fn, s->line);
        store_name(fs, s->u.func.name, s->line);
      } else {
        int slot = scope_declare(fs, s->u.func.name);
        compile_closure(fs, s->u.func.fn, s->line);
        emit(fs, BC_SETLOCAL, slot, s->line);
      }
      break;
    case S_FUNC:
      compile_closure(fs, s->u.func.fn, s->line);
      store_name(fs, s->u.func.name, s->line);
      break;
    case S_ASSIGN:
      t = s->u.assign.target;
      if (t->k == E_VAR) {
        cexpr(fs, s->u.assign.val);
        store_name(fs, t->u.name, s->line);
      } else {
        cexpr(fs, t->u.idx.obj);
        cexpr(fs, t->u.idx.key);
        cexpr(fs, s->u.assign.val);
        emit(fs, BC_SETINDEX, 0, s->line);
      }
      break;
    case S_EXPR:
      cexpr(fs, s->u.expr);
      emit(fs, BC_POP, 1, s->line);
      break;
    case S_IF: compile_if(fs, s); break;
    case S_WHILE: compile_while(fs, s); break;
    case S_FORNUM: compile_fornum(fs, s); break;
    case S_RETURN:
      if (s->u.ret.e) cexpr(fs, s->u.ret.e);
      else emit(fs, BC_NIL, 0, s->line);
      emit(fs, BC_RET, 0, s->line);
      break;
    case S_BREAK:
      if (!fs->loop) aux_error(fs->S, "line %d: break outside a loop", s->line);
      add_break(fs, code_emit(fs->S, fs->p, BC_JMP, 0, s->line));
      break;
    case S_DO:
      scope_enter(fs);
      compile_block(fs, &s->u.body);
      scope_leave(fs);
      break;
  }
}

void compile_block(FuncState *fs, Block *b) {
  Stmt *s;
  for (s = b->first; s; s = s->next) compile_stmt(fs, s);
}

static void finish(FuncState *fs, int line) {
  emit(fs, BC_NIL, 0, line);
  emit(fs, BC_RET, 0, line);
  peep_optimize(fs->p);
}

Proto *compile_function(FuncState *parent, FuncDef *f) {
  FuncState fs;
  Param *pa;
  memset(&fs, 0, sizeof fs);
  fs.S = parent->S;
  fs.arena = parent->arena;
  fs.parent = parent;
  fs.p = proto_new(fs.S, f->name ? f->name : "anonymous");
  fs.p->source = parent->p->source;
  for (pa = f->params; pa; pa = pa->next) scope_declare(&fs, pa->name);
  fs.p->nparams = f->nparams;
  compile_block(&fs, &f->body);
  finish(&fs, f->line);
  return fs.p;
}

Proto *compile_chunk(State *S, Arena *a, Block *b, const char *name) {
  FuncState fs;
  memset(&fs, 0, sizeof fs);
  fs.S = S;
  fs.arena = a;
  fs.p = proto_new(S, "main chunk");
  fs.p->source = str_cstr(S, name);
  fold_block(b);
  compile_block(&fs, b);
  finish(&fs, 0);
  return fs.p;
}
