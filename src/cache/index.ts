// The decision cache: keys, store, single flight, statistics, export/import.
export { VERDICT_FORMAT_VERSION, type CacheEntry } from './format.js';
export { cacheKey, normaliseC, type KeyInput } from './key.js';
export { compilerIdentity, resolveCommand } from './identity.js';
export { openCache, type DecisionCache, type SingleFlightOptions } from './cache.js';
export type { StatName, Stats } from './stats.js';
// Management (the `slmcc cache` command); loaded on first use, never on the compile path.
export { summarise, clearCache, resetStats, exportCache, importCache, type CacheSummary, type ExportReport, type ImportReport } from './manage.js';
