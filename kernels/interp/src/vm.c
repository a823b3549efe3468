/* vm.c - the interpreter loop: one switch over opcodes in a for (;;). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "auxlib.h"
#include "code.h"
#include "vm.h"

#define LOAD()                         \
  do {                                 \
    f = &S->frames[S->nframes - 1];    \
    p = f->cl->p;                      \
    pc = f->pc;                        \
    base = f->base;                    \
    k = p->k;                          \
  } while (0)
#define SAVE() (f->pc = pc)
#define SAFEPOINT()                                    \
  do {                                                 \
    if (S->allocated > S->threshold) {                 \
      SAVE();                                          \
      gc_collect(S);                                   \
    }                                                  \
  } while (0)

#define ARITH(opc, expr)                                               \
  do {                                                                 \
    Value *x = S->top - 2, *y = S->top - 1;                            \
    if (x->t == T_NUM && y->t == T_NUM) {                              \
      double a_ = x->u.n, b_ = y->u.n;                                 \
      x->u.n = (expr);                                                 \
    } else {                                                           \
      SAVE();                                                          \
      *x = arith_op(S, opc, *x, *y);                                   \
    }                                                                  \
    S->top--;                                                          \
  } while (0)

#define COMPARE(fast, slow)                                            \
  do {                                                                 \
    Value *x = S->top - 2, *y = S->top - 1;                            \
    int r_;                                                            \
    if (x->t == T_NUM && y->t == T_NUM) {                              \
      double a_ = x->u.n, b_ = y->u.n;                                 \
      r_ = (fast);                                                     \
    } else {                                                           \
      SAVE();                                                          \
      r_ = (slow);                                                     \
    }                                                                  \
    *x = v_bool(r_);                                                   \
    S->top--;                                                          \
  } while (0)

int vm_execute(State *S, int stopframe) {
  CallFrame *f;
  Proto *p;
  const Instr *pc;
  Value *base, *k;
  LOAD();
  for (;;) {
    Instr i = *pc++;
    int a = BC_ARG(i);
    switch (BC_OP(i)) {
      case BC_NOP: break;
      case BC_CONST: *S->top++ = k[a]; break;
      case BC_NIL: *S->top++ = v_nil(); break;
      case BC_TRUE: *S->top++ = v_bool(1); break;
      case BC_FALSE: *S->top++ = v_bool(0); break;
      case BC_GETLOCAL: *S->top++ = base[a]; break;
      case BC_SETLOCAL: base[a] = *--S->top; break;
      case BC_GETGLOBAL: *S->top++ = table_getstr(S->globals, k[a].u.s); break;
      case BC_SETGLOBAL:
        SAVE();
        table_set(S, S->globals, k[a], S->top[-1]);
        S->top--;
        break;
      case BC_GETINDEX: {
        Value key = S->top[-1], obj = S->top[-2];
        if (obj.t != T_TABLE) {
          SAVE();
          aux_error(S, "attempt to index a %s value", obj_typename(obj.t));
        }
        S->top[-2] = table_get(obj.u.h, key);
        S->top--;
        break;
      }
      case BC_SETINDEX: {
        Value obj = S->top[-3];
        SAVE();
        if (obj.t != T_TABLE) aux_error(S, "attempt to index a %s value", obj_typename(obj.t));
        table_set(S, obj.u.h, S->top[-2], S->top[-1]);
        S->top -= 3;
        break;
      }
      case BC_NEWTABLE:
        SAFEPOINT();
        *S->top = v_table(table_new(S, (size_t)a, 0));
        S->top++;
        break;
      case BC_APPEND:
        tarr_append(S, S->top[-2].u.h, S->top[-1]);
        S->top--;
        break;
      case BC_SETFIELD:
        SAVE();
        table_set(S, S->top[-3].u.h, S->top[-2], S->top[-1]);
        S->top -= 2;
        break;
      case BC_ADD: ARITH(BC_ADD, a_ + b_); break;
      case BC_SUB: ARITH(BC_SUB, a_ - b_); break;
      case BC_MUL: ARITH(BC_MUL, a_ * b_); break;
      case BC_DIV: ARITH(BC_DIV, a_ / b_); break;
      case BC_MOD: ARITH(BC_MOD, a_ - floor(a_ / b_) * b_); break;
      case BC_ADDK: {
        Value *x = S->top - 1;
        if (x->t == T_NUM) x->u.n += k[a].u.n;
        else {
          SAVE();
          *x = arith_op(S, BC_ADD, *x, k[a]);
        }
        break;
      }
      case BC_INCLOCAL: {
        Value *x = &base[a & 0xff];
        Value c = k[a >> 8];
        if (x->t == T_NUM) x->u.n += c.u.n;
        else {
          SAVE();
          *x = arith_op(S, BC_ADD, *x, c);
        }
        break;
      }
      case BC_NEG:
        if (S->top[-1].t == T_NUM) S->top[-1].u.n = -S->top[-1].u.n;
        else {
          SAVE();
          S->top[-1] = arith_op(S, BC_NEG, S->top[-1], v_nil());
        }
        break;
      case BC_NOT: S->top[-1] = v_bool(!v_truthy(S->top[-1])); break;
      case BC_LEN:
        SAVE();
        S->top[-1] = arith_len(S, S->top[-1]);
        break;
      case BC_CONCAT:
        SAFEPOINT();
        S->top[-2] = arith_concat(S, S->top[-2], S->top[-1]);
        S->top--;
        break;
      case BC_EQ: COMPARE(a_ == b_, obj_rawequal(*x, *y)); break;
      case BC_NE: COMPARE(a_ != b_, !obj_rawequal(*x, *y)); break;
      case BC_LT: COMPARE(a_ < b_, arith_lt(S, *x, *y)); break;
      case BC_LE: COMPARE(a_ <= b_, arith_le(S, *x, *y)); break;
      case BC_GT: COMPARE(a_ > b_, arith_lt(S, *y, *x)); break;
      case BC_GE: COMPARE(a_ >= b_, arith_le(S, *y, *x)); break;
      case BC_JMP: pc = p->code + a; break;
      case BC_JMPF:
        if (!v_truthy(*--S->top)) pc = p->code + a;
        break;
      case BC_JMPFKEEP:
        if (!v_truthy(S->top[-1])) pc = p->code + a;
        else S->top--;
        break;
      case BC_JMPTKEEP:
        if (v_truthy(S->top[-1])) pc = p->code + a;
        else S->top--;
        break;
      case BC_POP: S->top -= a; break;
      case BC_CALL: {
        Value *fn = S->top - a - 1;
        SAVE();
        if (fn->t == T_FUNC) {
          call_prepare(S, fn, a);
          LOAD();
        } else if (fn->t == T_NATIVE) {
          SAFEPOINT();
          call_native(S, fn, a);
        } else {
          aux_error(S, "attempt to call a %s value", obj_typename(fn->t));
        }
        break;
      }
      case BC_RET: {
        Value r = S->top[-1];
        call_return(S, r);
        if (S->nframes <= stopframe) return 0;
        LOAD();
        break;
      }
      case BC_FORPREP: {
        Value *v = &base[a & 0xff];
        double idx, lim, step;
        SAVE();
        if (v[0].t != T_NUM) aux_error(S, "'for' initial value must be a number");
        if (v[1].t != T_NUM) aux_error(S, "'for' limit must be a number");
        if (v[2].t != T_NUM) aux_error(S, "'for' step must be a number");
        idx = v[0].u.n;
        lim = v[1].u.n;
        step = v[2].u.n;
        if (step == 0) aux_error(S, "'for' step is zero");
        if (step > 0 ? idx <= lim : idx >= lim) v[3] = v[0];
        else pc = p->code + (a >> 8);
        break;
      }
      case BC_FORLOOP: {
        Value *v = &base[a & 0xff];
        double step = v[2].u.n;
        double idx = v[0].u.n + step;
        if (step > 0 ? idx <= v[1].u.n : idx >= v[1].u.n) {
          v[0].u.n = idx;
          v[3] = v_num(idx);
          pc = p->code + (a >> 8);
        }
        break;
      }
      case BC_CLOSURE:
        SAFEPOINT();
        *S->top = v_func(closure_new(S, p->children[a]));
        S->top++;
        break;
      default:
        SAVE();
        aux_error(S, "bad opcode %d", (int)BC_OP(i));
    }
  }
}
