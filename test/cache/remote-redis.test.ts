// The shared verdict store on a real redis-server (the Debian package),
// started here on a free loopback port: two caches on one Redis, a corrupt
// remote entry, read-only mode, a server that stops or never answers; and two
// checkouts building the same sources through bin/slmcc against the scripted
// Ollama server, the second asking the model nothing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openCache } from '../../src/cache/index.js';
import { encodeEntry } from '../../src/cache/format.js';
import { layout } from '../../src/cache/layout.js';
import { readStats } from '../../src/cache/stats.js';
import { config, entryFor, keyN, tempDir } from '../support/cache-helpers.js';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollama-server.js';
import { CLANG, SLMCC, run, runAsync, slmccEnv, writeFiles } from '../support/driver-env.js';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

interface Redis {
  url: string;
  port: number;
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

async function startRedis(): Promise<Redis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const cli = (...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();
  for (let i = 0; i < 100 && cli('ping') !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
  expect(cli('ping')).toBe('PONG');
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    cli,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

const remote = (dir: string, url: string, extra: Record<string, unknown> = {}) => ({ ...config(dir), remoteStorage: url, remoteReadOnly: false, remoteTimeout: 300, verbose: false, ...extra });

let redis: Redis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

describe('two caches on one Redis', () => {
  it('a verdict stored through the first is a verified hit for the second, kept locally, and counted', async () => {
    const a = tempDir();
    const b = tempDir();
    const key = keyN(1);
    const first = openCache(remote(a, redis.url));
    expect(await first.get(key)).toBeUndefined();
    await first.put(entryFor(key));
    await first.flush();
    expect(redis.cli('exists', `slmcc:verdict:${key}`)).toBe('1');
    expect(Number(redis.cli('ttl', `slmcc:verdict:${key}`))).toBeGreaterThan(0);

    const second = openCache(remote(b, redis.url));
    expect(await second.get(key)).toEqual(entryFor(key));
    await second.flush();
    // Now local: a cache without the shared store finds it.
    expect(await openCache(config(b)).get(key)).toEqual(entryFor(key));
    expect(await readStats(layout(a))).toMatchObject({ remoteMisses: 1, remoteStores: 1, stores: 1 });
    expect(await readStats(layout(b))).toMatchObject({ remoteHits: 1, stores: 1 });
  });

  it('the same bytes as a local entry file: sealed, checksummed, with the format version', async () => {
    const key = keyN(2);
    const c = openCache(remote(tempDir(), redis.url));
    await c.put(entryFor(key));
    await c.flush();
    const raw = spawnSync('redis-cli', ['-p', String(redis.port), '--no-raw', 'get', `slmcc:verdict:${key}`], { encoding: 'utf8' }).stdout;
    expect(raw).toMatch(/^"slmcc-cache-entry 1 [0-9a-f]{64} \d+\\n\{/);
    expect(redis.cli('strlen', `slmcc:verdict:${key}`)).toBe(String(encodeEntry(entryFor(key)).length));
  });

  it('a /db in the URL selects the database', async () => {
    const key = keyN(3);
    const c = openCache(remote(tempDir(), `${redis.url}/3`));
    await c.put(entryFor(key));
    await c.flush();
    expect(redis.cli('-n', '3', 'exists', `slmcc:verdict:${key}`)).toBe('1');
    expect(redis.cli('exists', `slmcc:verdict:${key}`)).toBe('0');
  });
});

describe('a corrupt remote entry', () => {
  it.each([
    ['a flipped byte in the body', (buf: Buffer) => Buffer.from(buf.toString('latin1').replace('fixture', 'fixturf'), 'latin1')],
    ['a truncated body', (buf: Buffer) => buf.subarray(0, buf.length - 10)],
    ['a foreign value', () => Buffer.from('hello')],
    ["another key's entry", () => encodeEntry(entryFor(keyN(99)))],
  ])('%s is refused, counted, and the fresh decision overwrites it', async (_what, spoil) => {
    const key = keyN(10 + Math.floor(Math.random() * 1e6));
    const writer = openCache(remote(tempDir(), redis.url));
    await writer.put(entryFor(key));
    await writer.flush();
    const bad = spoil(encodeEntry(entryFor(key)));
    spawnSync('redis-cli', ['-p', String(redis.port), '-x', 'set', `slmcc:verdict:${key}`], { input: bad });

    const dir = tempDir();
    const reader = openCache(remote(dir, redis.url));
    expect(await reader.get(key)).toBeUndefined();
    // Decided again, stored: the shared store holds a good entry again.
    await reader.put(entryFor(key));
    await reader.flush();
    expect(await readStats(layout(dir))).toMatchObject({ remoteCorrupt: 1, remoteStores: 1 });
    const third = openCache(remote(tempDir(), redis.url));
    expect(await third.get(key)).toEqual(entryFor(key));
  });
});

describe('read-only mode', () => {
  it.each([
    ['a |read-only suffix', (db: number) => remote(tempDir(), `${redis.url}/${db}|read-only`)],
    ['SLMCC_REMOTE_READ_ONLY', (db: number) => remote(tempDir(), `${redis.url}/${db}`, { remoteReadOnly: true })],
  ])('with %s reads the shared store and writes nothing', async (_what, settings) => {
    const db = _what.startsWith('a |') ? 5 : 6;
    const seeded = keyN(500 + db);
    const w = openCache(remote(tempDir(), `${redis.url}/${db}`));
    await w.put(entryFor(seeded));
    await w.flush();
    expect(redis.cli('-n', String(db), 'dbsize')).toBe('1');

    const ro = openCache(settings(db));
    expect(await ro.get(seeded)).toEqual(entryFor(seeded));
    for (let i = 0; i < 5; i++) await ro.put(entryFor(keyN(600 + i)));
    await ro.flush();
    expect(redis.cli('-n', String(db), 'dbsize')).toBe('1');
    // The local store has them all the same.
    expect(await openCache(config(ro.dir)).get(keyN(604))).toEqual(entryFor(keyN(604)));
  });

  it('the setting is checked: a bad value is named, the build goes on', async () => {
    const { loadConfig } = await import('../../src/config/index.js');
    const bad = loadConfig({ HOME: tempDir(), SLMCC_REMOTE_STORAGE: 'memcached://cache.example:11211' }, tempDir());
    expect(bad.errors).toEqual([expect.stringMatching(/^slmcc: SLMCC_REMOTE_STORAGE="memcached:\/\/cache\.example:11211" is not valid; accepted: redis:\/\//)]);
    expect(loadConfig({ HOME: tempDir(), SLMCC_REMOTE_STORAGE: 'redis://cache.example/db7' }, tempDir()).errors).toHaveLength(1);
    expect(bad.config.remoteStorage).toBe('');
    const ok = loadConfig({ HOME: tempDir(), SLMCC_REMOTE_STORAGE: 'redis://u:p@10.0.0.5:6380/2|read-only' }, tempDir());
    expect(ok.errors).toEqual([]);
  });
});

describe('a shared store that is not there never holds a build', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a server that accepts and never answers costs one timeout, then the cache is local only, with one line under SLMCC_VERBOSE', async () => {
    const sockets: net.Socket[] = [];
    const hole = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', r));
    const url = `redis://127.0.0.1:${(hole.address() as net.AddressInfo).port}`;
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    const dir = tempDir();
    const c = openCache(remote(dir, url, { verbose: true }));
    const t0 = Date.now();
    expect(await c.get(keyN(700))).toBeUndefined();
    await c.put(entryFor(keyN(700)));
    expect(await c.get(keyN(701))).toBeUndefined();
    await c.flush();
    const ms = Date.now() - t0;
    vi.restoreAllMocks();
    expect(ms).toBeLessThan(1500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^slmcc: shared store redis:\/\/127\.0\.0\.1:\d+: (connect|read) failed: no (connect|read) within 300 ms \(SLMCC_REMOTE_TIMEOUT\); going on with the local cache only\n$/);
    expect(await readStats(layout(dir))).toMatchObject({ remoteErrors: 1, stores: 1 });
    // The next compile sharing this cache root does not try again for a while.
    const t1 = Date.now();
    const again = openCache(remote(dir, url));
    expect(await again.get(keyN(702))).toBeUndefined();
    expect(Date.now() - t1).toBeLessThan(100);
    for (const s of sockets) s.destroy();
    await new Promise((r) => hole.close(r));
  });

  it('a refused connection is silent without SLMCC_VERBOSE and costs no wait', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    const c = openCache(remote(tempDir(), `redis://127.0.0.1:${await freePort()}`));
    const t0 = Date.now();
    expect(await c.get(keyN(710))).toBeUndefined();
    await c.put(entryFor(keyN(710)));
    await c.flush();
    vi.restoreAllMocks();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(lines).toEqual([]);
    expect(await c.get(keyN(710))).toEqual(entryFor(keyN(710)));
  });

  it('a server stopped while connected: the next command fails at once and the cache goes on locally', async () => {
    const own = await startRedis();
    const dir = tempDir();
    const c = openCache(remote(dir, own.url));
    await c.put(entryFor(keyN(720)));
    expect(own.cli('dbsize')).toBe('1');
    await own.stop();
    const t0 = Date.now();
    expect(await c.get(keyN(721))).toBeUndefined();
    await c.put(entryFor(keyN(721)));
    await c.flush();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await readStats(layout(dir))).toMatchObject({ remoteStores: 1, remoteErrors: 1, stores: 2 });
    expect(await openCache(config(dir)).get(keyN(721))).toEqual(entryFor(keyN(721)));
  });
});

// End to end: a hot loop that writes to a file is asked of the model, then
// known to keep its code (every loop writes, in order, and the model's reply
// proposes nothing that applies), a verdict that takes no harness and no
// timing probe, so the test does not depend on how busy the machine is.
const SOURCES: Record<string, string> = Object.fromEntries(
  [0, 1, 2, 3].map((i) => [
    `show${i}.c`,
    `#include <stdio.h>\nextern FILE *log_file;\nvoid show${i}(int n, const double *a) {\n  for (int i = 0; i < n; i++)\n    for (int j = 0; j < n; j++)\n      fprintf(log_file, "%f\\n", a[i] * a[j] + ${i});\n}\n`,
  ]),
);

describe('two checkouts sharing one Redis, through bin/slmcc', () => {
  let ollama: OllamaTestServer;
  beforeAll(async () => {
    ollama = await startOllamaServer();
  });
  afterAll(() => ollama.close());
  const chats = () => ollama.requests.filter((r) => r.path === '/api/chat').length;

  function checkout(extra: Record<string, string> = {}) {
    const dir = tempDir('slmcc-checkout-');
    writeFiles(dir, SOURCES);
    const cache = path.join(dir, 'cache');
    // A private temp dir: other compiles on this machine are not this build's.
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache, SLMCC_PROVIDER: 'ollama', OLLAMA_HOST: ollama.url, TMPDIR: tmp, ...extra });
    const build = async (files = Object.keys(SOURCES), more: Record<string, string> = {}) => {
      const out = [];
      for (const f of files) out.push(await runAsync(SLMCC, ['-O2', '-c', f], { cwd: dir, env: { ...env, ...more } }));
      return out;
    };
    const records = () =>
      fs.existsSync(path.join(cache, 'decisions.jsonl'))
        ? fs
            .readFileSync(path.join(cache, 'decisions.jsonl'), 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l))
        : [];
    return { dir, cache, build, records };
  }

