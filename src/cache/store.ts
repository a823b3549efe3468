// Content-addressed entry files on disk. Every read verifies the checksum;
// anything unusable is removed and reported as a miss.
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeEntry, encodeEntry, isKey, type CacheEntry } from './format.js';
import { entryPath, type Layout } from './layout.js';
import { writeAtomic } from '../core/atomic-write.js';
import { markVerdictSource } from './verdict-sources.js';
import { swallowed } from '../core/swallowed.js';

export interface StoredFile {
  key: string;
  file: string;
  size: number;
  mtimeMs: number;
}

export type ReadResult = { kind: 'hit'; entry: CacheEntry; size: number } | { kind: 'miss' } | { kind: 'corrupt'; problem: string };

export async function readEntry(l: Layout, key: string): Promise<ReadResult> {
  if (!isKey(key)) return { kind: 'miss' };
  const file = entryPath(l, key);
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch {
    return { kind: 'miss' };
  }
  const decoded = decodeEntry(buf, key);
  if (typeof decoded === 'string') {
    await fs.rm(file, { force: true }).catch((e) => swallowed('cache/store', e));
    return { kind: 'corrupt', problem: decoded };
  }
  // The mtime is the recency that eviction goes by (atime is unreliable under
  // relatime/noatime). A read-only cache simply keeps its old times.
  const now = new Date();
  await fs.utimes(file, now, now).catch((e) => swallowed('cache/store', e));
  return { kind: 'hit', entry: decoded.entry, size: buf.length };
}

/** Stores the entry; returns the bytes written. Throws on I/O errors. */
export async function writeEntry(l: Layout, entry: CacheEntry): Promise<number> {
  const data = encodeEntry(entry);
  await writeAtomic(entryPath(l, entry.key), data);
  // Every stored verdict passes here (decisions, tune, import, remote hits).
  if (entry.verdict.kind === 'candidate' || entry.verdict.kind === 'polly') markVerdictSource(l.root, entry.record.source);
  return data.length;
}

/** The raw file of an entry, for export. */
export async function readRaw(l: Layout, key: string): Promise<Buffer | undefined> {
  return fs.readFile(entryPath(l, key)).catch(() => undefined);
}

export async function removeEntry(l: Layout, key: string): Promise<void> {
  if (isKey(key)) await fs.rm(entryPath(l, key), { force: true }).catch((e) => swallowed('cache/store', e));
}

const TEMP_MAX_AGE_MS = 60 * 60 * 1000;

/** Every stored entry with size and recency; drops temp files that a crash left behind. */
export function listEntries(l: Layout): Promise<StoredFile[]> {
  return listShards(l.entries);
}

/** Every stored direct-mode object, as listEntries. */
export function listObjects(l: Layout): Promise<StoredFile[]> {
  return listShards(l.objects);
}

/** bin/slmcc's stored objects (shell-entries.ts): they share the size limit and recency order. */
export async function listShellObjects(l: Layout): Promise<StoredFile[]> {
  const dir = path.join(l.shell, 'o');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out: StoredFile[] = [];
  for (const name of names) {
    if (!/^[0-9a-f]{64}\.o$/.test(name)) continue;
    const file = path.join(dir, name);
    const st = await fs.stat(file).catch(() => undefined);
    if (st?.isFile()) out.push({ key: name.slice(0, 64), file, size: st.size, mtimeMs: st.mtimeMs });
  }
  return out;
}

async function listShards(root: string): Promise<StoredFile[]> {
  const out: StoredFile[] = [];
  const shards = await fs.readdir(root).catch(() => [] as string[]);
  const now = Date.now();
  for (const shard of shards) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    const dir = path.join(root, shard);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(dir, name);
      const st = await fs.stat(file).catch(() => undefined);
      if (!st || !st.isFile()) continue;
      if (name.startsWith('.tmp-')) {
        if (now - st.mtimeMs > TEMP_MAX_AGE_MS) await fs.rm(file, { force: true }).catch((e) => swallowed('cache/store', e));
        continue;
      }
      if (!isKey(name) || name.slice(0, 2) !== shard) continue;
      out.push({ key: name, file, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return out;
}
