// Why the harness cannot drive a function, said in the user's terms: a
// struct parameter it cannot build is named as one even behind a typedef.
// One of values and single pointers to arithmetic elements it builds
// (record-params.test.ts).
import { expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { unverifiableReason } from '../../src/verify/index.js';

const UNIT = `# 1 "g.c"
typedef struct grid { int n; double *v; } grid_t;
typedef grid_t grid2_t;
typedef struct grid *grid_p;
typedef struct mesh { int n; double **rows; } mesh_t;
typedef mesh_t mesh2_t;
typedef double vec3[3];
typedef double real;
void scale(grid_t *g, double a) { for (int i = 0; i < g->n; i++) g->v[i] *= a; }
void scale2(grid2_t g, double a) { for (int i = 0; i < g.n; i++) g.v[i] *= a; }
void scalep(grid_p g, double a) { for (int i = 0; i < g->n; i++) g->v[i] *= a; }
void copied(grid_t *g, double a) { grid_t h = *g; for (int i = 0; i < h.n; i++) h.v[i] *= a; *g = h; }
void cleared(grid_t *g, int n) { __builtin_memset(g, 0, sizeof *g); g->n = n; for (int i = 0; i < n; i++) g->v[i] = i; }
void indexed(grid_t *g, int n) { for (int i = 0; i < n; i++) g[i].n = i; }
void rows(mesh_t *m, double a) { for (int i = 0; i < m->n; i++) m->rows[i][0] *= a; }
void rows2(mesh2_t m, double a) { for (int i = 0; i < m.n; i++) m.rows[i][0] *= a; }
void axpy(int n, real a, const real *x, real *y, vec3 o) { for (int i = 0; i < n; i++) y[i] += a * x[i] + o[i % 3]; }
`;

it('names a struct parameter the harness cannot build behind a typedef, through typedefs of typedefs and pointer typedefs', () => {
  const tu = analyze(UNIT);
  const why = (name: string) =>
    unverifiableReason(
      tu.functions.find((f) => f.name === name)!,
      tu,
    );
  expect(why('rows')).toBe('parameter m is a struct or union (mesh_t *, a struct mesh)');
  expect(why('rows2')).toBe('parameter m is a struct or union (mesh2_t, a struct mesh)');
  expect(why('scalep')).toBe('parameter g is a struct or union (grid_p, a struct grid)');
  // A struct of values and pointers to arithmetic elements, by pointer or by value, is built.
  expect(why('scale')).toBeUndefined();
  // Copied whole, or cleared through its address: still one record. Indexed, it is an array of them.
  expect(why('copied')).toBeUndefined();
  expect(why('cleared')).toBeUndefined();
  expect(why('indexed')).toBe('parameter g is a struct or union (grid_t *, a struct grid)');
  expect(why('scale2')).toBeUndefined();
  // Scalar and array typedefs stay drivable.
  expect(why('axpy')).toBeUndefined();
});

it('a pointer to an array is not a function pointer: with varying sizes it is a grid, with fixed ones one whole array', () => {
  const tu = analyze(`# 1 "p.c"
void grid(int n, double (*u)[n][n]) { for (int i = 0; i < n; i++) u[i][0][0] = i; }
void whole(int n, double (*B)[2000][2000]) { for (int i = 0; i < n; i++) (*B)[i][i] = i; }
void fnp(int n, double (*f)(double), double *a) { for (int i = 0; i < n; i++) a[i] = f(a[i]); }
`);
  const why = (name: string) =>
    unverifiableReason(
      tu.functions.find((f) => f.name === name)!,
      tu,
    );
  expect(why('grid')).toBeUndefined();
  expect(why('whole')).toBeUndefined();
  expect(why('fnp')).toBe('parameter f is a function pointer');
});
