// The array-size probe's builds pass the constants the program's one call
// passes (call-constants.ts): the harness source takes each as a define, and
// the function under test is then specialised on it, as it is where the
// program's call inlines it. Read from clang's own IR of the harness.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { generateHarness } from '../../src/verify/harness.js';
import { harnessOptions } from '../../src/verify/verify.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-call-constants-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const SOURCE = `# 1 "scale.c"
static void scale(int n, double alpha, double x[1000]) {
  for (int i = 0; i < n; i++) x[i] *= alpha;
}
`;

function ir(defines: string[]): string {
  const tu = analyze(SOURCE, { sourceFile: 'scale.c' });
  const src = path.join(scratch, 'harness.c');
  fs.writeFileSync(src, generateHarness(tu, tu.functions[0], undefined, harnessOptions(loadConfig({}).config, ['-O3'])));
  return execFileSync('clang-19', ['-O3', '-fopenmp', '-w', '-S', '-emit-llvm', '-o', '-', ...defines, src], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

const refDefinition = (text: string) => text.split('\n').find((l) => /^define internal .*@__slmcc_ref\(/.test(l)) ?? '';

describe("the array-size probe's harness", () => {
  it('takes the size and the factor the program passes, and clang specialises the function on both', () => {
    const sized = ir(['-D__SLMCC_FIXED_N=1000', '-D__SLMCC_ARG_0=800', '-D__SLMCC_ARG_1=1.5']);
    // Neither is a parameter any more: the body multiplies by 1.5 up to 800.
    expect(refDefinition(sized)).not.toMatch(/double noundef %|i32 noundef %/);
    expect(sized).toMatch(/fmul .*1\.500000e\+00/);
  });

  it('passes its own values otherwise, which the function takes as parameters', () => {
    expect(refDefinition(ir([]))).toMatch(/double noundef %/);
  });
});
