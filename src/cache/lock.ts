// Per-key locks for single flight across processes. The holder keeps the
// lock file's mtime fresh; a waiter breaks a lock whose holder is gone (dead
// pid on this host) or has stopped refreshing it (another host, a hung process).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from '../shared/pid-alive.js';

const HEARTBEAT_MS = 5_000;
export const STALE_MS = 60_000;

interface LockInfo {
  pid: number;
  host: string;
  token: string;
}

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
      } catch {
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
        await fsp.mkdir(path.dirname(file), { recursive: true }).catch(() => {});
        continue;
      }
      return { kind: 'unavailable' };
    }
    installExitHook();
    held.set(file, info.token);
    const beat = setInterval(() => {
      const now = new Date();
      fsp.utimes(file, now, now).catch(() => {});
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
          } catch {
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
  let stale = Date.now() - mtimeMs > staleMs;
  if (!stale) {
    try {
      const info = JSON.parse(text) as LockInfo;
      stale = info.host === os.hostname() && typeof info.pid === 'number' && !pidAlive(info.pid);
    } catch {
      // written but not yet complete, or garbage: only age can tell
    }
  }
  if (!stale) return false;
  try {
    // Only remove the lock we judged; a fresh one taken meanwhile has other content.
    if ((await fsp.readFile(file, 'utf8')) === text) await fsp.rm(file, { force: true });
  } catch {
    // someone else removed it
  }
  return true;
}
