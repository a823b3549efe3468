import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOllamaSession } from '../../src/propose/ollama/index.js';
import { acquireSlot } from '../../src/propose/chat/slots.js';
import { tempDir, testConfig } from '../fixtures/ollama-config.js';
import { MATMUL, MATMUL_PLAN, unitOf } from '../fixtures/ollama-kernels.js';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollama-server.js';

let server: OllamaTestServer;
beforeAll(async () => {
  server = await startOllamaServer({ functions: { matmul: { plan: MATMUL_PLAN } } });
});
afterAll(() => server.close());

async function fresh(): Promise<OllamaTestServer> {
  await server.close();
  server = await startOllamaServer({ functions: { matmul: { plan: MATMUL_PLAN } } });
  return server;
}

describe('the machine-wide limit on requests in flight', () => {
  it('queues concurrent sessions of one process behind SLMCC_MODEL_JOBS slots', async () => {
    const s = await fresh();
    s.setBehaviour({ kind: 'slow', ms: 150 });
    const cacheDir = tempDir();
    const config = testConfig({ OLLAMA_HOST: s.url, SLMCC_STRATEGY: 'zero-shot', SLMCC_MODEL_JOBS: '2' }, cacheDir);
    const results = await Promise.all(Array.from({ length: 6 }, () => createOllamaSession({ tu: unitOf(MATMUL), fn: MATMUL, config }).propose()));
    expect(results.map((r) => r[0].form)).toEqual(Array(6).fill('plan'));
    expect(s.maxInFlight).toBe(2);
    expect(fs.readdirSync(path.join(cacheDir, 'ollama', 'slots'))).toEqual([]);
  });

  it('holds under xargs -P8: eight compiler processes, one request in flight', async () => {
    const s = await fresh();
    s.setBehaviour({ kind: 'slow', ms: 1200 });
    const cacheDir = tempDir();
    const env = { OLLAMA_HOST: s.url, SLMCC_CACHE_DIR: cacheDir, SLMCC_STRATEGY: 'zero-shot', SLMCC_MODEL_JOBS: '1', HOME: cacheDir };
    const vn = path.resolve('node_modules/.bin/vite-node');
    const { stdout, stderr } = await execa('sh', ['-c', `seq 8 | xargs -P8 -I{} ${vn} test/fixtures/ollama-client-main.ts`], { env });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    expect(stderr).toBe('');
    expect(lines.every((l) => l.form === 'plan')).toBe(true);
    expect(s.generations()).toHaveLength(8);
    expect(s.maxInFlight).toBe(1);
    // The requests really were concurrent demand: the last one waited behind the others.
    expect(Math.max(...lines.map((l) => l.ms))).toBeGreaterThan(3 * 1200);
  }, 120_000);

  it('takes over a slot whose holder died', async () => {
    const dir = path.join(tempDir(), 'slots');
    fs.mkdirSync(dir);
    const dead = (await execa('node', ['-e', 'process.stdout.write(String(process.pid))'])).stdout;
    fs.writeFileSync(path.join(dir, 'slot-0.lock'), JSON.stringify({ pid: Number(dead), host: os.hostname(), token: 'x', at: Date.now() }));
    const t0 = Date.now();
    const slot = await acquireSlot({ dir, slots: 1, staleMs: 600_000, waitMs: 5000 });
    expect(Date.now() - t0).toBeLessThan(500);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'slot-0.lock'), 'utf8')).pid).toBe(process.pid);
    slot.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('waits for a live holder and gives up with a reason', async () => {
    const dir = path.join(tempDir(), 'slots');
    const held = await acquireSlot({ dir, slots: 1, staleMs: 600_000, waitMs: 1000 });
    await expect(acquireSlot({ dir, slots: 1, staleMs: 600_000, waitMs: 300 })).rejects.toThrow('no free model slot within 0.3 s (SLMCC_MODEL_JOBS=1)');
    const waiting = acquireSlot({ dir, slots: 1, staleMs: 600_000, waitMs: 5000 });
    setTimeout(() => held.release(), 200);
    (await waiting).release();
  });
});

describe('silence', () => {
  it('prints nothing when the server is down or failing', async () => {
    const s = await fresh();
    s.setBehaviour({ kind: 'status', status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' });
    const vn = path.resolve('node_modules/.bin/vite-node');
    for (const host of [s.url, 'http://127.0.0.1:1']) {
      const cacheDir = tempDir();
      const r = await execa(vn, ['test/fixtures/ollama-client-main.ts'], {
        env: { OLLAMA_HOST: host, SLMCC_CACHE_DIR: cacheDir, HOME: cacheDir, SLMCC_STRATEGY: 'tree-of-thoughts' },
      });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).form).toBe('none');
    }
  }, 60_000);
});

describe('without a writable cache root', () => {
  it('still asks the model, unlimited', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'ollama'), 'a file where the directory should be');
    const slot = await acquireSlot({ dir: path.join(root, 'ollama', 'slots'), slots: 1, staleMs: 1000, waitMs: 100 });
    expect(slot.index).toBe(-1);
    slot.release();
  });
});