  it('the second checkout decides nothing again: no model request, every verdict from the shared store', async () => {
    const db = `${redis.url}/7`;
    const one = checkout({ SLMCC_REMOTE_STORAGE: db });
    const c0 = chats();
    for (const r of await one.build()) expect(r).toMatchObject({ status: 0, stderr: '' });
    const asked = chats() - c0;
    expect(asked).toBeGreaterThanOrEqual(4);
    expect(one.records().map((r) => [r.function, r.verdict.kind, r.from])).toEqual([0, 1, 2, 3].map((i) => [`show${i}`, 'original', 'checked']));
    expect(redis.cli('-n', '7', 'dbsize')).toBe('4');

    const two = checkout({ SLMCC_REMOTE_STORAGE: db });
    const c1 = chats();
    for (const r of await two.build()) expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(chats() - c1).toBe(0);
    expect(two.records().map((r) => [r.function, r.verdict.kind, r.from])).toEqual([0, 1, 2, 3].map((i) => [`show${i}`, 'original', 'cache']));
    const stats = run(SLMCC, ['--slmcc', 'cache', 'stats'], { cwd: two.dir, env: slmccEnv({ SLMCC_CACHE_DIR: two.cache }) });
    expect(stats.stdout).toMatch(/shared store +hits 4, misses 0, stores 0, refused 0, errors 0/);
    // Both checkouts' objects are clang-19's.
    for (const f of Object.keys(SOURCES)) {
      expect(run(CLANG, ['-O2', '-c', f, '-o', 'ref.o'], { cwd: two.dir }).status).toBe(0);
      expect(fs.readFileSync(path.join(two.dir, f.replace('.c', '.o'))).equals(fs.readFileSync(path.join(two.dir, 'ref.o')))).toBe(true);
    }
  }, 240_000);

