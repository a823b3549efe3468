import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { VERDICT_FORMAT_VERSION, cacheKey, clearCache, compilerIdentity, exportCache, importCache, openCache, summarise } from '../../src/cache/index.js';
import { baseKeyInput, config, entryFor, keyN, tempDir } from '../support/cache-helpers.js';

const entryFiles = (dir: string) =>
  fs.existsSync(path.join(dir, 'entries'))
    ? fs.readdirSync(path.join(dir, 'entries')).flatMap((s) =>
        fs
          .readdirSync(path.join(dir, 'entries', s))
          .filter((n) => !n.startsWith('.'))
          .map((n) => path.join(dir, 'entries', s, n)),
      )
    : [];

describe('cache keys', () => {
  const key = cacheKey(baseKeyInput);

  it('are hex sha256', () => {
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are the same for the same function preprocessed from another file and directory', () => {
    const here = `# 1 "/home/a/proj/src/scale.c"\n# 1 "<built-in>" 1\n${baseKeyInput.functionText}`;
    const there = `# 1 "/tmp/checkout-2/lib/other.c"\n# 7 "/tmp/checkout-2/lib/other.c" 2\n${baseKeyInput.functionText}`;
    expect(cacheKey({ ...baseKeyInput, functionText: here })).toBe(cacheKey({ ...baseKeyInput, functionText: there }));
    expect(cacheKey({ ...baseKeyInput, functionText: here })).toBe(key);
  });

  it('ignore comments and blank runs, but not string contents or pragmas', () => {
    const commented = `/* scale a vector */\nvoid scale(double *a, int n, double s) { // in place\n  for (int i = 0; i < n; i++)   /* every element */\n\n    a[i] *= s;\n}\n`;
    expect(cacheKey({ ...baseKeyInput, functionText: commented })).toBe(key);
    const declsWithComment = '// printing\nextern int printf(const char *, ...); /* libc */\n';
    expect(cacheKey({ ...baseKeyInput, declarations: declsWithComment })).toBe(key);

    const s1 = 'void f(void) { puts("a  /* b */ c"); }';
    const s2 = 'void f(void) { puts("a c"); }';
    expect(cacheKey({ ...baseKeyInput, functionText: s1 })).not.toBe(cacheKey({ ...baseKeyInput, functionText: s2 }));
    const withPragma = baseKeyInput.functionText.replace('  for', '#pragma omp parallel for\n  for');
    expect(cacheKey({ ...baseKeyInput, functionText: withPragma })).not.toBe(key);
  });

  it('change with the function text, -O level, a -D, model, digest, strategy, provider, reply, compiler, target and a tolerance other than the default', () => {
    const variants = [
      { functionText: baseKeyInput.functionText.replace('*=', '+=') },
      { codeFlags: ['-O3', '-DNDEBUG'] },
      { codeFlags: ['-O2'] },
      { codeFlags: ['-DNDEBUG', '-O2'] },
      { model: 'qwen2.5-coder:7b' },
      { modelDigest: 'sha256:abc' },
      { strategy: 'few-shot' },
      { provider: 'ollama' },
      { reply: 'code' },
      { compilerIdentity: baseKeyInput.compilerIdentity.replace('19.1.7', '19.1.8') },
      { target: 'aarch64-linux-gnu' },
      { declarations: 'extern int puts(const char *);' },
      { tolerance: 0 },
    ];
    const keys = variants.map((v) => cacheKey({ ...baseKeyInput, ...v }));
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1);
  });

  it('are stable for the same model and change with another', () => {
    const a = cacheKey({ ...baseKeyInput, model: 'm' });
    expect(cacheKey({ ...baseKeyInput, model: 'm' })).toBe(a);
    expect(cacheKey({ ...baseKeyInput, model: 'n' })).not.toBe(a);
  });
});

describe('compiler identity', () => {
  it('is the resolved path and version output, remembered on disk', async () => {
    const dir = tempDir();
    const id = await compilerIdentity(['clang-19'], dir);
    expect(id).toMatch(/^path=\/\S+clang\S*\n/);
    expect(id).toMatch(/clang version 19/);
    expect(fs.readdirSync(path.join(dir, 'identity'))).toHaveLength(1);
    expect(await compilerIdentity(['clang-19'], dir)).toBe(id);
  });

  it('is re-read when the compiler changes', async () => {
    const dir = tempDir();
    const fake = path.join(dir, 'cc');
    fs.writeFileSync(fake, '#!/bin/sh\necho fake cc 1\n', { mode: 0o755 });
    const a = await compilerIdentity([fake], dir);
    fs.writeFileSync(fake, '#!/bin/sh\necho fake cc 2 changed\n', { mode: 0o755 });
    const b = await compilerIdentity([fake], dir);
    expect(a).toContain('fake cc 1');
    expect(b).toContain('fake cc 2');
  });

  it('rejects when the compiler does not exist', async () => {
    await expect(compilerIdentity(['no-such-compiler-xyz'], tempDir())).rejects.toThrow(/not found/);
  });
});

