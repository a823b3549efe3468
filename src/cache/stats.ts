// Statistics without a global lock: each process appends its deltas as one
// short JSON line (O_APPEND), and readers sum the lines. When the log grows,
// whoever gets the housekeeping try-lock folds it into stats.json.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Layout } from './layout.js';
import type { StatName } from './stat-names.js';
import { writeAtomic } from '../core/atomic-write.js';
import { appendLine, readText, tryLock } from './fsutil.js';
import { swallowed } from '../core/swallowed.js';

export type { StatName };

export type Stats = Record<string, number>;

const COMPACT_AT = 256 * 1024;

function addInto(total: Stats, delta: unknown): void {
  if (delta === null || typeof delta !== 'object') return;
  for (const [k, v] of Object.entries(delta as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isFinite(v)) total[k] = (total[k] ?? 0) + v;
  }
}

function sumLines(text: string | undefined, into: Stats): void {
  if (!text) return;
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      addInto(into, JSON.parse(line));
    } catch (e) {
      swallowed('cache/stats', e);
      // a line torn by a crash is lost, the rest still count
    }
  }
}

export class StatCounter {
  private pending: Stats = {};

  constructor(private readonly l: Layout) {}

  bump(stat: StatName, n = 1): void {
    if (!Number.isFinite(n) || n === 0) return;
    this.pending[stat] = (this.pending[stat] ?? 0) + n;
  }

  async flush(): Promise<void> {
    const delta = this.pending;
    if (Object.keys(delta).length === 0) return;
    this.pending = {};
    try {
      await appendLine(this.l.statsLog, JSON.stringify(delta));
      const st = await fs.stat(this.l.statsLog);
      if (st.size > COMPACT_AT) await compactStats(this.l);
    } catch (e) {
      swallowed('cache/stats', e);
      // a read-only or full cache loses statistics, never a build
    }
  }
}

/** Leftover logs of a compaction that was interrupted are still counted. */
async function orphanLogs(l: Layout): Promise<string[]> {
  const base = path.basename(l.statsLog);
  const names = await fs.readdir(l.root).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(`${base}.compact-`)).map((n) => path.join(l.root, n));
}

export async function compactStats(l: Layout): Promise<void> {
  const release = await tryLock(path.join(l.root, 'stats.lock'), 60_000);
  if (!release) return;
  try {
    const moved = `${l.statsLog}.compact-${process.pid}`;
    await fs.rename(l.statsLog, moved);
    const total: Stats = {};
    addInto(total, JSON.parse((await readText(l.statsTotal)) ?? '{}'));
    for (const f of await orphanLogs(l)) sumLines(await readText(f), total);
    await writeAtomic(l.statsTotal, JSON.stringify(total));
    for (const f of await orphanLogs(l)) await fs.rm(f, { force: true });
  } catch (e) {
    swallowed('cache/stats', e);
    // the log stays where it is and is summed on read
  } finally {
    await release();
  }
}

export async function readStats(l: Layout): Promise<Stats> {
  const total: Stats = {};
  try {
    addInto(total, JSON.parse((await readText(l.statsTotal)) ?? '{}'));
  } catch (e) {
    swallowed('cache/stats', e);
    // unreadable totals: count what the logs hold
  }
  sumLines(await readText(l.statsLog), total);
  for (const f of await orphanLogs(l)) sumLines(await readText(f), total);
  return total;
}

export async function zeroStats(l: Layout): Promise<void> {
  await fs.rm(l.statsLog, { force: true });
  await fs.rm(l.statsTotal, { force: true });
  for (const f of await orphanLogs(l)) await fs.rm(f, { force: true });
}
