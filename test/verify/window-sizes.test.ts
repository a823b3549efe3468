// A convolution's filter extent (`kh` in `oh = h - kh + 1`) is kept small in
// timing, so its parallel rows can pay; the checked sets still give it the
// image's size, so a candidate that drops a large filter's far rows, or skips
// large filters, is refused as it was, and one short of a row is refused too.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { verifyFunction } from '../../src/verify/index.js';

// The shipped conv2d kernel, as the corpus and the benchmark build it.
const KERNELS = path.resolve(import.meta.dirname, '..', '..', 'kernels');
const SOURCE = path.join(KERNELS, 'src', 'conv2d.c');

/** `text` with `from` replaced; a kernel edited out from under the test fails here, not by passing a copy of the right candidate. */
const edited = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`conv2d.c no longer has ${JSON.stringify(from)}`);
  return text.replace(from, to);
};

it('times parallel rows with a small filter, and still refuses what is wrong only for large filters', async () => {
  const tu = analyze(execFileSync('clang-19', ['-E', '-I', path.join(KERNELS, 'include'), SOURCE], { encoding: 'utf8' }), { sourceFile: SOURCE });
  const fn = tu.functions.find((f) => f.name === 'conv2d')!;
  const PARALLEL = edited(fn.text, '    for (int i = 0; i < oh; i++) {', '    #pragma omp parallel for\n    for (int i = 0; i < oh; i++) {');
  const candidates = [
    ['right', PARALLEL],
    ['skips large filters', edited(PARALLEL, 'int oh = h - kh + 1, ow = w - kw + 1;', 'int oh = h - kh + 1, ow = w - kw + 1;\n    if (kh * 2 > h) return;')],
    ["drops a large filter's far rows", edited(PARALLEL, 'for (int a = 0; a < kh; a++)', 'for (int a = 0; a < (kh < 6 ? kh : 5); a++)')],
    ['one row short', edited(PARALLEL, 'i < oh; i++', 'i < oh - (oh > 3); i++')],
  ].map(([id, text]) => ({ id, origin: { provider: 'ollama' as const, model: 'test' }, form: 'code' as const, text }));
  // The claim check refuses all three on their changed statements; this pins the comparison behind it.
  const r = await verifyFunction({ tu, fn, cc: ['clang-19'], codeFlags: ['-O3'], config: { ...loadConfig({}).config, threads: 2 }, candidates, secondLineOnly: true });
  const failed = Object.fromEntries(r.candidates.map((c) => [c.id, c.checks.find((k) => !k.ok)?.check]));
  expect(failed).toEqual({ right: undefined, 'skips large filters': 'differential', "drops a large filter's far rows": 'differential', 'one row short': 'differential' });
  // The filter was 3-5 wide in timing: as large as the image, there would be one output row to share.
  const timing = r.candidates.find((c) => c.id === 'right')!.checks.find((k) => k.check === 'timing');
  expect(timing?.detail).toMatch(/vs original/);
}, 300_000);
