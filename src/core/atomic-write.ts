// One way to replace a file that other processes may be reading: write a
// temporary file beside it, then rename it over the old one, so a reader sees
// the old file or the whole new one, never a torn one. The temporary name
// starts with `.tmp-` so the cache's sweep (cache/store.ts) can tell a
// leftover of a crashed writer from an entry.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** A fresh temporary name beside `file`. */
export const tempName = (file: string): string => path.join(path.dirname(file), `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}-${path.basename(file)}`);

/** Writes `file` atomically, creating its folder when missing; throws when it cannot. */
export async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = tempName(file);
  try {
    await fsp.writeFile(tmp, data);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(tmp, data);
  }
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** The same, synchronously: for small notes written on paths that do not await. */
export function writeAtomicSync(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempName(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
