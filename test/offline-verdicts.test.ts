// Verdicts decided with a model serve builds made while its server is down:
// a CI build job in cache-only mode, and a laptop in auto mode, find them
// under the digest last seen, and decide nothing new.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOllamaServer } from './fixtures/ollama-server.js';
import { runAsync, SLMCC, slmccEnv, tempDir, writeFiles } from './support/driver-env.js';

const SOURCE = `double dot(int n, const double *restrict a, const double *restrict b) {
  double s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
`;

type Rec = { function: string; key: string; from: string; provider: string; verdict: { kind: string }; reason: string };
const records = (cache: string): Rec[] =>
  fs.readFileSync(path.join(cache, 'decisions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);

describe('verdicts without a live model server', () => {
  it('cache-only and auto find the model\'s verdicts while the server is down, and decide nothing new', async () => {
    const server = await startOllamaServer({ functions: { dot: { plan: { function: 'dot', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: '+', vars: ['s'] }] }] } } } });
    const dir = tempDir();
    writeFiles(dir, { 'dot.c': SOURCE, 'other.c': SOURCE.replace('dot', 'dot2') });
    const cache = path.join(dir, 'cache');
    const url = server.url;
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache, SLMCC_PROVIDER: 'ollama', OLLAMA_HOST: url, SLMCC_RETRY_PENDING: '1' });
    expect((await runAsync(SLMCC, ['-O2', '-c', 'dot.c'], { cwd: dir, env })).status).toBe(0);
    const decided = records(cache).find((r) => r.function === 'dot')!;
    expect(decided.from).toBe('checked');
    await server.close();

    for (const extra of [{ SLMCC_MODE: 'cache-only', SLMCC_PROVIDER: 'ollama' }, { SLMCC_PROVIDER: 'auto' }]) {
      fs.rmSync(path.join(cache, 'objects'), { recursive: true, force: true });
      const r = await runAsync(SLMCC, ['-O2', '-c', 'dot.c', 'other.c'], { cwd: dir, env: { ...env, ...extra } });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      const all = records(cache);
      const hit = all.filter((q) => q.function === 'dot').at(-1)!;
      // An undecided verdict is not stored: the hit is only asserted when the first build could decide.
      expect(hit.key).toBe(decided.key);
      if (decided.verdict.kind !== 'undecided') expect(hit.from).toBe('cache');
      const other = all.filter((q) => q.function === 'dot2').at(-1);
      if (other) expect(other.verdict.kind).toBe('undecided');
    }
  }, 300_000);
});
