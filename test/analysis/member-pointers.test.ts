// A pointer held in a struct the function was given (`s->pos[i]`, `g.u[k]`)
// was "member s->pos": every loop that wrote through one stayed sequential.
// It is now a pointer like a parameter while nothing in the function can
// change the member. Where two members may point into one buffer, a
// runtime check settles it for a struct passed by value; through a struct
// pointer it would read memory the original need not read, so it is not
// written.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loopFindings } from '../../src/propose/builtin/index.js';

const TYPES = `typedef struct { double x, y, z; } Vec3;
typedef struct { int n; Vec3 *pos, *vel; double *mass; int *id; } System;
typedef struct { int n; double *u, *v; } Grid;
void reset(System *s);
`;

/** The outermost loop's finding in the last function of `src`. */
const outer = (src: string) => {
  const tu = analyze(`# 1 "m.c"\n${TYPES}${src}`);
  return loopFindings(tu, tu.functions.at(-1)!)[0];
};

describe('pointers held in a struct the function was given', () => {
  it('one member written, others of other types read: parallel with no check', () => {
    const f = outer('void scale(System *s) { for (int i = 0; i < s->n; i++) s->mass[i] *= 2.0 + s->id[i]; }');
    expect(f.reasons).toEqual([]);
    expect(f.parallel).toBe(true);
    expect(f.clauses ?? '').not.toMatch(/disjoint/);
  });

  it('records through a member, field by field: each iteration its own element', () => {
    const f = outer('void drift(System *s, double dt) { for (int i = 0; i < s->n; i++) { s->pos[i].x += dt; s->pos[i].y += dt; } }');
    expect(f.parallel).toBe(true);
  });

  it('two members of a struct passed by value that may overlap: parallel under a runtime check', () => {
    const f = outer('void copy(Grid g) { for (int i = 0; i < g.n; i++) g.u[i] = 2.0 * g.v[i]; }');
    expect(f.parallel).toBe(true);
    expect(f.clauses).toMatch(/if disjoint\(g\.u, g\.v\)/);
  });

  it('two members through a struct pointer that may overlap: no check that reads through the pointer before the loop', () => {
    const f = outer('void copy(Grid *g) { for (int i = 0; i < g->n; i++) g->u[i] = 2.0 * g->v[i]; }');
    expect(f.parallel).toBe(false);
    expect(f.reasons.join(' ')).toMatch(/g->u is read through a pointer, which the original need not read where the loop runs no iteration/);
  });

  it('a member the function changes, or a struct it hands to a call, stays unknown', () => {
    const assigned = outer('void f(System *s, double *m) { s->mass = m; for (int i = 0; i < s->n; i++) s->mass[i] = 0; }');
    expect(assigned.parallel).toBe(false);
    expect(assigned.reasons.join(' ')).toMatch(/member s->mass, which the function assigns/);
    const called = outer('void f(System *s) { reset(s); for (int i = 0; i < s->n; i++) s->mass[i] = 0; }');
    expect(called.parallel).toBe(false);
    expect(called.reasons.join(' ')).toMatch(/member s->mass, which is reached through s, which the function uses whole/);
  });

  it('under -fno-strict-aliasing a store of a number may change a pointer member', () => {
    const tu = analyze(`# 1 "m.c"\n${TYPES}void scale(System *s) { for (int i = 0; i < s->n; i++) s->mass[i] *= 2.0; }`, { strictAliasing: false });
    const [f] = loopFindings(tu, tu.functions.at(-1)!);
    expect(f.parallel).toBe(false);
    expect(f.reasons.join(' ')).toMatch(/-fno-strict-aliasing/);
  });
});
