// The cache's one lock protocol, for single flight across processes and for
// housekeeping alike. A lock is a file created exclusively, holding its
// owner's pid, host and a token. The holder keeps its mtime fresh; one rule
// says when it is stale: its holder is gone (a dead pid on this host) or has
// stopped refreshing it for `staleMs` (another host, a hung process). A
// release removes the file only while it still holds the owner's token, so
// a lock broken as stale and taken by another process is never freed by the
// one that lost it.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { pidAlive } from '../shared/pid-alive.js';
import { swallowed } from '../core/swallowed.js';

const HEARTBEAT_MS = 5_000;
export const STALE_MS = 60_000;

const LockInfo = z.object({ pid: z.number(), host: z.string(), token: z.string() });
type LockInfo = z.infer<typeof LockInfo>;

export interface HeldLock {
  release(): Promise<void>;
}

const held = new Map<string, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that exits while holding a lock frees it at once instead of
  // leaving waiters to discover the dead pid.
  process.once('exit', () => {
    for (const [file, token] of held) {
      try {
        if (fs.readFileSync(file, 'utf8').includes(token)) fs.rmSync(file, { force: true });
      } catch (e) {
        swallowed('cache/lock', e);
        // gone already
      }
    }
  });
}

export type Acquire = { kind: 'held'; lock: HeldLock } | { kind: 'busy' } | { kind: 'unavailable' };

export async function tryAcquire(file: string): Promise<Acquire> {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), token: Math.random().toString(36).slice(2) };
  const text = JSON.stringify(info);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fsp.writeFile(file, text, { flag: 'wx' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return { kind: 'busy' };
      if (code === 'ENOENT' && attempt === 0) {
        await fsp.mkdir(path.dirname(file), { recursive: true }).catch((e) => swallowed('cache/lock', e));
        continue;
      }
      return { kind: 'unavailable' };
    }
    installExitHook();
    held.set(file, info.token);
    const beat = setInterval(() => {
      const now = new Date();
      fsp.utimes(file, now, now).catch((e) => swallowed('cache/lock', e));
    }, HEARTBEAT_MS);
    beat.unref();
    return {
      kind: 'held',
      lock: {
        async release() {
          clearInterval(beat);
          held.delete(file);
          try {
            if ((await fsp.readFile(file, 'utf8')).includes(info.token)) await fsp.rm(file, { force: true });
          } catch (e) {
            swallowed('cache/lock', e);
            // broken by a waiter that took us for stale: nothing to release
          }
        },
      },
    };
  }
  return { kind: 'unavailable' };
}

/** Removes the lock if its holder is gone; true when it was stale. */
export async function breakIfStale(file: string, staleMs = STALE_MS): Promise<boolean> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, mtimeMs] = await Promise.all([fsp.readFile(file, 'utf8'), fsp.stat(file).then((s) => s.mtimeMs)]);
  } catch {
    return false;
  }
  if (!isStale(text, mtimeMs, staleMs)) return false;
  try {
    // Only remove the lock we judged; a fresh one taken meanwhile has other content.
    if ((await fsp.readFile(file, 'utf8')) === text) await fsp.rm(file, { force: true });
  } catch (e) {
    swallowed('cache/lock', e);
    // someone else removed it
  }
  return true;
}

/** The one staleness rule: refreshed longer than `staleMs` ago, or held by a dead process on this host. */
function isStale(text: string, mtimeMs: number, staleMs: number): boolean {
  if (Date.now() - mtimeMs > staleMs) return true;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // written but not yet complete, or garbage: only age can tell
    return false;
  }
  const info = LockInfo.safeParse(json);
  return info.success && info.data.host === os.hostname() && !pidAlive(info.data.pid);
}

/**
 * A lock that is taken or skipped, never waited for: for housekeeping
 * (eviction, stats compaction) that one process doing is enough. A stale
 * lock is broken and taken once; the release is the owner's alone.
 */
export async function tryLock(file: string, staleMs: number): Promise<(() => Promise<void>) | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const a = await tryAcquire(file);
    if (a.kind === 'held') return () => a.lock.release();
    if (a.kind === 'unavailable' || !(await breakIfStale(file, staleMs))) return undefined;
  }
  return undefined;
}
