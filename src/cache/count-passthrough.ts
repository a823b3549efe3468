// The driver's one counter: a call passed through to the real compiler, by
// reason (ccache's called_for_link, autoconf_test...). A passthrough must
// cost next to nothing, so this is one synchronous O_APPEND of one short line
// to the same log StatCounter writes (stats.ts sums and compacts it); no
// lock, no read, and any failure only loses the count.
import fs from 'node:fs';
import type { PassReason } from '../core/command-line.js';
import { layout } from './layout.js';
import type { StatName } from './stat-names.js';
import { swallowed } from '../core/swallowed.js';

export function countPassthrough(cacheDir: string, reason: PassReason): void {
  countOnce(cacheDir, { [`passthrough:${reason}`]: 1 });
}

/**
 * Adds counts the same way, in one line: the compiler call's outcomes and
 * swallowed errors (`counts` with nothing in it writes nothing).
 */
export function countOnce(cacheDir: string, counts: Partial<Record<StatName, number>>): void {
  if (Object.keys(counts).length === 0) return;
  const file = layout(cacheDir).statsLog;
  const line = `${JSON.stringify(counts)}\n`;
  try {
    fs.appendFileSync(file, line);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.appendFileSync(file, line);
    } catch (e) {
      swallowed('cache/count-passthrough', e);
      /* a read-only cache root loses the count, never the call */
    }
  }
}
