// A parallel reduction adds in another order. A reordered float sum moves in
// its fifth to seventh digit, which a program prints: it passes only when the
// user let the compiler reassociate (-ffast-math), and SLMCC_TOLERANCE=0
// (bit-identical outputs) refuses it even then. The claim check refuses the
// reduction first when the flags forbid reassociation; these cases pin the
// differential run behind it, so they run the second line alone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { failureOf, verifyFunction } from '../../src/verify/index.js';

const SOURCE = `float fsum(const float *a, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += a[i] * 0.37f;
  return s;
}
`;
const PARALLEL = `float fsum(const float *a, int n) {
  float s = 0.0f;
  #pragma omp parallel for reduction(+:s)
  for (int i = 0; i < n; i++) s += a[i] * 0.37f;
  return s;
}
`;

async function checksOf(tolerance: number, codeFlags: string[], secondLineOnly: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-tolerance-'));
  const file = path.join(dir, 'fsum.c');
  fs.writeFileSync(file, SOURCE);
  const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
  const fn = tu.functions.find((f) => f.name === 'fsum')!;
  const config = { ...loadConfig({}).config, threads: 2, tolerance };
  const r = await verifyFunction({ tu, fn, cc: ['clang-19'], codeFlags, config, secondLineOnly, candidates: [{ id: 'reduction', origin: { provider: 'builtin' }, form: 'code', text: PARALLEL }] });
  fs.rmSync(dir, { recursive: true, force: true });
  return r.candidates[0].checks;
}

async function differential(tolerance: number, codeFlags: string[]) {
  return (await checksOf(tolerance, codeFlags, true)).find((c) => c.check === 'differential');
}

describe('the tolerance for floating-point outputs', () => {
  it('never reaches the differential run when the flags forbid reassociation: the claim is refused', async () => {
    const checks = await checksOf(1e-9, ['-O2'], false);
    const claim = checks.find((c) => c.check === 'claim');
    expect(claim?.ok).toBe(false);
    expect(claim?.detail).toMatch(/reassociates a floating-point sum/);
    expect(checks.some((c) => c.check === 'differential')).toBe(false);
  }, 120_000);

  it('refuses a reordered float sum by default', async () => {
    const d = await differential(1e-9, ['-O2']);
    expect(d?.ok).toBe(false);
    expect(d?.detail).toMatch(/outputs differ at return value/);
  }, 120_000);

  it('accepts it under -ffast-math, within 1e-4', async () => {
    expect((await differential(1e-9, ['-O2', '-ffast-math']))?.ok).toBe(true);
  }, 120_000);

  it('refuses it under -ffast-math when the tolerance is 0 (bit-identical outputs)', async () => {
    const d = await differential(0, ['-O2', '-ffast-math']);
    expect(d?.ok).toBe(false);
    expect(d?.detail).toMatch(/outputs differ at return value/);
  }, 120_000);
});
