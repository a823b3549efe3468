// The decision cache: keys, store, single flight, statistics, export/import.
export { countOnce, countPassthrough } from './count-passthrough.js';
export { sha256, VERDICT_FORMAT_VERSION, type CacheEntry } from './format.js';
export { cacheKey, normaliseC, type KeyInput } from './key.js';
export { compilerIdentity } from './identity.js';
export { openCache, type DecisionCache, type SingleFlightOptions } from './cache.js';
export { readPending, markPending, clearPending, isSticky, type Pending } from './pending.js';
export type { StatName, Stats } from './stats.js';
export type { CacheSummary } from './admin.js';
export type { ExportReport, ImportReport } from './archive.js';
import type { CacheSummary } from './admin.js';
import type { ExportReport, ImportReport } from './archive.js';

// Management (the `slmcc cache` command) loads its modules on first call, so
// that importing the cache on the compile path does not pay for zlib,
// streams and readline.

export async function summarise(cacheDir: string): Promise<CacheSummary> {
  return (await import('./admin.js')).summarise(cacheDir);
}

export async function clearCache(cacheDir: string, opts: { zeroStats?: boolean } = {}): Promise<number> {
  return (await import('./admin.js')).clearCache(cacheDir, opts);
}

export async function resetStats(cacheDir: string): Promise<void> {
  return (await import('./admin.js')).resetStats(cacheDir);
}

/** Writes every valid entry to one gzip'd JSON-lines archive (temp + rename). */
export async function exportCache(cacheDir: string, file: string): Promise<ExportReport> {
  return (await import('./archive.js')).exportCache(cacheDir, file);
}

/**
 * Adds an archive's entries to the store, checking each one's checksum and
 * format version. Rejects (with an Error named 'ArchiveError') only when the
 * file is not a readable archive at all.
 */
export async function importCache(cacheDir: string, file: string, sizeLimit: number): Promise<ImportReport> {
  return (await import('./archive.js')).importCache(cacheDir, file, sizeLimit);
}

// Direct mode: whole objects found from the command line and the files it read.
export { currentGeneration, hasVerdictFor } from './verdict-sources.js';
export { tryAcquire, breakIfStale } from './lock.js';
export { queueWork, listWork, dropWork, forgetWork, wasSettled, retryLater, settledState, noteSettled, type PendingWork } from './pending-work.js';
export { putShellEntry, noteServer, noServerMarker, shellKey, shellKeyBytes, SHELL_FORMAT, SHELL_KEY_ENV, SHELL_VOUCHED, type ShellKeyInput } from './shell-entries.js';
export { directKey, folderMatters, inputsOf, getObject, putObject, OBJECT_FORMAT_VERSION, type ObjectEntry, type ObjectOutcome, type ObjectLookup } from './objects.js';
