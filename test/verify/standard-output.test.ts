// A function that prints has its meaning in the bytes it writes: PolyBench's
// print_array writes every kernel's result to stderr. Where every I/O call
// writes to stdout or stderr by name, the harness captures both streams per
// side and compares them byte for byte; a candidate that prints out of order
// or drops a byte is refused on that, and any other I/O (a file, input)
// still keeps the function from the harness.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Candidate } from '../../src/core/candidate.js';
import { unverifiableReason, type VerifyResult } from '../../src/verify/index.js';
import { failedChecks, verifyPastClaims } from '../support/second-line.js';
import { CLANG, SLMCC, run, slmccEnv, tempDir } from '../support/driver-env.js';

const config = { ...loadConfig({}).config, threads: 3 };
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-standard-output-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const PRINT = (pragma: string, every: string) => `void print_array(int n, double C[100][100]) {
  fprintf(stderr, "==BEGIN DUMP_ARRAYS==\\n");
  ${pragma}
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      if ((i * n + j) % ${every} == 0) fprintf(stderr, "\\n");
      fprintf(stderr, "%0.2lf ", C[i][j]);
    }
  fprintf(stderr, "\\n==END   DUMP_ARRAYS==\\n");
  printf("%d\\n", n);
}`;

const SOURCE = `#include <stdio.h>
${PRINT('', '20')}
void save(int n, const double *x) {
  FILE *f = fopen("out.txt", "w");
  for (int i = 0; i < n; i++) fprintf(f, "%g\\n", x[i]);
  fclose(f);
}
void to_file(FILE *f, int n, const double *x) {
  for (int i = 0; i < n; i++) fprintf(f, "%g\\n", x[i]);
}
`;

const file = path.join(scratch, 'print.c');
fs.writeFileSync(file, SOURCE);
const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
const fnOf = (name: string) => tu.functions.find((f) => f.name === name)!;
const candidate = (id: string, text: string): Candidate => ({ id, origin: { provider: 'builtin' }, form: 'code', text });

const verify = (name: string, candidates: Candidate[]): Promise<VerifyResult> => verifyPastClaims({ tu, fn: fnOf(name), candidates, cc: ['clang-19'], codeFlags: ['-O2'], config });
const failures = (r: VerifyResult, id: string) => failedChecks(r, id).join('\n');

describe('a function that prints to stdout and stderr', () => {
  it('is driven by the harness; one that writes a file or a stream it was given is not', () => {
    expect(unverifiableReason(fnOf('print_array'), tu)).toBeUndefined();
    expect(unverifiableReason(fnOf('save'), tu)).toMatch(/body does I\/O \(.*fopen/);
    expect(unverifiableReason(fnOf('to_file'), tu)).toMatch(/FILE|I\/O/);
  });

  it('is compared by its output: the same bytes pass, rows printed in parallel or a line broken elsewhere are refused', async () => {
    const r = await verify('print_array', [candidate('same', PRINT('', '20')), candidate('parallel-rows', PRINT('#pragma omp parallel for', '20')), candidate('other-breaks', PRINT('', '10'))]);
    expect(r.verdict.kind).not.toBe('unverifiable');
    expect(failures(r, 'same')).toBe('');
    expect(failures(r, 'parallel-rows')).toMatch(/what the function wrote to stderr \(byte \d+\)/);
    expect(failures(r, 'other-breaks')).toMatch(/what the function wrote to stderr/);
  });

  it('whose every loop prints is known to stay in order: a build decides it without building or running anything', () => {
    const dir = tempDir('slmcc-print-');
    fs.writeFileSync(path.join(dir, 'print.c'), SOURCE);
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache') });
    const built = run(SLMCC, ['-O2', '-c', 'print.c', '-o', 'slmcc.o'], { cwd: dir, env });
    expect(built.status).toBe(0);
    expect(built.stderr).toBe('');
    expect(run(CLANG, ['-O2', '-c', 'print.c', '-o', 'clang.o'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'slmcc.o')).equals(fs.readFileSync(path.join(dir, 'clang.o')))).toBe(true);
    const rows = JSON.parse(run(SLMCC, ['--slmcc', 'report', '--json'], { cwd: dir, env }).stdout) as { function: string; verdict: string; reason: string }[];
    expect(rows.find((r) => r.function === 'print_array')).toMatchObject({
      verdict: 'original',
      reason: expect.stringMatching(/^every loop calls fprintf in order: .*nothing was built or run for it/),
    });
  });
});
