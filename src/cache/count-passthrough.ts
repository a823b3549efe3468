// The driver's one counter: a call passed through to the real compiler, by
// reason (ccache's called_for_link, autoconf_test...). A passthrough must
// cost next to nothing, so this is one synchronous O_APPEND of one short line
// to the same log StatCounter writes (stats.ts sums and compacts it); no
// lock, no read, and any failure only loses the count.
import fs from 'node:fs';
import type { PassReason } from '../core/command-line.js';
import { layout } from './layout.js';
import type { StatName } from './stat-names.js';

export function countPassthrough(cacheDir: string, reason: PassReason): void {
  const name: StatName = `passthrough:${reason}`;
  const file = layout(cacheDir).statsLog;
  const line = `${JSON.stringify({ [name]: 1 })}\n`;
  try {
    fs.appendFileSync(file, line);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.appendFileSync(file, line);
    } catch {
      /* a read-only cache root loses the count, never the call */
    }
  }
}
