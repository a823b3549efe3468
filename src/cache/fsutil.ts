import fs from 'node:fs/promises';
import path from 'node:path';
import { swallowed } from '../core/swallowed.js';

/** Appends one line; O_APPEND keeps concurrent small appends from interleaving. */
export async function appendLine(file: string, line: string): Promise<void> {
  try {
    await fs.appendFile(file, line + '\n');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.appendFile(file, line + '\n');
  }
}

export async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A lock that is taken or skipped, never waited for (lock.ts): for housekeeping that one process doing is enough. */
export async function tryLock(file: string, staleMs: number): Promise<(() => Promise<void>) | undefined> {
  const lock = await import('./lock.js');
  return lock.tryLock(file, staleMs);
}
