// A function that returns a complex number as a struct (fft-planes'
// checksum) used to make a harness that did not compile: the return value
// was printed as a double. A record of one arithmetic type is compared as
// its elements; any other record returned is named as the reason.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { buildHarness } from '../../src/verify/build.js';
import { generateHarness } from '../../src/verify/harness.js';
import { unverifiableReason } from '../../src/verify/index.js';
import { harnessOptions } from '../../src/verify/verify.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-record-returns-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const SOURCE = `typedef struct { double real, imag; } dcomplex;
typedef struct { int count; double sum; } tally;
dcomplex total(int n, const dcomplex *x) {
  dcomplex c = {0.0, 0.0};
  for (int i = 0; i < n; i++) {
    c.real += x[i].real;
    c.imag += x[i].imag;
  }
  return c;
}
tally count_positive(int n, const double *x) {
  tally t = {0, 0.0};
  for (int i = 0; i < n; i++)
    if (x[i] > 0) { t.count++; t.sum += x[i]; }
  return t;
}
`;

const file = path.join(scratch, 'r.c');
fs.writeFileSync(file, SOURCE);
const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
const fnOf = (name: string) => tu.functions.find((f) => f.name === name)!;

it('a complex number returned by value is compared element by element, and its harness builds', async () => {
  const fn = fnOf('total');
  expect(unverifiableReason(fn, tu)).toBeUndefined();
  const src = generateHarness(tu, fn, undefined, harnessOptions(loadConfig({}).config, ['-O2']));
  expect(src).toMatch(/__slmcc_eq_elems\(&__slmcc_rv_r, &__slmcc_rv_c, 2, sizeof\(double\)/);
  const built = await buildHarness(['clang-19'], ['-O2'], 'plain', src, fs.mkdtempSync(path.join(scratch, 'total-')), 'ref');
  expect(built.detail ?? '').toBe('');
  expect(built.ok).toBe(true);
});

it('a record of mixed fields returned by value is named as the reason', () => {
  expect(unverifiableReason(fnOf('count_positive'), tu)).toBe('returns a struct or union (tally, a struct (unnamed))');
});
