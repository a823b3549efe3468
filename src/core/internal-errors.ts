// Internal errors of slmcc's own, one line each in the cache: the user's
// build never sees them (the original object is kept), but `cache stats`
// says where to find what went wrong, so a kept object is never a mystery.
import fs from 'node:fs';
import path from 'node:path';

const MAX_BYTES = 256 * 1024;

export const internalErrorLog = (cacheDir: string): string => path.join(cacheDir, 'internal-errors.log');

/** Appends one line for `sources`; never throws. */
export function noteInternalError(cacheDir: string, sources: string[], e: unknown): void {
  try {
    const file = internalErrorLog(cacheDir);
    const where = ((e as Error)?.stack ?? String(e))
      .split('\n')
      .slice(0, 4)
      .map((l) => l.trim());
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) fs.renameSync(file, `${file}.old`);
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.appendFileSync(file, `${new Date().toISOString()} ${sources.join(' ')}: ${where.join(' | ')}\n`);
  } catch {
    /* a read-only cache: the count in the stats still says it happened */
  }
}

/** The last line logged, if any. */
export function lastInternalError(cacheDir: string): string | undefined {
  try {
    const lines = fs.readFileSync(internalErrorLog(cacheDir), 'utf8').trimEnd().split('\n');
    return lines[lines.length - 1] || undefined;
  } catch {
    return undefined;
  }
}