  it('a corrupt shared entry is refused and decided again, and the store holds a good one afterwards', async () => {
    const db = `${redis.url}/8`;
    const one = checkout({ SLMCC_REMOTE_STORAGE: db });
    for (const r of await one.build(['show0.c'])) expect(r.status).toBe(0);
    const [key] = redis.cli('-n', '8', 'keys', 'slmcc:verdict:*').split('\n');
    const good = spawnSync('redis-cli', ['-p', String(redis.port), '-n', '8', '--raw', 'get', key]).stdout;
    spawnSync('redis-cli', ['-p', String(redis.port), '-n', '8', '-x', 'set', key], { input: Buffer.from(good.toString('latin1').replace(/"original"/g, '"originalf"'), 'latin1') });

    const two = checkout({ SLMCC_REMOTE_STORAGE: db });
    const c0 = chats();
    for (const r of await two.build(['show0.c'])) expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(chats() - c0).toBeGreaterThan(0);
    expect(two.records().map((r) => r.from)).toEqual(['checked']);
    const stats = JSON.parse(run(SLMCC, ['--slmcc', 'cache', 'stats', '--json'], { cwd: two.dir, env: slmccEnv({ SLMCC_CACHE_DIR: two.cache }) }).stdout);
    expect(stats.stats ?? stats).toMatchObject({ remoteCorrupt: 1, remoteStores: 1 });
    const three = checkout({ SLMCC_REMOTE_STORAGE: db });
    const c1 = chats();
    await three.build(['show0.c']);
    expect(chats() - c1).toBe(0);
  }, 240_000);

