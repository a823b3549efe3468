// A stored verdict reaches the object: Polly's code and a candidate's
// OpenMP code pass the link test that guards every placement.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCache, VERDICT_FORMAT_VERSION } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config/index.js';
import { findCompiler } from '../../src/driver/index.js';
import { analyseSource, chooseProvider } from '../../src/pipeline/tune-face.js';
import type { Verdict } from '../../src/verify/index.js';
import { run, SLMCC, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

const SOURCE = `#include <string.h>
void cov(int m, int n, double data[400][300], double c[300][300]) {
  for (int i = 0; i < m; i++)
    for (int j = i; j < m; j++) {
      c[i][j] = 0.0;
      for (int k = 0; k < n; k++) c[i][j] += data[k][i] * data[k][j];
      c[j][i] = c[i][j];
    }
}
`;

async function store(dir: string, env: NodeJS.ProcessEnv, verdict: Verdict): Promise<void> {
  const { config } = loadConfig(env, dir);
  const cc = findCompiler(config.cc, env, undefined);
  if (!cc.ok) throw new Error(cc.message);
  const provider = await chooseProvider(config);
  if (provider.kind === 'unavailable') throw new Error(provider.reason);
  const a = await analyseSource(cc.argv, cc.resolved, ['-O3', '-c', 'cov.c'], 'cov.c', dir, config, provider);
  if ('error' in a) throw new Error(a.error);
  const fn = a.tu.functions.find((f) => f.name === 'cov')!;
  const key = a.keyOf(fn);
  const record = {
    version: 1 as const,
    time: '',
    source: 'cov.c',
    function: 'cov',
    loopLines: [],
    hotness: 0,
    key,
    provider: 'builtin',
    candidates: [],
    verdict,
    reason: 'stored by the test',
    from: 'checked' as const,
    ms: 0,
  };
  await openCache(config).put({ key, formatVersion: VERDICT_FORMAT_VERSION, verdict, record });
}

const symbols = (obj: string) => execFileSync('nm', [obj], { encoding: 'utf8' });

describe('stored verdicts reach the object', () => {
  it('a Polly verdict: the object holds the function as Polly compiled it, in its own unit', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'cov.c': SOURCE });
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache'), SLMCC_MODE: 'cache-only', SLMCC_VERBOSE: '1' });
    await store(dir, env, { kind: 'polly', speedup: 2 });
    const r = run(SLMCC, ['-O3', '-c', 'cov.c'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/kept the original/);
    // Polly's parallel code: the loop nest outlined as cov's subfunction, run through the OpenMP runtime.
    const syms = symbols(path.join(dir, 'cov.o'));
    expect(syms).toMatch(/ T cov$/m);
    expect(syms).toMatch(/cov_polly_subfn/);
  }, 60_000);

  it('a candidate verdict: the object calls the OpenMP runtime', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'cov.c': SOURCE });
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache'), SLMCC_MODE: 'cache-only', SLMCC_VERBOSE: '1' });
    const text = SOURCE.slice(SOURCE.indexOf('void cov')).replace('  for (int i = 0; i < m; i++)', '#pragma omp parallel for schedule(dynamic)\n  for (int i = 0; i < m; i++)');
    await store(dir, env, { kind: 'candidate', candidateId: 'test-1', text, speedup: 2 });
    const r = run(SLMCC, ['-O3', '-c', 'cov.c'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/kept the original/);
    expect(symbols(path.join(dir, 'cov.o'))).toMatch(/__kmpc_fork_call/);
    expect(fs.existsSync(path.join(dir, 'cov.o'))).toBe(true);
  }, 60_000);
});
