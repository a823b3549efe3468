/* il.h - core types of the il interpreter: values, objects, the state. */
#ifndef IL_H
#define IL_H

#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

typedef enum {
  T_NIL, T_BOOL, T_NUM, T_STR, T_TABLE, T_FUNC, T_NATIVE
} ValType;

typedef struct GCObj {
  struct GCObj *next;
  unsigned char type;
  unsigned char marked;
} GCObj;

struct String;
struct Table;
struct Closure;
struct Native;

typedef struct Value {
  ValType t;
  union {
    int b;
    double n;
    struct String *s;
    struct Table *h;
    struct Closure *f;
    struct Native *nf;
    GCObj *gc;
  } u;
} Value;

typedef struct String {
  GCObj gc;
  unsigned hash;
  size_t len;
  struct String *chain;
  char data[];
} String;

typedef struct HNode {
  Value key;
  Value val;
  struct HNode *next;
} HNode;

typedef struct Table {
  GCObj gc;
  Value *arr;        /* array part: keys 1..asize */
  size_t asize;
  size_t acap;
  HNode **buckets;   /* hash part, chained */
  size_t nbuckets;
  size_t hcount;
} Table;

typedef uint32_t Instr;

typedef struct Proto {
  struct Proto *nextp;
  Instr *code;
  int *lines;
  size_t ncode, capcode;
  Value *k;
  size_t nk, capk;
  struct Proto **children;
  size_t nchildren, capchildren;
  int nparams;
  int nslots;
  String *name;
  String *source;
} Proto;

typedef struct Closure {
  GCObj gc;
  Proto *p;
} Closure;

struct State;
typedef Value (*NativeFn)(struct State *S, int nargs, Value *args);

typedef struct Native {
  GCObj gc;
  NativeFn fn;
  const char *name;
} Native;

typedef struct StrTab {
  String **slots;
  size_t size;
  size_t count;
} StrTab;

typedef struct CallFrame {
  Closure *cl;
  const Instr *pc;
  Value *base;
} CallFrame;

typedef struct ErrJmp {
  struct ErrJmp *prev;
  jmp_buf buf;
  int status;
} ErrJmp;

#define IL_STACK 65536
#define IL_FRAMES 512

typedef struct State {
  Value *stack;
  Value *top;
  CallFrame frames[IL_FRAMES];
  int nframes;
  Table *globals;
  StrTab strt;
  GCObj *objects;
  size_t allocated;
  size_t threshold;
  size_t ncollections;
  Proto *protos;
  ErrJmp *errjmp;
  char errmsg[512];
  Value errval;
  int nativedepth;
  unsigned seed;      /* the random generator */
  unsigned hashseed;  /* string hashing */
} State;

/* value constructors */
static inline Value v_nil(void) { Value v; v.t = T_NIL; v.u.n = 0; return v; }
static inline Value v_bool(int b) { Value v; v.t = T_BOOL; v.u.b = b != 0; return v; }
static inline Value v_num(double n) { Value v; v.t = T_NUM; v.u.n = n; return v; }
static inline Value v_str(String *s) { Value v; v.t = T_STR; v.u.s = s; return v; }
static inline Value v_table(Table *h) { Value v; v.t = T_TABLE; v.u.h = h; return v; }
static inline Value v_func(Closure *f) { Value v; v.t = T_FUNC; v.u.f = f; return v; }
static inline Value v_native(Native *f) { Value v; v.t = T_NATIVE; v.u.nf = f; return v; }
static inline int v_truthy(Value v) { return !(v.t == T_NIL || (v.t == T_BOOL && !v.u.b)); }
static inline int v_iscollectable(Value v) { return v.t >= T_STR; }

/* state.c */
State *state_new(void);
void state_free(State *S);
void state_push(State *S, Value v);
Value state_pop(State *S);
void state_setglobal(State *S, const char *name, Value v);
Value state_getglobal(State *S, const char *name);

/* mem.c */
void *mem_alloc(State *S, size_t n);
void *mem_realloc(State *S, void *p, size_t oldn, size_t newn);
void mem_free(State *S, void *p, size_t n);
void *mem_grow(State *S, void *p, size_t *cap, size_t elem, size_t need);
GCObj *mem_newobj(State *S, size_t size, ValType t);

/* object.c */
const char *obj_typename(ValType t);
int obj_rawequal(Value a, Value b);
String *obj_tostring(State *S, Value v);
int obj_tonumber(Value v, double *out);

/* number.c */
int num_parse(const char *s, size_t len, double *out);
int num_format(double n, char *buf, size_t size);
int num_isint(double n);

/* hash.c */
unsigned hash_bytes(const char *s, size_t len, unsigned seed);
unsigned hash_num(double n);
unsigned hash_value(Value v);
unsigned hash_mix(const unsigned *words, int n);

/* strtab.c */
void strtab_init(State *S);
void strtab_free(State *S);
String *str_new(State *S, const char *s, size_t len);
String *str_cstr(State *S, const char *s);
void strtab_sweep(State *S);

/* table.c */
Table *table_new(State *S, size_t narr, size_t nhash);
void table_free(State *S, Table *t);
Value table_get(Table *t, Value key);
Value table_getstr(Table *t, String *key);
Value table_getint(Table *t, long i);
void table_set(State *S, Table *t, Value key, Value val);
void table_setint(State *S, Table *t, long i, Value val);
int table_next(Table *t, Value *key, Value *val);
size_t table_hashcount(Table *t);
void table_delhash(State *S, Table *t, Value key);

/* tablearr.c */
void tarr_reserve(State *S, Table *t, size_t need);
void tarr_append(State *S, Table *t, Value v);
void tarr_insert(State *S, Table *t, size_t pos, Value v);
Value tarr_remove(Table *t, size_t pos);
size_t tarr_length(Table *t);
void tarr_migrate(State *S, Table *t);
long tarr_find(const Value *arr, long n, Value v);
void tarr_reverse(Value *arr, long n);

/* func.c */
Proto *proto_new(State *S, const char *name);
void proto_free(State *S, Proto *p);
Closure *closure_new(State *S, Proto *p);
Native *native_new(State *S, const char *name, NativeFn fn);
int proto_line(const Proto *p, const Instr *pc);

/* gc.c */
void gc_step(State *S);
void gc_collect(State *S);
void gc_freeall(State *S);

#endif
