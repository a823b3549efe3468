/* debug.c - where an error happened, and a traceback of the call frames. */
#include <stdio.h>
#include <string.h>
#include "vm.h"

void debug_where(State *S, char *buf, size_t n) {
  const CallFrame *f;
  const Proto *p;
  buf[0] = '\0';
  if (S->nframes == 0) return;
  f = &S->frames[S->nframes - 1];
  p = f->cl->p;
  snprintf(buf, n, "%s:%d: ", p->source ? p->source->data : "?", proto_line(p, f->pc));
}

void debug_traceback(State *S, char *buf, size_t n) {
  size_t used = 0;
  int i, shown = 0;
  buf[0] = '\0';
  if (S->nframes == 0) return;
  used += (size_t)snprintf(buf + used, n - used, "stack traceback:\n");
  for (i = S->nframes - 1; i >= 0 && used < n; i--) {
    const CallFrame *f = &S->frames[i];
    const Proto *p = f->cl->p;
    if (shown++ == 10 && i > 10) {
      used += (size_t)snprintf(buf + used, n - used, "\t...\n");
      i = 10;
      continue;
    }
    used += (size_t)snprintf(buf + used, n - used, "\t%s:%d: in function '%s'\n",
                             p->source ? p->source->data : "?", proto_line(p, f->pc),
                             p->name ? p->name->data : "?");
  }
}
