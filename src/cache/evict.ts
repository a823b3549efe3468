// Keeping the store under its size limit without scanning it on every call.
// A full scan writes the total to usage.json; each put appends its size to
// usage.log. A put reads those two small files and scans only when their sum
// passes the limit (or the log has grown long enough to be worth resetting).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Layout } from './layout.js';
import { writeAtomic } from '../core/atomic-write.js';
import { appendLine, readText, tryLock } from './fsutil.js';
import { listEntries, listObjects, listShellObjects } from './store.js';
import { swallowed } from '../core/swallowed.js';
import { z } from 'zod';
import { readJsonAs } from '../core/read-json.js';

const RESCAN_AFTER_PUTS = 1000;
/** Evict down to this share of the limit so the next puts do not evict again at once. */
const LOW_WATER = 0.9;

const Usage = z.object({ bytes: z.number(), entries: z.number().optional() });
export type Usage = z.infer<typeof Usage>;

async function estimate(l: Layout): Promise<{ bytes: number; puts: number; known: boolean }> {
  let base = 0;
  let known = false;
  const text = await readText(l.usage);
  if (text) {
    try {
      const u = readJsonAs(Usage, text);
      if (u) {
        base = u.bytes;
        known = true;
      }
    } catch (e) {
      swallowed('cache/evict', e);
      // rescanned below
    }
  }
  let added = 0;
  let puts = 0;
  for (const line of ((await readText(l.usageLog)) ?? '').split('\n')) {
    const n = Number(line);
    if (line && Number.isFinite(n)) {
      added += n;
      puts++;
    }
  }
  return { bytes: base + added, puts, known };
}

/** Records a put of `bytes` and evicts when the estimate passes `limit`. Returns the keys evicted. */
export async function notePut(l: Layout, bytes: number, limit: number): Promise<string[]> {
  await appendLine(l.usageLog, String(bytes));
  const est = await estimate(l);
  if (est.known && est.bytes <= limit && est.puts < RESCAN_AFTER_PUTS) return [];
  return evict(l, limit);
}

/** Scans the store, removes least recently used entries above the limit, and resets the estimate. */
export async function evict(l: Layout, limit: number): Promise<string[]> {
  const release = await tryLock(path.join(l.root, 'evict.lock'), 120_000);
  if (!release) return [];
  try {
    // Puts that land during the scan go to a fresh log and count next time.
    const moved = `${l.usageLog}.scan-${process.pid}`;
    await fs.rename(l.usageLog, moved).catch((e) => swallowed('cache/evict', e));
    // Verdicts and direct-mode objects share one limit and one recency order.
    const files = [...(await listEntries(l)), ...(await listObjects(l)), ...(await listShellObjects(l))];
    let bytes = files.reduce((s, f) => s + f.size, 0);
    const evicted: string[] = [];
    if (bytes > limit) {
      files.sort((a, b) => a.mtimeMs - b.mtimeMs);
      const target = limit * LOW_WATER;
      for (const f of files) {
        if (bytes <= target) break;
        try {
          await fs.rm(f.file);
          bytes -= f.size;
          evicted.push(f.key);
        } catch (e) {
          swallowed('cache/evict', e);
          // already gone
        }
      }
    }
    await writeAtomic(l.usage, JSON.stringify({ bytes, entries: files.length - evicted.length } satisfies Usage));
    await fs.rm(moved, { force: true });
    return evicted;
  } finally {
    await release();
  }
}

export async function resetUsage(l: Layout): Promise<void> {
  await fs.rm(l.usage, { force: true });
  await fs.rm(l.usageLog, { force: true });
}
