// Verdicts decided with a model serve builds made while its server is down:
// a CI build job in cache-only mode, and a laptop in auto mode, find them
// under the digest last seen, and decide nothing new.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOllamaServer } from '../fixtures/ollama-server.js';
import { runAsync, SLMCC, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

const SOURCE = `double dot(int n, const double *restrict a, const double *restrict b) {
  double s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
`;

type Rec = { function: string; key: string; from: string; provider: string; verdict: { kind: string }; reason: string };
const records = (cache: string): Rec[] =>
  fs
    .readFileSync(path.join(cache, 'decisions.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);

describe('verdicts without a live model server', () => {
  it("cache-only and auto find the model's verdicts while the server is down, and decide nothing new", async ({ skip }) => {
    const server = await startOllamaServer({ functions: { dot: { plan: { function: 'dot', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: '+', vars: ['s'] }] }] } } } });
    const dir = tempDir();
    writeFiles(dir, { 'dot.c': SOURCE, 'other.c': SOURCE.replace('dot', 'dot2') });
    const cache = path.join(dir, 'cache');
    const url = server.url;
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache, SLMCC_PROVIDER: 'ollama', OLLAMA_HOST: url, SLMCC_RETRY_PENDING: '1' });
    // A busy probe leaves the function undecided, which is not stored: build again until it is decided.
    let decided: Rec | undefined;
    for (let i = 0; i < 4 && (!decided || decided.verdict.kind === 'undecided'); i++) {
      expect((await runAsync(SLMCC, ['-O2', '-c', 'dot.c'], { cwd: dir, env })).status).toBe(0);
      decided = records(cache)
        .filter((r) => r.function === 'dot')
        .at(-1);
    }
    // A machine busy with other work the whole time stores no verdict to find: the claim cannot be checked, and the test says so.
    if (decided?.verdict.kind === 'undecided') skip();
    expect(decided?.verdict.kind).toMatch(/^(candidate|polly|original)$/);
    expect(decided!.from).toBe('checked');
    await server.close();

    for (const extra of [{ SLMCC_MODE: 'cache-only', SLMCC_PROVIDER: 'ollama' }, { SLMCC_PROVIDER: 'auto' }]) {
      fs.rmSync(path.join(cache, 'objects'), { recursive: true, force: true });
      const r = await runAsync(SLMCC, ['-O2', '-c', 'dot.c', 'other.c'], { cwd: dir, env: { ...env, ...extra } });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      const all = records(cache);
      const hit = all.filter((q) => q.function === 'dot').at(-1)!;
      expect(hit.key).toBe(decided!.key);
      expect(hit.from).toBe('cache');
      // Nothing new is decided: the other function is at most logged as undecided.
      expect(all.filter((q) => q.function === 'dot2').map((q) => q.verdict.kind)).not.toContain(expect.stringMatching(/^(candidate|polly|original)$/));
    }
  }, 300_000);
});
