import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../../src/config/index.js';
import { openCache } from '../../src/cache/index.js';
import { runCacheCommand } from '../../src/cli/cache.js';
import { noteInternalError } from '../../src/core/internal-errors.js';
import { entryFor, keyN, tempDir } from '../support/cache-helpers.js';

function configFor(dir: string): Config {
  return { ...loadConfig({ HOME: tempDir() }, tempDir()).config, cacheDir: dir };
}

async function run(argv: string[], config: Config): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await runCacheCommand(argv, config);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('slmcc --slmcc cache', () => {
  it('stats says where an internal error that kept the original object was logged, and what it was', async () => {
    const dir = tempDir();
    const cache = openCache({ cacheDir: dir, cacheSize: 1 << 30 });
    cache.bump('kept:internal error');
    await cache.flush();
    noteInternalError(dir, ['deriche.c'], new Error('the harness plan lost a parameter'));
    const { out } = await run(['stats'], configFor(dir));
    expect(out).toMatch(/^outcomes .*kept \(internal error\) 1/m);
    expect(out).toContain(`internal errors ${path.join(dir, 'internal-errors.log')}, the last: `);
    expect(out).toMatch(/deriche\.c: Error: the harness plan lost a parameter \| at /);
  });

  it('path prints the cache directory', async () => {
    const dir = tempDir();
    expect(await run(['path'], configFor(dir))).toEqual({ code: 0, out: dir + '\n', err: '' });
  });

  it('stats shows entries, hits and what was saved; --zero resets the counters', async () => {
    const dir = tempDir();
    const cache = openCache({ cacheDir: dir, cacheSize: 1 << 30 });
    await cache.put(entryFor(keyN(1)));
    cache.bump('hits', 3);
    cache.bump('misses');
    cache.bump('modelRequests');
    cache.bump('rejected:tsan', 2);
    cache.bump('msSaved', 4500);
    await cache.flush();
    const r = await run(['stats'], configFor(dir));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/entries\s+1 \(/);
    expect(r.out).toMatch(/hits \/ misses\s+3 \/ 1 \(75\.0% hits\)/);
    expect(r.out).toMatch(/model requests\s+1/);
    expect(r.out).toMatch(/rejected\s+tsan 2/);
    expect(r.out).toMatch(/time saved\s+4\.5 s/);
    const json = JSON.parse((await run(['stats', '--json'], configFor(dir))).out);
    expect(json).toMatchObject({ entries: 1, stats: { hits: 3 } });
    expect((await run(['stats', '--zero'], configFor(dir))).code).toBe(0);
    expect((await run(['stats'], configFor(dir))).out).toMatch(/hits \/ misses\s+0 \/ 0/);
  });

  it('export then import into an empty cache makes every entry a hit', async () => {
    const src = tempDir();
    const cache = openCache({ cacheDir: src, cacheSize: 1 << 30 });
    for (let i = 0; i < 3; i++) await cache.put(entryFor(keyN(i)));
    const archive = path.join(tempDir(), 'slmcc-cache.gz');
    const ex = await run(['export', archive], configFor(src));
    expect(ex.code).toBe(0);
    expect(ex.out).toMatch(/^exported 3 entries to /);
    const dst = tempDir();
    const im = await run(['import', archive], configFor(dst));
    expect(im).toMatchObject({ code: 0, err: '' });
    expect(im.out).toBe(`imported 3 entries into ${dst}\n`);
    const fresh = openCache({ cacheDir: dst, cacheSize: 1 << 30 });
    for (let i = 0; i < 3; i++) expect(await fresh.get(keyN(i))).toBeDefined();
  });

  it('import of a file that is not an archive fails with one line on stderr', async () => {
    const bogus = path.join(tempDir(), 'x.gz');
    fs.writeFileSync(bogus, 'not gzip');
    const r = await run(['import', bogus], configFor(tempDir()));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^slmcc cache import: cannot read/);
  });

  it('clear removes the entries', async () => {
    const dir = tempDir();
    await openCache({ cacheDir: dir, cacheSize: 1 << 30 }).put(entryFor(keyN(7)));
    expect((await run(['clear'], configFor(dir))).out).toBe(`removed 1 entries from ${dir}\n`);
    expect(await openCache({ cacheDir: dir, cacheSize: 1 << 30 }).get(keyN(7))).toBeUndefined();
  });

  it('warm runs make with CC=slmcc in full mode on this cache and returns its status', async () => {
    const project = tempDir();
    fs.writeFileSync(path.join(project, 'Makefile'), 'CC ?= cc\nall:\n\t@echo "$(CC)|$$CC|$$SLMCC_MODE|$$SLMCC_CACHE_DIR" > seen\nfail:\n\t@exit 3\n');
    const dir = tempDir();
    vi.stubEnv('SLMCC_SELF', '/opt/slmcc/bin/slmcc');
    vi.stubEnv('SLMCC_MODE', 'cache-only');
    const r = await run(['warm', '-C', project], configFor(dir));
    vi.unstubAllEnvs();
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(project, 'seen'), 'utf8').trim()).toBe(`/opt/slmcc/bin/slmcc|/opt/slmcc/bin/slmcc|full|${dir}`);
    expect(r.out).toMatch(/^warm: make exited 0; 0 new entries\n/);
    expect(r.out).toMatch(/model requests/);
    const failed = await run(['warm', '-C', project, 'fail'], configFor(dir));
    expect(failed.code).toBe(2); // make's own status for a failed recipe
    expect(failed.out).toMatch(/^warm: make exited 2;/);
  });

  it('unknown commands print the usage and exit 2', async () => {
    const r = await run(['frobnicate'], configFor(tempDir()));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command frobnicate[\s\S]*export FILE/);
  });
});
