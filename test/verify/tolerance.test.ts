// A parallel reduction adds in another order. Within the tolerance that is
// accepted (float outputs get at least 1e-4); SLMCC_TOLERANCE=0 asks for
// bit-identical outputs, and then a reordered float sum is refused.
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

async function differential(tolerance: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-tolerance-'));
  const file = path.join(dir, 'fsum.c');
  fs.writeFileSync(file, SOURCE);
  const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
  const fn = tu.functions.find((f) => f.name === 'fsum')!;
  const config = { ...loadConfig({}).config, threads: 2, tolerance };
  const r = await verifyFunction({ tu, fn, cc: ['clang-19'], codeFlags: ['-O2'], config, candidates: [{ id: 'reduction', origin: { provider: 'builtin' }, form: 'code', text: PARALLEL }] });
  fs.rmSync(dir, { recursive: true, force: true });
  return r.candidates[0].checks.find((c) => c.check === 'differential');
}

describe('the tolerance for floating-point outputs', () => {
  it('accepts a reordered float sum by default', async () => {
    expect((await differential(1e-9))?.ok).toBe(true);
  }, 120_000);

  it('refuses it when the tolerance is 0 (bit-identical outputs)', async () => {
    const d = await differential(0);
    expect(d?.ok).toBe(false);
    expect(d?.detail).toMatch(/outputs differ at return value/);
  }, 120_000);
});
