/* table.c - tables: an array part for keys 1..n and a chained hash part. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "il.h"
#include "auxlib.h"

Table *table_new(State *S, size_t narr, size_t nhash) {
  Table *t = (Table *)mem_newobj(S, sizeof(Table), T_TABLE);
  size_t nb = 4;
  if (narr) tarr_reserve(S, t, narr);
  while (nb < nhash) nb *= 2;
  t->buckets = mem_alloc(S, nb * sizeof(HNode *));
  memset(t->buckets, 0, nb * sizeof(HNode *));
  t->nbuckets = nb;
  return t;
}

void table_free(State *S, Table *t) {
  size_t i;
  for (i = 0; i < t->nbuckets; i++) {
    HNode *n = t->buckets[i], *next;
    while (n) {
      next = n->next;
      mem_free(S, n, sizeof(HNode));
      n = next;
    }
  }
  mem_free(S, t->buckets, t->nbuckets * sizeof(HNode *));
  mem_free(S, t->arr, t->acap * sizeof(Value));
  mem_free(S, t, sizeof(Table));
}

static int arrayindex(Value key, long *out) {
  if (key.t == T_NUM) {
    double n = key.u.n;
    long i = (long)n;
    if ((double)i == n && i >= 1) {
      *out = i;
      return 1;
    }
  }
  return 0;
}

static HNode *hfind(Table *t, Value key, unsigned h) {
  HNode *n;
  for (n = t->buckets[h & (t->nbuckets - 1)]; n; n = n->next) {
    if (obj_rawequal(n->key, key)) return n;
  }
  return NULL;
}

Value table_get(Table *t, Value key) {
  long i;
  HNode *n;
  if (arrayindex(key, &i) && (size_t)i <= t->asize) return t->arr[i - 1];
  if (key.t == T_NIL) return v_nil();
  n = hfind(t, key, hash_value(key));
  return n ? n->val : v_nil();
}

Value table_getstr(Table *t, String *key) {
  HNode *n;
  for (n = t->buckets[key->hash & (t->nbuckets - 1)]; n; n = n->next) {
    if (n->key.t == T_STR && n->key.u.s == key) return n->val;
  }
  return v_nil();
}

Value table_getint(Table *t, long i) {
  if (i >= 1 && (size_t)i <= t->asize) return t->arr[i - 1];
  return table_get(t, v_num((double)i));
}

static void hresize(State *S, Table *t, size_t nb) {
  HNode **nbk = mem_alloc(S, nb * sizeof(HNode *));
  size_t i;
  memset(nbk, 0, nb * sizeof(HNode *));
  for (i = 0; i < t->nbuckets; i++) {
    HNode *n = t->buckets[i];
    while (n) {
      HNode *next = n->next;
      unsigned h = hash_value(n->key) & (nb - 1);
      n->next = nbk[h];
      nbk[h] = n;
      n = next;
    }
  }
  mem_free(S, t->buckets, t->nbuckets * sizeof(HNode *));
  t->buckets = nbk;
  t->nbuckets = nb;
}

void table_delhash(State *S, Table *t, Value key) {
  unsigned h = hash_value(key);
  HNode **link = &t->buckets[h & (t->nbuckets - 1)];
  while (*link) {
    if (obj_rawequal((*link)->key, key)) {
      HNode *dead = *link;
      *link = dead->next;
      mem_free(S, dead, sizeof(HNode));
      t->hcount--;
      return;
    }
    link = &(*link)->next;
  }
}

void table_set(State *S, Table *t, Value key, Value val) {
  long i;
  unsigned h;
  HNode *n;
  if (key.t == T_NIL) aux_error(S, "table index is nil");
  if (key.t == T_NUM && isnan(key.u.n)) aux_error(S, "table index is NaN");
  if (arrayindex(key, &i)) {
    if ((size_t)i <= t->asize) {
      t->arr[i - 1] = val;
      if ((size_t)i == t->asize && val.t == T_NIL) {
        while (t->asize > 0 && t->arr[t->asize - 1].t == T_NIL) t->asize--;
      }
      return;
    }
    if ((size_t)i == t->asize + 1 && val.t != T_NIL) {
      tarr_append(S, t, val);
      table_delhash(S, t, key);
      tarr_migrate(S, t);
      return;
    }
  }
  h = hash_value(key);
  n = hfind(t, key, h);
  if (n) {
    if (val.t == T_NIL) table_delhash(S, t, key);
    else n->val = val;
    return;
  }
  if (val.t == T_NIL) return;
  if (t->hcount + 1 > t->nbuckets) hresize(S, t, t->nbuckets * 2);
  n = mem_alloc(S, sizeof(HNode));
  n->key = key;
  n->val = val;
  n->next = t->buckets[h & (t->nbuckets - 1)];
  t->buckets[h & (t->nbuckets - 1)] = n;
  t->hcount++;
}

void table_setint(State *S, Table *t, long i, Value val) {
  if (i >= 1 && (size_t)i <= t->asize) {
    t->arr[i - 1] = val;
    return;
  }
  table_set(S, t, v_num((double)i), val);
}

/* Iterate: start with key nil; returns 0 at the end. Array part first. */
int table_next(Table *t, Value *key, Value *val) {
  size_t i = 0, b = 0;
  HNode *n = NULL;
  long k;
  if (key->t != T_NIL) {
    if (arrayindex(*key, &k) && (size_t)k <= t->asize) {
      i = (size_t)k;
    } else {
      unsigned h = hash_value(*key);
      n = hfind(t, *key, h);
      if (!n) return 0;
      b = h & (t->nbuckets - 1);
      n = n->next;
      goto scan;
    }
  }
  for (; i < t->asize; i++) {
    if (t->arr[i].t != T_NIL) {
      *key = v_num((double)(i + 1));
      *val = t->arr[i];
      return 1;
    }
  }
  b = 0;
  n = t->buckets[0];
scan:
  while (!n) {
    if (++b >= t->nbuckets) return 0;
    n = t->buckets[b];
  }
  *key = n->key;
  *val = n->val;
  return 1;
}

size_t table_hashcount(Table *t) {
  return t->hcount;
}
