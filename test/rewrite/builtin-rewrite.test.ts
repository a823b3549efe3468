// The builtin's plans, applied by rewrite and spliced into the translation
// unit, compile with clang-19 -fopenmp and print what the original prints
// when run with two threads.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze, type TranslationUnit } from '../../src/analysis/index.js';
import { proposeBuiltin } from '../../src/propose/builtin/index.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';

const corpus = path.resolve(__dirname, '..', 'corpus');
const source = path.join(corpus, 'kernels.c');
let dir: string;
let tu: TranslationUnit;
let expected: string;

function build(text: string, name: string): string {
  const i = path.join(dir, `${name}.i`);
  const exe = path.join(dir, name);
  writeFileSync(i, text);
  execFileSync('clang-19', ['-fopenmp', '-O1', '-x', 'cpp-output', i, '-o', exe, '-lm'], { stdio: 'pipe' });
  return execFileSync(exe, { env: { ...process.env, OMP_NUM_THREADS: '2' }, encoding: 'utf8' });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'slmcc-builtin-'));
  const pp = execFileSync('clang-19', ['-E', source], { encoding: 'utf8' });
  tu = analyze(pp);
  expected = build(pp, 'orig');
});

/** The builtin's plans, as under -ffast-math when `reassociate` (a double sum is a reduction only then). */
function plansFor(name: string, reassociate = false) {
  const fn = tu.functions.find((f) => f.name === name)!;
  const ps = proposeBuiltin(tu, fn, { reassociate });
  return { fn, ps };
}

describe('builtin rewrites run correctly with 2 threads', () => {
  it('matrix product: interchange i-j-k to i-k-j first, parallel outer i', () => {
    const { fn, ps } = plansFor('matmul');
    const first = ps[0];
    expect(first.form).toBe('plan');
    if (first.form !== 'plan') return;
    expect(first.plan.loops).toEqual(
      expect.arrayContaining([expect.objectContaining({ loop: 'L1', parallel: true }), expect.objectContaining({ loop: 'L1.1', interchangeWith: 'L1.1.1', simd: true })]),
    );
    for (const p of ps) {
      if (p.form !== 'plan') continue;
      const r = applyPlan(tu, fn, p.plan);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.text).toMatch(/#pragma omp parallel for/);
      expect(build(spliceFunctions(tu, [{ fn, text: r.text }]), 'mm')).toBe(expected);
    }
    const r = applyPlan(tu, fn, first.plan);
    if (r.ok) expect(r.text.indexOf('int k = 0')).toBeLessThan(r.text.indexOf('int j = 0'));
  });

  it('2-D stencil (Jacobi, out of place): parallel rows, simd or collapse', () => {
    const { fn, ps } = plansFor('jacobi2d');
    expect(ps.length).toBeGreaterThanOrEqual(2);
    for (const p of ps) {
      expect(p.form).toBe('plan');
      if (p.form !== 'plan') continue;
      const r = applyPlan(tu, fn, p.plan);
      expect(r.ok).toBe(true);
      if (r.ok) expect(build(spliceFunctions(tu, [{ fn, text: r.text }]), 'jac')).toBe(expected);
    }
  });

  it('dot product: + reduction, with the permission to reassociate', () => {
    expect(plansFor('dot').ps[0].form).toBe('none');
    const { fn, ps } = plansFor('dot', true);
    const p = ps[0];
    expect(p.form).toBe('plan');
    if (p.form !== 'plan') return;
    expect(p.plan.loops[0].reduction).toEqual([{ op: '+', vars: ['s'] }]);
    const r = applyPlan(tu, fn, p.plan);
    expect(r.ok && r.text).toMatch(/reduction\(\+:s\)/);
    if (r.ok) expect(build(spliceFunctions(tu, [{ fn, text: r.text }]), 'dot')).toBe(expected);
  });

  it('embarrassingly parallel image loop', () => {
    const { fn, ps } = plansFor('brighten');
    expect(ps[0].form).toBe('plan');
    for (const p of ps) {
      if (p.form !== 'plan') continue;
      const r = applyPlan(tu, fn, p.plan);
      expect(r.ok).toBe(true);
      if (r.ok) expect(build(spliceFunctions(tu, [{ fn, text: r.text }]), 'img')).toBe(expected);
    }
  });

  it('all four spliced at once keep later line numbers exact', () => {
    const reps = ['matmul', 'jacobi2d', 'dot', 'brighten'].map((n) => {
      const { fn, ps } = plansFor(n, true);
      const p = ps[0];
      if (p.form !== 'plan') throw new Error(n);
      const r = applyPlan(tu, fn, p.plan);
      if (!r.ok) throw new Error(r.reason);
      return { fn, text: r.text };
    });
    const spliced = spliceFunctions(tu, reps);
    expect(build(spliced, 'all')).toBe(expected);
    // __LINE__-style check: the `int main` line maps to the same source line.
    const again = analyze(spliced);
    expect(again.functions.find((f) => f.name === 'main')!.sourceLine).toBe(tu.functions.find((f) => f.name === 'main')!.sourceLine);
    expect(again.functions.find((f) => f.name === 'dot')!.sourceLine).toBe(tu.functions.find((f) => f.name === 'dot')!.sourceLine);
  });
});

describe('runtime overlap guard for pointers without restrict', () => {
  it('runs the parallel loop only when the ranges are disjoint, the original otherwise', () => {
    const { fn, ps } = plansFor('add_shifted');
    const p = ps[0];
    expect(p.form).toBe('plan');
    if (p.form !== 'plan') return;
    expect(p.plan.loops[0]).toMatchObject({ loop: 'L1', parallel: true, aliasGuard: ['dst', 'src'] });
    const r = applyPlan(tu, fn, p.plan);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toMatch(/if \(.*\) \{[\s\S]*#pragma omp parallel for[\s\S]*\} else \{/);
    expect(build(spliceFunctions(tu, [{ fn, text: r.text }]), 'guard')).toBe(expected);
  });

  it('refuses a guard it cannot bound (indirect subscripts)', () => {
    const fn = tu.functions.find((f) => f.name === 'dot')!;
    expect(applyPlan(tu, fn, { function: 'dot', loops: [{ loop: 'L1', parallel: true, aliasGuard: ['x'] }] })).toMatchObject({ ok: false });
  });
});

describe('applyPlan refuses what it cannot apply', () => {
  it('unknown loop ids, bad names, impossible collapse and interchange', () => {
    const fn = tu.functions.find((f) => f.name === 'dot')!;
    expect(applyPlan(tu, fn, { function: 'dot', loops: [{ loop: 'L7', parallel: true }] })).toMatchObject({ ok: false });
    expect(applyPlan(tu, fn, { function: 'dot', loops: [{ loop: 'L1', parallel: true, private: ['x); system("rm'] }] })).toMatchObject({ ok: false });
    expect(applyPlan(tu, fn, { function: 'dot', loops: [{ loop: 'L1', parallel: true, collapse: 2 }] })).toMatchObject({ ok: false });
    expect(applyPlan(tu, fn, { function: 'dot', loops: [{ loop: 'L1', parallel: false, interchangeWith: 'L1.1' }] })).toMatchObject({ ok: false });
    expect(applyPlan(tu, fn, { function: 'other', loops: [] })).toMatchObject({ ok: false });
  });
});
