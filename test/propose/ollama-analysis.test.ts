// The provider on a real translation unit: clang-19 preprocesses a C file,
// the analysis part reads it, and the prompt, the plan and the extracted code
// line up with what the analysis says (loop ids, the signature as written
// with typedefs, the declarations the function needs).
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyze, declarationsFor } from '../../src/analysis/index.js';
import { createOllamaSession } from '../../src/propose/ollama/index.js';
import { preprocess } from '../../src/driver/preprocess.js';
import { tempDir, testConfig } from '../fixtures/ollama-config.js';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollama-server.js';

const SOURCE = `#include <math.h>
typedef double real;
struct opts { real factor; int clamp; };

void scale(int n, real *restrict out, const real *restrict in, const struct opts *o) {
  for (int i = 0; i < n; i++) {
    real v = sqrt(in[i]) * o->factor;
    out[i] = o->clamp && v > 1.0 ? 1.0 : v;
  }
}
`;

const PARALLEL = `void scale(int n, real *restrict out, const real *restrict in, const struct opts *o) {
  #pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++) {
    real v = sqrt(in[i]) * o->factor;
    out[i] = o->clamp && v > 1.0 ? 1.0 : v;
  }
}`;

let server: OllamaTestServer;
beforeAll(async () => {
  server = await startOllamaServer({
    functions: {
      scale: {
        plan: { function: 'scale', loops: [{ loop: 'L1', parallel: true, schedule: 'static' }] },
        code: `Each iteration writes only out[i].\n\n\`\`\`c\n#include <math.h>\n#include <omp.h>\n\n${PARALLEL}\n\`\`\`\n`,
      },
    },
  });
});
afterAll(() => server.close());

it('prompts with the analysed function and its declarations, and its candidate compiles', async () => {
  const dir = tempDir();
  const src = path.join(dir, 'scale.c');
  fs.writeFileSync(src, SOURCE);
  const pp = await preprocess(['clang-19'], [], src, dir);
  expect(pp.ok).toBe(true);
  if (!pp.ok) return;
  const tu = analyze(pp.text, { sourceFile: src });
  const fn = tu.functions.find((f) => f.name === 'scale')!;
  const declarations = declarationsFor(tu, fn);
  expect(declarations).toContain('typedef double real;');

  for (const reply of ['plan', 'code'] as const) {
    const config = testConfig({ OLLAMA_HOST: server.url, SLMCC_REPLY: reply });
    const before = server.generations().length;
    const [p] = await createOllamaSession({ tu, fn, config, declarations }).propose();
    const task = server.generations()[before].messages.at(-1)!.content;
    expect(task).toContain('Declarations it uses:');
    expect(task).toContain('struct opts');
    expect(task).toMatch(/L1: for loop at line 6 over i from 0 to n/);
    if (reply === 'plan') {
      expect(p).toMatchObject({ form: 'plan', plan: { function: 'scale', loops: [{ loop: 'L1', parallel: true }] } });
    } else {
      expect(p).toMatchObject({ form: 'code', code: PARALLEL });
      if (p.form !== 'code') return;
      const cand = path.join(dir, 'cand.c');
      fs.writeFileSync(cand, `#include <math.h>\n${declarations}\n${p.code}\n`);
      const cc = await execa('clang-19', ['-fopenmp', '-Wall', '-Werror', '-c', cand, '-o', path.join(dir, 'cand.o')], { reject: false });
      expect(cc.stderr).toBe('');
      expect(cc.exitCode).toBe(0);
    }
  }
});
