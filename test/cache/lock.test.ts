// The cache's one lock protocol: one staleness rule, and a release that
// frees only the lock its owner still holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tryAcquire, tryLock } from '../../src/cache/lock.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const someoneElse = (pid: number) => JSON.stringify({ pid, host: os.hostname(), token: 'theirs' });

describe('the lock', () => {
  it('is released by its owner, and not once another process holds it', async () => {
    const file = path.join(dir, 'k.lock');
    const a = await tryAcquire(file);
    if (a.kind !== 'held') throw new Error(a.kind);
    expect((await tryAcquire(file)).kind).toBe('busy');
    // Broken as stale by a waiter and taken by another process meanwhile.
    fs.writeFileSync(file, someoneElse(process.ppid));
    await a.lock.release();
    expect(fs.readFileSync(file, 'utf8')).toBe(someoneElse(process.ppid));
  });

  it('for housekeeping: skipped while a live process holds it, taken at once from a dead one', async () => {
    const file = path.join(dir, 'stats.lock');
    fs.writeFileSync(file, someoneElse(process.ppid));
    expect(await tryLock(file, 60_000)).toBeUndefined();
    fs.writeFileSync(file, someoneElse(2 ** 22 + 12345));
    const release = await tryLock(file, 60_000);
    expect(release).toBeDefined();
    await release!();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('for housekeeping: taken from a holder that stopped refreshing it', async () => {
    const file = path.join(dir, 'evict.lock');
    fs.writeFileSync(file, 'not json: an older slmcc wrote its pid alone');
    const old = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(file, old, old);
    const release = await tryLock(file, 120_000);
    expect(release).toBeDefined();
    await release!();
  });
});
