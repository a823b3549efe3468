/* scope.c - local variables: declaration, lookup, block nesting. */
#include <string.h>
#include "compile.h"

void scope_enter(FuncState *fs) {
  fs->depth++;
}

/* Drop the variables of the innermost block; their slots become free again. */
void scope_leave(FuncState *fs) {
  while (fs->nvars > 0 && fs->vars[fs->nvars - 1].depth == fs->depth) {
    fs->nvars--;
    fs->nextslot--;
  }
  fs->depth--;
}

static void grow_vars(FuncState *fs) {
  int newcap = fs->capvars ? fs->capvars * 2 : 16;
  LocalVar *nv = arena_alloc(fs->arena, (size_t)newcap * sizeof(LocalVar));
  if (fs->nvars) memcpy(nv, fs->vars, (size_t)fs->nvars * sizeof(LocalVar));
  fs->vars = nv;
  fs->capvars = newcap;
}

int scope_declare(FuncState *fs, const char *name) {
  LocalVar *v;
  if (fs->nvars == fs->capvars) grow_vars(fs);
  v = &fs->vars[fs->nvars++];
  v->name = name;
  v->depth = fs->depth;
  v->slot = fs->nextslot++;
  if (fs->nextslot > fs->p->nslots) fs->p->nslots = fs->nextslot;
  return v->slot;
}

/* Innermost first, so a shadowing declaration wins. -1: a global. */
int scope_resolve(const FuncState *fs, const char *name) {
  int i;
  for (i = fs->nvars - 1; i >= 0; i--) {
    if (strcmp(fs->vars[i].name, name) == 0) return fs->vars[i].slot;
  }
  return -1;
}

int scope_temp(FuncState *fs) {
  return scope_declare(fs, "(temp)");
}
