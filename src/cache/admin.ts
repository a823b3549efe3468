// What the management commands need from the store: totals, clearing.
import fs from 'node:fs/promises';
import { layout } from './layout.js';
import { listEntries, listObjects, listShellObjects } from './store.js';
import { readStats, zeroStats, type Stats } from './stats.js';
import { resetUsage } from './evict.js';

export interface CacheSummary {
  dir: string;
  entries: number;
  /** Direct-mode objects (finished compiles found without -E). */
  objects: number;
  /** Entries and objects together: what the size limit counts. */
  bytes: number;
  stats: Stats;
}

export async function summarise(cacheDir: string): Promise<CacheSummary> {
  const l = layout(cacheDir);
  const files = await listEntries(l);
  const objects = [...(await listObjects(l)), ...(await listShellObjects(l))];
  const bytes = [...files, ...objects].reduce((s, f) => s + f.size, 0);
  return { dir: cacheDir, entries: files.length, objects: objects.length, bytes, stats: await readStats(l) };
}

/** Removes every entry (and the locks, identity memos and size estimate); statistics stay unless `zeroStats`. */
export async function clearCache(cacheDir: string, opts: { zeroStats?: boolean } = {}): Promise<number> {
  const l = layout(cacheDir);
  const n = (await listEntries(l)).length;
  await fs.rm(l.entries, { recursive: true, force: true });
  await fs.rm(l.objects, { recursive: true, force: true });
  await fs.rm(l.shell, { recursive: true, force: true });
  await fs.rm(l.locks, { recursive: true, force: true });
  await fs.rm(l.identity, { recursive: true, force: true });
  await resetUsage(l);
  if (opts.zeroStats) await zeroStats(l);
  return n;
}

export async function resetStats(cacheDir: string): Promise<void> {
  await zeroStats(layout(cacheDir));
}
