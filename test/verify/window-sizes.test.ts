// A convolution's filter extent (`kh` in `oh = h - kh + 1`) is kept small in
// timing, so its parallel rows can pay; the checked sets still give it the
// image's size, so a candidate that drops a large filter's far rows, or skips
// large filters, is refused as it was, and one short of a row is refused too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { verifyFunction } from '../../src/verify/index.js';

const CONV = `void conv2d(int h, int w, int kh, int kw, const float *restrict in, const float *restrict k, float *restrict out) {
    int oh = h - kh + 1, ow = w - kw + 1;
    for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
            float sum = 0.0f;
            for (int a = 0; a < kh; a++)
                for (int b = 0; b < kw; b++)
                    sum += in[(i + a) * w + (j + b)] * k[a * kw + b];
            out[i * ow + j] = sum;
        }
    }
}
`;
const PARALLEL = CONV.replace('    for (int i = 0; i < oh; i++) {', '    #pragma omp parallel for\n    for (int i = 0; i < oh; i++) {');

it('times parallel rows with a small filter, and still refuses what is wrong only for large filters', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-window-'));
  const file = path.join(dir, 'conv.c');
  fs.writeFileSync(file, CONV);
  const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
  const fn = tu.functions.find((f) => f.name === 'conv2d')!;
  const candidates = [
    ['right', PARALLEL],
    ['skips large filters', PARALLEL.replace('int oh = h - kh + 1, ow = w - kw + 1;', 'int oh = h - kh + 1, ow = w - kw + 1;\n    if (kh * 2 > h) return;')],
    ['drops a large filter\'s far rows', PARALLEL.replace('for (int a = 0; a < kh; a++)', 'for (int a = 0; a < (kh < 6 ? kh : 5); a++)')],
    ['one row short', PARALLEL.replace('i < oh; i++', 'i < oh - (oh > 3); i++')],
  ].map(([id, text]) => ({ id, origin: { provider: 'ollama' as const, model: 'test' }, form: 'code' as const, text }));
  const r = await verifyFunction({ tu, fn, cc: ['clang-19'], codeFlags: ['-O3'], config: { ...loadConfig({}).config, threads: 2 }, candidates });
  fs.rmSync(dir, { recursive: true, force: true });
  const failed = Object.fromEntries(r.candidates.map((c) => [c.id, c.checks.find((k) => !k.ok)?.check]));
  expect(failed).toEqual({ right: undefined, 'skips large filters': 'differential', "drops a large filter's far rows": 'differential', 'one row short': 'differential' });
  // The filter was 3-5 wide in timing: as large as the image, there would be one output row to share.
  const timing = r.candidates.find((c) => c.id === 'right')!.checks.find((k) => k.check === 'timing');
  expect(timing?.detail).toMatch(/vs original/);
}, 300_000);