  it('Redis stopped in the middle of a build: every compile succeeds and keeps its object; one verbose line says why', async () => {
    const own = await startRedis();
    const one = checkout({ SLMCC_REMOTE_STORAGE: own.url });
    const files = Object.keys(SOURCES);
    for (const r of await one.build(files.slice(0, 2))) expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(own.cli('dbsize')).toBe('2');
    await own.stop();
    const t0 = Date.now();
    const rest = await one.build(files.slice(2, 3));
    const withDownServer = Date.now() - t0;
    expect(rest[0]).toMatchObject({ status: 0, stderr: '' });
    const verbose = await one.build(files.slice(3), { SLMCC_VERBOSE: '1' });
    expect(verbose[0].status).toBe(0);
    // Remembered as down by the compile before: this one did not even try, and says so once.
    expect(verbose[0].stderr.split('\n').filter((l) => l.includes('shared store'))).toHaveLength(1);
    for (const f of files) expect(fs.existsSync(path.join(one.dir, f.replace('.c', '.o')))).toBe(true);
    expect(one.records().map((r) => r.verdict.kind)).toEqual(['original', 'original', 'original', 'original']);
    // The same compile with no shared store at all, for the time it takes locally.
    const local = checkout();
    const t1 = Date.now();
    await local.build(files.slice(2, 3));
    const localMs = Date.now() - t1;
    console.log(`compile with Redis stopped: ${withDownServer} ms; without a shared store: ${localMs} ms`);
    expect(withDownServer).toBeLessThan(localMs + 1500);
  }, 240_000);
});