describe('the store', () => {
  it('serves what was put, in this process and in a fresh one', async () => {
    const dir = tempDir();
    const key = keyN(1);
    const entry = entryFor(key, { kind: 'candidate', candidateId: 'c1', text: 'void f(){}', speedup: 1.8 });
    await openCache(config(dir)).put(entry);
    expect(await openCache(config(dir)).get(key)).toEqual(entry);
    expect(entryFiles(dir)).toEqual([path.join(dir, 'entries', key.slice(0, 2), key)]);
  });

  it('misses on unknown and malformed keys without throwing', async () => {
    const cache = openCache(config(tempDir()));
    expect(await cache.get(keyN(2))).toBeUndefined();
    expect(await cache.get('../../etc/passwd')).toBeUndefined();
  });

  it('never stores an undecided verdict', async () => {
    const dir = tempDir();
    const cache = openCache(config(dir));
    await cache.put(entryFor(keyN(3), { kind: 'undecided', reason: 'machine busy' }));
    expect(await openCache(config(dir)).get(keyN(3))).toBeUndefined();
    expect(entryFiles(dir)).toEqual([]);
  });

  it('stores rejected, unverifiable, polly and original verdicts alike', async () => {
    const dir = tempDir();
    const cache = openCache(config(dir));
    const verdicts = [
      { kind: 'polly', speedup: 3 },
      { kind: 'original', reason: 'every candidate failed tsan' },
      { kind: 'unverifiable', reason: 'reads stdin' },
    ] as const;
    for (const [i, v] of verdicts.entries()) await cache.put(entryFor(keyN(10 + i), v));
    const fresh = openCache(config(dir));
    for (const [i, v] of verdicts.entries()) expect((await fresh.get(keyN(10 + i)))?.verdict).toEqual(v);
  });

  it('treats a truncated or corrupted file as a miss and removes it', async () => {
    const dir = tempDir();
    const keys = [keyN(20), keyN(21), keyN(22), keyN(23)];
    const cache = openCache(config(dir));
    for (const k of keys) await cache.put(entryFor(k));
    const file = (k: string) => path.join(dir, 'entries', k.slice(0, 2), k);
    const full = fs.readFileSync(file(keys[0]));
    fs.writeFileSync(file(keys[0]), full.subarray(0, full.length - 7)); // truncated body
    fs.writeFileSync(file(keys[1]), Buffer.from(full.toString().replace('"original"', '"0riginal"'))); // flipped bytes
    fs.writeFileSync(file(keys[2]), ''); // empty
    fs.writeFileSync(file(keys[3]), fs.readFileSync(file(keys[3])).subarray(0, 30)); // cut inside the header

    const fresh = openCache(config(dir));
    for (const k of keys) {
      expect(await fresh.get(k)).toBeUndefined();
      expect(fs.existsSync(file(k))).toBe(false);
    }
    await fresh.flush();
    expect((await summarise(dir)).stats.corrupt).toBe(4);
  });

  it('does not serve an entry stored under another key', async () => {
    const dir = tempDir();
    const cache = openCache(config(dir));
    await cache.put(entryFor(keyN(30)));
    const src = path.join(dir, 'entries', keyN(30).slice(0, 2), keyN(30));
    const dst = path.join(dir, 'entries', keyN(31).slice(0, 2), keyN(31));
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(src, dst);
    expect(await openCache(config(dir)).get(keyN(31))).toBeUndefined();
  });

  it('never throws when the cache directory cannot be written', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, '');
    const cache = openCache(config(path.join(blocker, 'cache')));
    await expect(cache.put(entryFor(keyN(40)))).resolves.toBeUndefined();
    await expect(cache.get(keyN(40))).resolves.toBeUndefined();
    cache.bump('hits');
    await expect(cache.flush()).resolves.toBeUndefined();
    const r = await cache.singleFlight(keyN(41), async () => entryFor(keyN(41)));
    expect(r?.key).toBe(keyN(41));
  });

  it('is cheap to open: no I/O before first use', () => {
    const dir = path.join(tempDir(), 'not-yet');
    openCache(config(dir));
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('size limit', () => {
  it('evicts the least recently used entries', async () => {
    const dir = tempDir();
    const one = await (async () => {
      const d = tempDir();
      await openCache(config(d)).put(entryFor(keyN(100), undefined, 2000));
      return fs.statSync(entryFiles(d)[0]).size;
    })();
    // Room for about five entries.
    const limit = one * 5 + one / 2;
    const keys = Array.from({ length: 5 }, (_, i) => keyN(100 + i));
    const cache = openCache(config(dir, limit));
    const file = (k: string) => path.join(dir, 'entries', k.slice(0, 2), k);
    for (const [i, k] of keys.entries()) {
      await cache.put(entryFor(k, undefined, 2000));
      const t = new Date(Date.now() - (100 - i) * 1000);
      fs.utimesSync(file(k), t, t); // oldest first
    }
    // Reading the two oldest makes them the most recently used.
    const reader = openCache(config(dir, limit));
    expect(await reader.get(keys[0])).toBeDefined();
    expect(await reader.get(keys[1])).toBeDefined();
    await cache.put(entryFor(keyN(105), undefined, 2000));
    await cache.put(entryFor(keyN(106), undefined, 2000));

    const left = new Set(entryFiles(dir).map((f) => path.basename(f)));
    expect(left.has(keys[0])).toBe(true);
    expect(left.has(keys[1])).toBe(true);
    expect(left.has(keyN(106))).toBe(true);
    expect(left.has(keys[2])).toBe(false);
    expect(left.has(keys[3])).toBe(false);
    expect(left.size).toBeLessThanOrEqual(5);
    const total = entryFiles(dir).reduce((s, f) => s + fs.statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual(limit);
    await cache.flush();
    expect((await summarise(dir)).stats.evicted).toBeGreaterThanOrEqual(2);
  });

  it('does not scan the store on every put', async () => {
    const dir = tempDir();
    const cache = openCache(config(dir));
    for (let i = 0; i < 5; i++) await cache.put(entryFor(keyN(200 + i)));
    // The first put scanned (no estimate yet); the rest only appended their size.
    expect(fs.readFileSync(path.join(dir, 'usage.log'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'usage.json'), 'utf8')).entries).toBe(1);
  });
});

describe('statistics', () => {
  it('add up across processes and flushes', async () => {
    const dir = tempDir();
    const a = openCache(config(dir));
    const b = openCache(config(dir));
    a.bump('hits');
    a.bump('msSaved', 1500);
    b.bump('hits', 2);
    b.bump('rejected:tsan');
    await Promise.all([a.flush(), b.flush()]);
    a.bump('misses');
    await a.flush();
    const s = (await summarise(dir)).stats;
    expect(s).toMatchObject({ hits: 3, misses: 1, msSaved: 1500, 'rejected:tsan': 1 });
  });
});

describe('single flight in one process', () => {
  it('runs the work once for concurrent callers of one key and stores its entry', async () => {
    const dir = tempDir();
    const key = keyN(300);
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 200));
      return entryFor(key);
    };
    const callers = Array.from({ length: 6 }, () => openCache(config(dir)));
    const results = await Promise.all(callers.map((c) => c.singleFlight(key, work)));
    expect(runs).toBe(1);
    for (const r of results) expect(r?.key).toBe(key);
    expect(await openCache(config(dir)).get(key)).toEqual(entryFor(key));
    expect(fs.readdirSync(path.join(dir, 'locks'))).toEqual([]);
  });

  it('lets the next caller run the work when the first one decided nothing', async () => {
    const dir = tempDir();
    const key = keyN(301);
    let runs = 0;
    const undecided = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 100));
      return entryFor(key, { kind: 'undecided', reason: 'busy' });
    };
    const decided = async () => {
      runs++;
      return entryFor(key);
    };
    const [a, b] = await Promise.all([openCache(config(dir)).singleFlight(key, undecided), new Promise((r) => setTimeout(r, 20)).then(() => openCache(config(dir)).singleFlight(key, decided))]);
    expect(a?.verdict.kind).toBe('undecided');
    expect(b?.verdict.kind).toBe('original');
    expect(runs).toBe(2);
  });

  it('releases the lock when the work throws', async () => {
    const dir = tempDir();
    const key = keyN(302);
    const cache = openCache(config(dir));
    await expect(cache.singleFlight(key, async () => Promise.reject(new Error('model down')))).rejects.toThrow('model down');
    expect(fs.readdirSync(path.join(dir, 'locks'))).toEqual([]);
  });

  it('breaks a lock left by a dead process', async () => {
    const dir = tempDir();
    const key = keyN(303);
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    fs.mkdirSync(path.join(dir, 'locks'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'locks', `${key}.lock`), JSON.stringify({ pid: Number(dead), host: (await import('node:os')).hostname(), token: 'x' }));
    const cache = openCache(config(dir));
    const t0 = Date.now();
    const r = await cache.singleFlight(key, async () => entryFor(key));
    expect(r?.key).toBe(key);
    expect(Date.now() - t0).toBeLessThan(2000);
    await cache.flush();
    expect((await summarise(dir)).stats.staleLocks).toBe(1);
  });

  it('gives up waiting on a live holder after the timeout and runs the work itself', async () => {
    const dir = tempDir();
    const key = keyN(304);
    fs.mkdirSync(path.join(dir, 'locks'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'locks', `${key}.lock`), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), token: 'other' }));
    const cache = openCache(config(dir));
    const t0 = Date.now();
    const r = await cache.singleFlight(key, async () => entryFor(key), { timeoutMs: 300 });
    expect(r?.key).toBe(key);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await cache.flush();
    expect((await summarise(dir)).stats).toMatchObject({ waits: 1, lockTimeouts: 1 });
  });
});

