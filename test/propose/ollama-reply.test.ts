import { describe, expect, it } from 'vitest';
import { readCode, readPlan } from '../../src/propose/chat/index.js';
import { DOT, MATMUL, MATMUL_CODE, MATMUL_PLAN } from '../fixtures/ollama-kernels.js';

const DOT_PAR = [
  'double dot(int n, const double *x, const double *y) {',
  '  double s = 0.0;',
  '  #pragma omp parallel for reduction(+:s)',
  '  for (int i = 0; i < n; i++)',
  '    s += x[i] * y[i];',
  '  return s;',
  '}',
].join('\n');

describe('reading a code reply', () => {
  it('takes the function out of chatter, #include lines and an added main', () => {
    const r = readCode(MATMUL_CODE, MATMUL);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.startsWith('void matmul(')).toBe(true);
    expect(r.value).toContain('#pragma omp parallel for');
    expect(r.value).not.toContain('main');
    expect(r.value).not.toContain('#include');
    expect(r.value.trim().endsWith('}')).toBe(true);
  });

  it.each([
    ['a fence with a language tag', '```c\n' + DOT_PAR + '\n```'],
    ['a fence without a tag', 'Sure!\n```\n' + DOT_PAR + '\n```\nDone.'],
    ['no fences, chatter around', 'Here you go:\n\n' + DOT_PAR + '\n\nThis uses a reduction.'],
    ['an unclosed fence', '```c\n' + DOT_PAR + '\n'],
    ['several blocks, the original quoted first', '```c\n' + DOT.text + '\n```\nbecomes\n```C\n' + DOT_PAR + '\n```'],
    ['a helper before it', '```c\nstatic int helper(int x) { return x; }\n' + DOT_PAR + '\n```'],
  ])('finds the function in %s', (_, reply) => {
    const r = readCode(reply, DOT);
    expect(r).toEqual({ ok: true, value: DOT_PAR });
  });

  it('accepts renamed parameters but not changed types', () => {
    expect(readCode(DOT_PAR.replace('const double *x', 'const double *xs'), DOT).ok).toBe(true);
    const r = readCode(DOT_PAR.replace('const double *x', 'const double *restrict x'), DOT);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/signature differs: expected `double dot\(int,const double\*,const double\*\)`, got `double dot\(int,const double\*restrict,const double\*\)`/);
  });

  it('names the reason when there is nothing to take', () => {
    expect(readCode('I cannot help with that.', DOT)).toEqual({ ok: false, reason: 'code rejected: no C function in the reply' });
    expect(readCode('```c\nint main(void) { return 0; }\n```', DOT)).toEqual({
      ok: false,
      reason: 'code rejected: no definition of dot in the reply (it defines: main)',
    });
  });

  it('rejects a definition with a syntax error', () => {
    const r = readCode('```c\n' + DOT_PAR.replace('s += x[i] * y[i];', 's += x[i] * ;') + '\n```', DOT);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^code rejected: syntax error in dot at line \d+/);
  });
});

describe('reading a plan reply', () => {
  it('accepts a plan that fits the schema and the function', () => {
    const r = readPlan(JSON.stringify(MATMUL_PLAN), MATMUL);
    expect(r).toEqual({ ok: true, value: MATMUL_PLAN });
  });

  it('rejects with the validation error', () => {
    const bad = { function: 'matmul', loops: [{ loop: 'L1', parallel: 'yes' }] };
    expect(readPlan(JSON.stringify(bad), MATMUL)).toEqual({
      ok: false,
      reason: 'plan rejected: reply does not match the schema: $.loops[0].parallel: expected boolean, got string',
    });
    const op = { function: 'matmul', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: 'avg', vars: ['s'] }] }] };
    expect(readPlan(JSON.stringify(op), MATMUL)).toMatchObject({ ok: false, reason: expect.stringContaining('$.loops[0].reduction[0].op: "avg" is not one of') });
    expect(readPlan('{"loops": []}', MATMUL)).toMatchObject({ ok: false, reason: expect.stringContaining('missing required property "function"') });
  });

  it('rejects garbage, unknown loops and plans that change nothing', () => {
    expect(readPlan('lorem ipsum', MATMUL)).toMatchObject({ ok: false, reason: expect.stringMatching(/^plan rejected: reply is not JSON/) });
    expect(readPlan('{"function":"matmul","loops":[{"loop":"L9","parallel":true}]}', MATMUL)).toMatchObject({
      ok: false,
      reason: 'plan rejected: no loop "L9" in matmul (loops: L1, L1.1, L1.1.1)',
    });
    expect(readPlan('{"function":"matmul","loops":[{"loop":"L1","parallel":false,"reason":"unsafe"}]}', MATMUL)).toEqual({
      ok: false,
      reason: "the model's plan changes nothing: unsafe",
    });
  });

  it('reads JSON wrapped in a fence by a server that ignored format', () => {
    expect(readPlan('```json\n' + JSON.stringify(MATMUL_PLAN) + '\n```', MATMUL).ok).toBe(true);
  });
});
