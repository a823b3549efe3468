// One decided function as the pipeline hands it to the cache and the cache
// hands it back. `verdict` repeats `record.verdict` and `key` repeats
// `record.key`: that is the stored format (format.ts), kept as it is so that
// existing caches stay valid.
import type { DecisionRecord, Verdict } from './decision.js';

/**
 * Bumped whenever the meaning or shape of a stored verdict changes. It is part
 * of every key, so entries of an older slmcc are simply never looked up.
 */
// 2: a shipped candidate that opens a parallel region runs with a short
// OpenMP block time (rewrite/short-spin.ts); verdicts checked without it are
// decided again.
export const VERDICT_FORMAT_VERSION = 2;

export interface CacheEntry {
  key: string;
  formatVersion: number;
  verdict: Verdict;
  record: DecisionRecord;
}