describe('export and import', () => {
  async function filled(n: number) {
    const dir = tempDir();
    const cache = openCache(config(dir));
    for (let i = 0; i < n; i++) await cache.put(entryFor(keyN(400 + i)));
    return dir;
  }

  it('moves every entry into an empty store, where all are hits', async () => {
    const src = await filled(7);
    const archive = path.join(tempDir(), 'cache.slmcc.gz');
    expect((await exportCache(src, archive)).exported).toBe(7);
    const dst = tempDir();
    const r = await importCache(dst, archive, 1024 ** 3);
    expect(r).toEqual({ imported: 7, present: 0, wrongVersion: 0, badChecksum: 0, malformed: 0 });
    const cache = openCache(config(dst));
    for (let i = 0; i < 7; i++) expect(await cache.get(keyN(400 + i))).toEqual(entryFor(keyN(400 + i)));
    expect((await importCache(dst, archive, 1024 ** 3)).present).toBe(7);
  });

  function rewrite(archive: string, edit: (lines: string[]) => string[]) {
    const lines = zlib.gunzipSync(fs.readFileSync(archive)).toString().trimEnd().split('\n');
    fs.writeFileSync(archive, zlib.gzipSync(edit(lines).join('\n') + '\n'));
  }

  it('refuses entries of another format version and entries whose checksum does not match', async () => {
    const src = await filled(4);
    const archive = path.join(tempDir(), 'a.gz');
    await exportCache(src, archive);
    rewrite(archive, (lines) =>
      lines.map((l, i) => {
        if (i === 1) {
          // Another format version, checksummed correctly.
          const line = JSON.parse(l);
          const body = JSON.stringify({ ...JSON.parse(line.body), formatVersion: VERDICT_FORMAT_VERSION + 1 });
          return JSON.stringify({ ...line, body, sha256: createHash('sha256').update(body).digest('hex') });
        }
        if (i === 2) return l.replace('no loop worth it', 'no loop worth IT'); // body changed, checksum not
        if (i === 3) return '{"key": 42}';
        return l;
      }),
    );
    const dst = tempDir();
    const r = await importCache(dst, archive, 1024 ** 3);
    expect(r).toEqual({ imported: 1, present: 0, wrongVersion: 1, badChecksum: 1, malformed: 1 });
    expect(entryFiles(dst)).toHaveLength(1);
  });

  it('rejects a file that is not an archive', async () => {
    const bogus = path.join(tempDir(), 'x.gz');
    fs.writeFileSync(bogus, zlib.gzipSync('hello\n'));
    await expect(importCache(tempDir(), bogus, 1024 ** 3)).rejects.toThrow(/not an slmcc cache archive/);
    fs.writeFileSync(bogus, 'plain text');
    await expect(importCache(tempDir(), bogus, 1024 ** 3)).rejects.toThrow(/cannot read/);
  });

  it('clear removes every entry', async () => {
    const dir = await filled(3);
    expect(await clearCache(dir)).toBe(3);
    expect(entryFiles(dir)).toEqual([]);
    expect(await openCache(config(dir)).get(keyN(400))).toBeUndefined();
  });
});
