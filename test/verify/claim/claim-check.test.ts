// The claim check as verify runs it: the candidate's shape on clang's AST,
// then each directive's legality; the evidence it records, and the setting
// that refuses evidence weaker than the user accepts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type TranslationUnit } from '../../../src/analysis/index.js';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { checkClaim } from '../../../src/verify/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-claim-check-'));
const file = path.join(dir, 'k.c');
fs.writeFileSync(
  file,
  `void rows(int n, int m, double *restrict out, const double *restrict in) {
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      out[i * m + j] = in[i * m + j] * 2.0;
}

double dot(int n, const double *restrict a, const double *restrict b) {
  double s = 0;
  for (int i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

long count(int n, const int *restrict a) {
  long c = 0;
  for (int i = 0; i < n; i++)
    c += a[i] > 0;
  return c;
}

void shift(int n, double *a) {
  for (int i = 0; i < n - 2; i++)
    a[i + 2] = a[i] * 0.5;
}
`,
);
const tu: TranslationUnit = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
const fn = (name: string) => tu.functions.find((f) => f.name === name)!;
const base: Config = loadConfig({}).config;

function claim(name: string, text: string, flags: string[] = ['-O2'], config: Partial<Config> = {}) {
  return checkClaim(tu, fn(name), text, flags, { ...base, ...config });
}

const ROWS = `void rows(int n, int m, double *restrict out, const double *restrict in) {
  int i, j;
#pragma omp parallel for private(j)
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      out[i * m + j] = in[i * m + j] * 2.0;
}`;

describe('the claim check', () => {
  it('a parallel outer loop over independent rows is proven', () => {
    const r = claim('rows', ROWS);
    expect(r.outcome, r.outcome.detail).toMatchObject({ check: 'claim', ok: true });
    expect(r.evidence).toBe('proven');
  });

  it('the same loop with a changed constant is refused as a changed original', () => {
    const r = claim('rows', ROWS.replace('* 2.0', '* 2.5'));
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.detail).toMatch(/^changes the original: .*2\.5/);
  });

  it('a directive on the inner loop without private(j) on the outer one is judged on the loop it governs', () => {
    const r = claim('rows', ROWS.replace('#pragma omp parallel for private(j)\n  for (i = 0; i < n; i++)\n', '  for (i = 0; i < n; i++)\n#pragma omp parallel for\n'));
    expect(r.outcome, r.outcome.detail).toMatchObject({ ok: true });
  });

  it('a distance-2 recurrence is refused with the dependence, whatever the schedule', () => {
    const r = claim('shift', `void shift(int n, double *a) {\n#pragma omp parallel for schedule(static, 1)\n  for (int i = 0; i < n - 2; i++)\n    a[i + 2] = a[i] * 0.5;\n}`);
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.detail).toMatch(/claims the loop at line \d+ is parallel, but/);
  });

  const DOT = `double dot(int n, const double *restrict a, const double *restrict b) {
  double s = 0;
#pragma omp parallel for reduction(+:s)
  for (int i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}`;

  it("a double sum is reassociated only with the user's permission", () => {
    const strict = claim('dot', DOT);
    expect(strict.outcome.ok).toBe(false);
    expect(strict.outcome.detail).toMatch(/reassociat/);
    expect(claim('dot', DOT, ['-O2', '-ffast-math']).outcome.ok).toBe(true);
    expect(claim('dot', DOT, ['-O2'], { reassociate: true }).outcome.ok).toBe(true);
  });

  it('an integer count is exact, so it needs no permission', () => {
    const r = claim('count', `long count(int n, const int *restrict a) {\n  long c = 0;\n#pragma omp parallel for reduction(+:c)\n  for (int i = 0; i < n; i++)\n    c += a[i] > 0;\n  return c;\n}`);
    expect(r.outcome, r.outcome.detail).toMatchObject({ ok: true });
    expect(r.evidence).toBe('proven');
  });

  it('a parallel region around a work-shared loop has a known extent, so it is judged, not left to tests', () => {
    const text = ROWS.replace(
      '#pragma omp parallel for private(j)\n  for (i = 0; i < n; i++)\n    for (j = 0; j < m; j++)\n      out[i * m + j] = in[i * m + j] * 2.0;',
      '#pragma omp parallel\n  {\n#pragma omp for private(j)\n  for (i = 0; i < n; i++)\n    for (j = 0; j < m; j++)\n      out[i * m + j] = in[i * m + j] * 2.0;\n  }',
    );
    const r = claim('rows', text);
    expect(r.outcome, r.outcome.detail).toMatchObject({ ok: true });
    expect(r.outcome.detail).not.toMatch(/extent is not known/);
  });

  it('SLMCC_EVIDENCE=proven refuses what rests on tests only, and says so', () => {
    // An unknown callee: the analysis cannot tell what it writes.
    const src = path.join(dir, 'u.c');
    fs.writeFileSync(src, 'double f(double);\nvoid apply(int n, double *restrict a) {\n  for (int i = 0; i < n; i++)\n    a[i] = f(a[i]);\n}\n');
    const utu = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
    const text = 'void apply(int n, double *restrict a) {\n#pragma omp parallel for\n  for (int i = 0; i < n; i++)\n    a[i] = f(a[i]);\n}';
    const ufn = utu.functions.find((f) => f.name === 'apply')!;
    const lax = checkClaim(utu, ufn, text, ['-O2'], base);
    expect(lax.outcome, lax.outcome.detail).toMatchObject({ ok: true });
    expect(lax.evidence).toBe('tested');
    const strict = checkClaim(utu, ufn, text, ['-O2'], { ...base, evidence: 'proven' });
    expect(strict.outcome.ok).toBe(false);
    expect(strict.outcome.detail).toMatch(/tested only.*SLMCC_EVIDENCE=proven/);
  });
});
