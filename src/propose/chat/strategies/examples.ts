// Worked examples for few-shot: one of each judgement the model has to make
// (a reduction, an independent stencil, an interchange for locality, and a
// loop it must leave alone), each answered in both reply forms so the
// examples always show the form the model is asked for.
import type { Plan } from '../../../core/plan.js';

export interface Example {
  /** The task as the model sees it, in the same layout as the real task. */
  task: string;
  plan: Plan;
  code: string;
}

export const EXAMPLES: Example[] = [
  {
    task: [
      'Function `dot` from example.c (preprocessed):',
      '```c',
      'double dot(int n, const double *x, const double *y) {',
      '  double s = 0.0;',
      '  for (int i = 0; i < n; i++)',
      '    s += x[i] * y[i];',
      '  return s;',
      '}',
      '```',
      '',
      'Loops (ids to use in your answer):',
      '  L1: for loop at line 3 over i from 0 to n (about 1000000 iterations)',
      '    reads: x[i], y[i]',
      '    scalars assigned: s',
    ].join('\n'),
    plan: {
      function: 'dot',
      loops: [
        {
          loop: 'L1',
          parallel: true,
          reduction: [{ op: '+', vars: ['s'] }],
          schedule: 'static',
          simd: true,
          reason: 'iterations only add into s, a sum reduction; x and y are only read',
        },
      ],
    },
    code: [
      'double dot(int n, const double *x, const double *y) {',
      '  double s = 0.0;',
      '  #pragma omp parallel for simd reduction(+:s) schedule(static)',
      '  for (int i = 0; i < n; i++)',
      '    s += x[i] * y[i];',
      '  return s;',
      '}',
    ].join('\n'),
  },
  {
    task: [
      'Function `smooth` from example.c (preprocessed):',
      '```c',
      'void smooth(int n, double out[n][n], const double in[n][n]) {',
      '  for (int i = 1; i < n - 1; i++)',
      '    for (int j = 1; j < n - 1; j++)',
      '      out[i][j] = 0.2 * (in[i][j] + in[i-1][j] + in[i+1][j] + in[i][j-1] + in[i][j+1]);',
      '}',
      '```',
      '',
      'Loops (ids to use in your answer):',
      '  L1: for loop at line 2 over i from 1 to n - 1 (about 1000 iterations, perfectly nested)',
      '    writes: out[i][j]',
      '    reads: in[i][j], in[i-1][j], in[i+1][j], in[i][j-1], in[i][j+1]',
      '    L1.1: for loop at line 3 over j from 1 to n - 1 (about 1000 iterations)',
      '      writes: out[i][j]',
      '      reads: in[i][j], in[i-1][j], in[i+1][j], in[i][j-1], in[i][j+1]',
    ].join('\n'),
    plan: {
      function: 'smooth',
      loops: [
        {
          loop: 'L1',
          parallel: true,
          collapse: 2,
          schedule: 'static',
          reason: 'each out[i][j] is written by exactly one iteration and in is only read, so no iteration depends on another',
        },
      ],
    },
    code: [
      'void smooth(int n, double out[n][n], const double in[n][n]) {',
      '  #pragma omp parallel for collapse(2) schedule(static)',
      '  for (int i = 1; i < n - 1; i++)',
      '    for (int j = 1; j < n - 1; j++)',
      '      out[i][j] = 0.2 * (in[i][j] + in[i-1][j] + in[i+1][j] + in[i][j-1] + in[i][j+1]);',
      '}',
    ].join('\n'),
  },
  {
    task: [
      'Function `scaled_product` from example.c (preprocessed):',
      '```c',
      'void scaled_product(int n, double alpha, double *restrict c, const double *restrict a, const double *restrict b) {',
      '  for (int i = 0; i < n; i++)',
      '    for (int j = 0; j < n; j++)',
      '      for (int k = 0; k < n; k++)',
      '        c[i*n + j] += alpha * a[i*n + k] * b[k*n + j];',
      '}',
      '```',
      '',
      'Loops (ids to use in your answer):',
      '  L1: for loop at line 2 over i from 0 to n (about 512 iterations, perfectly nested)',
      '    writes: c[i*n + j]',
      '    reads: a[i*n + k], b[k*n + j]',
      '    L1.1: for loop at line 3 over j from 0 to n (about 512 iterations, perfectly nested)',
      '      L1.1.1: for loop at line 4 over k from 0 to n (about 512 iterations)',
    ].join('\n'),
    plan: {
      function: 'scaled_product',
      loops: [
        {
          loop: 'L1',
          parallel: true,
          schedule: 'static',
          reason: 'each i owns row i of c, so rows are independent',
        },
        {
          loop: 'L1.1',
          parallel: false,
          interchangeWith: 'L1.1.1',
          reason: 'with k outside j the innermost loop walks b and c with stride 1 instead of stride n',
        },
      ],
    },
    code: [
      'void scaled_product(int n, double alpha, double *restrict c, const double *restrict a, const double *restrict b) {',
      '  #pragma omp parallel for schedule(static)',
      '  for (int i = 0; i < n; i++)',
      '    for (int k = 0; k < n; k++)',
      '      for (int j = 0; j < n; j++)',
      '        c[i*n + j] += alpha * a[i*n + k] * b[k*n + j];',
      '}',
    ].join('\n'),
  },
  {
    task: [
      'Function `prefix_sum` from example.c (preprocessed):',
      '```c',
      'void prefix_sum(int n, double *a) {',
      '  for (int i = 1; i < n; i++)',
      '    a[i] += a[i-1];',
      '}',
      '```',
      '',
      'Loops (ids to use in your answer):',
      '  L1: for loop at line 2 over i from 1 to n (about 1000000 iterations)',
      '    writes: a[i]',
      '    reads: a[i-1]',
    ].join('\n'),
    plan: {
      function: 'prefix_sum',
      loops: [
        {
          loop: 'L1',
          parallel: false,
          reason: 'iteration i reads a[i-1], which iteration i-1 writes: a loop-carried dependence, so it must stay sequential',
        },
      ],
    },
    code: ['void prefix_sum(int n, double *a) {', '  /* not parallel: iteration i reads a[i-1], written by iteration i-1 */', '  for (int i = 1; i < n; i++)', '    a[i] += a[i-1];', '}'].join('\n'),
  },
];
