// Old C compiles under clang 19 only with the flags its build passes: a call
// to an undeclared function needs -Wno-implicit-function-declaration, a K&R
// definition -std=gnu89. slmcc's own compiles of that code (the harness, the
// screen's reading) take the flags that relax diagnostics, and a C89 unit
// read into the gnu99 harness keeps what C89 allowed; before, every hot
// function of such a file was "unverifiable: the harness for the original
// does not compile".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { classify, compileFlagsOf } from '../../src/driver/index.js';
import { buildHarness } from '../../src/verify/build.js';
import { generateHarness } from '../../src/verify/harness.js';
import { screenCandidate } from '../../src/verify/index.js';
import { harnessOptions } from '../../src/verify/verify.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-legacy-flags-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const config = loadConfig({}).config;

const UNDECLARED = `void saxpy(int n, float a, const float *x, float *y) {
  int i;
  if (strcmp("on", "off") == 0) return;
  for (i = 0; i < n; i++)
    y[i] += a * x[i];
}
`;
const KR = `int scale(a, b, n)
float *a, *b;
{
  int i;
  for (i = 0; i < n; i++)
    b[i] = 2.0f * a[i];
  return 0;
}
`;

function setUp(name: string, source: string, argv: string[]) {
  const file = path.join(scratch, `${name}.c`);
  fs.writeFileSync(file, source);
  const c = classify([...argv, '-c', file]);
  if (c.kind !== 'compile') throw new Error(`${name}: not a compile`);
  const flags = compileFlagsOf(c.parsed);
  const tu = analyze(execFileSync('clang-19', [...argv, '-E', file], { encoding: 'utf8' }), { sourceFile: file });
  return { tu, flags };
}

describe("old C with its build's flags", () => {
  it.each([
    ['undeclared', UNDECLARED, ['-O2', '-Wno-implicit-function-declaration'], 'saxpy'],
    ['kr', KR, ['-O2', '-std=gnu89'], 'scale'],
  ])('%s: the harness for the original compiles', async (name, source, argv, fnName) => {
    const { tu, flags } = setUp(name, source, argv);
    const fn = tu.functions.find((f) => f.name === fnName)!;
    const src = generateHarness(tu, fn, undefined, harnessOptions(config, flags));
    const dir = fs.mkdtempSync(path.join(scratch, `${name}-`));
    const built = await buildHarness(['clang-19'], flags, 'asan', src, dir, 'ref');
    expect(built.detail ?? '').toBe('');
    expect(built.ok).toBe(true);
  });

  it('the screen reads the original under the flag that lets it compile', () => {
    const { tu, flags } = setUp('undeclared-screen', UNDECLARED, ['-O2', '-Wno-implicit-function-declaration']);
    const fn = tu.functions.find((f) => f.name === 'saxpy')!;
    const text = fn.text.replace('  for (i', '#pragma omp parallel for\n  for (i');
    const r = screenCandidate(tu, fn, { id: 'c', text, form: 'code', origin: { provider: 'builtin' } } as never, flags);
    expect(r).toMatchObject({ ok: true });
  });
});
