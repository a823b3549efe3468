// Why the harness cannot drive a function, said in the user's terms: a
// struct parameter is named as one even behind a typedef.
import { expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { unverifiableReason } from '../../src/verify/index.js';

const UNIT = `# 1 "g.c"
typedef struct grid { int n; double *v; } grid_t;
typedef grid_t grid2_t;
typedef struct grid *grid_p;
typedef double vec3[3];
typedef double real;
void scale(grid_t *g, double a) { for (int i = 0; i < g->n; i++) g->v[i] *= a; }
void scale2(grid2_t g, double a) { for (int i = 0; i < g.n; i++) g.v[i] *= a; }
void scalep(grid_p g, double a) { for (int i = 0; i < g->n; i++) g->v[i] *= a; }
void axpy(int n, real a, const real *x, real *y, vec3 o) { for (int i = 0; i < n; i++) y[i] += a * x[i] + o[i % 3]; }
`;

it('names a struct parameter behind a typedef, through typedefs of typedefs and pointer typedefs', () => {
  const tu = analyze(UNIT);
  const why = (name: string) =>
    unverifiableReason(
      tu.functions.find((f) => f.name === name)!,
      tu,
    );
  expect(why('scale')).toBe('parameter g is a struct or union (grid_t *, a struct grid)');
  expect(why('scale2')).toBe('parameter g is a struct or union (grid2_t, a struct grid)');
  expect(why('scalep')).toBe('parameter g is a struct or union (grid_p, a struct grid)');
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
