// Functions a busy machine could not decide. An undecided verdict is never a
// verdict (a loaded core only ever makes a parallel candidate look slower),
// but deciding it again on every build made `make -j2` pay the checks for
// ever. So it is remembered as pending, with why. The next builds try again
// (load comes and goes) until STICKY_AFTER attempts have failed, or at once
// inside a parallel make or when another slmcc compile was deciding at the
// same time (a parallel build, where no probe is honest); from then on compiles keep the original code and
// check nothing, until a build with SLMCC_RETRY_PENDING=1 (a quiet `make -j1`
// warm-up) decides it. A verdict stored for the key clears the marker; a lost
// marker only means one more attempt.
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomicSync } from '../core/atomic-write.js';
import { z } from 'zod';
import { readJsonAs } from '../core/read-json.js';
import { swallowed } from '../core/swallowed.js';

const PendingFile = z.object({ reason: z.string(), since: z.string().optional(), attempts: z.number().default(0) });
export type Pending = z.infer<typeof PendingFile>;

export const STICKY_AFTER = 3;

/** Whether later builds leave the function alone (until a retry is asked for). */
export const isSticky = (p: Pending) => p.attempts >= STICKY_AFTER;

const fileOf = (root: string, key: string) => path.join(root, 'pending', key.slice(0, 2), key);

export function readPending(root: string, key: string): Pending | undefined {
  try {
    return readJsonAs(PendingFile, fs.readFileSync(fileOf(root, key), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Never throws: a read-only or full cache only means the function is tried again. */
export function markPending(root: string, key: string, reason: string, opts: { sticky?: boolean } = {}): void {
  try {
    const file = fileOf(root, key);
    const before = readPending(root, key);
    writeAtomicSync(file, JSON.stringify({ reason, since: before?.since ?? new Date().toISOString(), attempts: Math.max((before?.attempts ?? 0) + 1, opts.sticky ? STICKY_AFTER : 0) }));
  } catch (e) {
    swallowed('cache/pending', e);
    /* see above */
  }
}

export function clearPending(root: string, key: string): void {
  try {
    fs.rmSync(fileOf(root, key), { force: true });
  } catch (e) {
    swallowed('cache/pending', e);
    /* nothing to clear */
  }
}
