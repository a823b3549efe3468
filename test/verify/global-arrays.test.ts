// Kernels that work on file-scope arrays (`static double A[N][N]; void
// kernel(void)`), the shape of textbook and older benchmark codes: the harness
// fills the arrays before the runs (a program fills them at run time, and on
// zeros a candidate that computes nothing looks right), compares them element
// by element within the tolerance, and refuses to spend minutes under the
// sanitizers when the program fixes a size too large to check quickly.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Candidate } from '../../src/core/candidate.js';
import { failureOf, verifyFunction, type VerifyResult } from '../../src/verify/index.js';

const config = { ...loadConfig({}).config, threads: 2 };

function unit(n: number): string {
  return `#include <stdio.h>
#define N ${n}
static double A[N][N], B[N][N], C[N][N];
static float row_sum[N];
static void init(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) { A[i][j] = (i * j % 7) / 7.0; B[i][j] = (i + j) % 5 / 5.0; }
}
static void kernel(void) {
  int i, j, k;
  for (i = 0; i < N; i++) {
    float rs = 0;
    for (j = 0; j < N; j++) {
      double s = 0;
      for (k = 0; k < N; k++) s += A[i][k] * B[k][j];
      C[i][j] = s;
      rs += (float)s;
    }
    row_sum[i] = rs;
  }
}
int main(void) { init(); kernel(); printf("%f %f\\n", C[1][2], row_sum[3]); return 0; }
`;
}

// Candidates are spliced into the preprocessed unit, where N is a number.
const body = (n: number, pragma: string, inner: string) => `static void kernel(void) {
  int i, j, k;
  ${pragma}
  for (i = 0; i < ${n}; i++) {
    float rs = 0;
    for (j = 0; j < ${n}; j++) {
      double s = 0;
      ${inner.replace(/\bN\b/g, String(n))}
      C[i][j] = s;
      rs += (float)s;
    }
    row_sum[i] = rs;
  }
}`;

const candidate = (id: string, text: string): Candidate => ({ id, origin: { provider: 'builtin' }, form: 'code', text });

async function verify(n: number, candidates: Candidate[]): Promise<VerifyResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-globals-'));
  const file = path.join(dir, 'globals.c');
  fs.writeFileSync(file, unit(n));
  const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
  const fn = tu.functions.find((f) => f.name === 'kernel')!;
  let r!: VerifyResult;
  // A probe that finds the machine busy says "undecided": try again.
  for (let i = 0; i < 3; i++) {
    // The claim check refuses the wrong ones on their changed statements; this pins the comparison of the globals behind it.
    r = await verifyFunction({ tu, fn, candidates, cc: ['clang-19'], codeFlags: ['-O2'], config, secondLineOnly: true });
    if (r.verdict.kind !== 'undecided') break;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

describe('kernels on global arrays', () => {
  it('a right parallel rewrite passes; one that skips the work or writes a wrong element is refused by the comparison of the globals', async () => {
    const r = await verify(48, [
      candidate('right', body(48, '#pragma omp parallel for private(j, k)', 'for (k = 0; k < N; k++) s += A[i][k] * B[k][j];')),
      // On arrays left at zero this one matched the original: nothing was compared but zeros.
      candidate('skips-the-work', body(48, '#pragma omp parallel for private(j, k)', '(void)k;')),
      candidate('one-term-short', body(48, '#pragma omp parallel for private(j, k)', 'for (k = 1; k < N; k++) s += A[i][k] * B[k][j];')),
    ]);
    expect(r.verdict.kind).not.toBe('unverifiable');
    const right = r.candidates.find((c) => c.id === 'right')!;
    for (const c of right.checks.filter((c) => c.check !== 'timing')) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
    for (const id of ['skips-the-work', 'one-term-short']) {
      const f = failureOf(r.candidates.find((c) => c.id === id)!);
      expect(f?.check, id).toBe('differential');
      expect(f?.detail, id).toMatch(/outputs differ at global (C|row_sum) \(element \d+\)/);
    }
  }, 300_000);

  it('at a fixed size too large to run under the sanitizers quickly, candidates are not run and the original and Polly are still timed', async () => {
    const r = await verify(1000, [candidate('right', body(1000, '#pragma omp parallel for private(j, k)', 'for (k = 0; k < N; k++) s += A[i][k] * B[k][j];'))]);
    const f = failureOf(r.candidates[0]);
    expect(f?.check).toBe('tsan');
    expect(f?.detail).toMatch(/^not run: one call of the original takes \d+ ms under ASan at the sizes the program fixes/);
    expect(['polly', 'original', 'undecided']).toContain(r.verdict.kind);
    expect(r.phases?.probe ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
