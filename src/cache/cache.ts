// The decision cache as the pipeline sees it: memory layer, disk store,
// single flight, eviction and statistics behind one object.
import type { Config } from '../config/index.js';
import { decodeEntry, encodeEntry, storable, type CacheEntry } from './format.js';
import { remoteStore, type RemoteStore } from './remote.js';
import { layout, lockPath, type Layout } from './layout.js';
import { MemoryLayer } from './memory.js';
import { readEntry, writeEntry, removeEntry } from './store.js';
import { StatCounter, type StatName } from './stats.js';
import { sleep } from './fsutil.js';
import { swallowed } from '../core/swallowed.js';

// Eviction and locking run only after a miss, which costs a model request and
// checks; a cached compile should not load them (each ESM module costs about
// a millisecond at start-up).
const loadEvict = () => import('./evict.js');
const loadLock = () => import('./lock.js');

export interface SingleFlightOptions {
  /** How long a waiter waits for another process's entry before doing the work itself. */
  timeoutMs?: number;
}

export interface DecisionCache {
  readonly dir: string;
  /**
   * Checksum verified; a corrupt or truncated entry is a miss and is removed.
   * On a local miss, the shared store (SLMCC_REMOTE_STORAGE) is asked, and a
   * verified entry from it is kept locally. Never throws. Takes no lock.
   */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Never stores an undecided verdict; atomic (temp + rename), then the shared store unless read-only; never throws. */
  put(entry: CacheEntry): Promise<void>;
  /**
   * Single flight across processes: the first caller runs `work` and stores
   * what it returns (via put) before letting the others go; concurrent callers
   * for the same key wait for that entry. A lock whose holder died or stopped
   * refreshing it is broken; after `timeoutMs` (default 10 min) a waiter runs
   * `work` itself. If the lock cannot be taken at all (read-only cache), `work`
   * runs without it. Errors from `work` propagate (the lock is released first).
   */
  singleFlight(key: string, work: () => Promise<CacheEntry | undefined>, opts?: SingleFlightOptions): Promise<CacheEntry | undefined>;
  /** Counts in memory; flush() writes them. */
  bump(stat: StatName, n?: number): void;
  /** Writes pending statistics (one append) and closes the shared store's connection. Never throws. */
  flush(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

class Cache implements DecisionCache {
  readonly dir: string;
  private readonly l: Layout;
  private readonly memory = new MemoryLayer();
  private readonly stats: StatCounter;

  constructor(
    dir: string,
    private readonly limit: number,
    private readonly remote?: RemoteStore,
  ) {
    this.dir = dir;
    this.l = layout(dir);
    this.stats = new StatCounter(this.l);
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const local = await this.getLocal(key);
    if (local || !this.remote || this.remoteAsked.has(key)) return local;
    // Asked once per compile: a miss or a refused entry is not fetched (or counted) again.
    this.remoteAsked.add(key);
    return this.getRemote(key, this.remote);
  }

  private readonly remoteAsked = new Set<string>();

  private async getLocal(key: string): Promise<CacheEntry | undefined> {
    try {
      const hot = this.memory.get(key);
      if (hot) return hot;
      const r = await readEntry(this.l, key);
      if (r.kind === 'corrupt') this.stats.bump('corrupt');
      if (r.kind !== 'hit') return undefined;
      await this.memory.set(key, r.entry, r.size);
      return r.entry;
    } catch {
      return undefined;
    }
  }

  /** The shared store's entry, verified as a local file is (seal, container, format version, key), then kept locally. */
  private async getRemote(key: string, remote: RemoteStore): Promise<CacheEntry | undefined> {
    try {
      const r = await remote.get(key);
      if (r.kind === 'error') this.stats.bump('remoteErrors');
      if (r.kind === 'miss') this.stats.bump('remoteMisses');
      if (r.kind !== 'hit') return undefined;
      const decoded = decodeEntry(r.bytes, key);
      if (typeof decoded === 'string') {
        // Refused: decided again here, and the fresh entry overwrites it (unless read-only).
        this.stats.bump('remoteCorrupt');
        return undefined;
      }
      this.stats.bump('remoteHits');
      await this.storeLocal(decoded.entry);
      return decoded.entry;
    } catch {
      return undefined;
    }
  }

  async put(entry: CacheEntry): Promise<void> {
    if (!storable(entry)) return;
    await this.storeLocal(entry);
    if (!this.remote || this.remote.readOnly) return;
    try {
      const r = await this.remote.set(entry.key, encodeEntry(entry));
      if (r === 'stored') this.stats.bump('remoteStores');
      if (r === 'error') this.stats.bump('remoteErrors');
    } catch (e) {
      swallowed('cache/cache', e);
      // the shared store is a convenience; the local entry is what counts
    }
  }

  private async storeLocal(entry: CacheEntry): Promise<void> {
    try {
      const bytes = await writeEntry(this.l, entry);
      this.stats.bump('stores');
      await this.memory.set(entry.key, entry, bytes);
      const { notePut } = await loadEvict();
      const evicted = await notePut(this.l, bytes, this.limit);
      for (const k of evicted) this.memory.delete(k);
      if (evicted.length) this.stats.bump('evicted', evicted.length);
    } catch (e) {
      swallowed('cache/cache', e);
      // a full or read-only disk costs the next build a recomputation, nothing more
    }
  }

  async singleFlight(key: string, work: () => Promise<CacheEntry | undefined>, opts: SingleFlightOptions = {}): Promise<CacheEntry | undefined> {
    const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const file = lockPath(this.l, key);
    const { tryAcquire, breakIfStale } = await loadLock();
    let pause = 20;
    let waited = false;
    for (;;) {
      const a = await tryAcquire(file);
      if (a.kind === 'held') {
        try {
          // Another process may have finished between our miss and our lock.
          const done = await this.getLocal(key);
          if (done) return done;
          const result = await work();
          await this.put(result as CacheEntry);
          return result;
        } finally {
          await a.lock.release();
        }
      }
      if (a.kind === 'unavailable') return this.runAndStore(work);
      if (!waited) {
        waited = true;
        this.stats.bump('waits');
      }
      const done = await this.getLocal(key);
      if (done) return done;
      if (await breakIfStale(file)) {
        this.stats.bump('staleLocks');
        continue;
      }
      if (Date.now() >= deadline) {
        this.stats.bump('lockTimeouts');
        return this.runAndStore(work);
      }
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
      pause = Math.min(pause * 2, 250);
    }
  }

  private async runAndStore(work: () => Promise<CacheEntry | undefined>): Promise<CacheEntry | undefined> {
    const result = await work();
    await this.put(result as CacheEntry);
    return result;
  }

  bump(stat: StatName, n = 1): void {
    this.stats.bump(stat, n);
  }

  async flush(): Promise<void> {
    await this.remote?.close();
    await this.stats.flush();
  }

  /** Drops the in-process copy too, for commands that rewrite the store. */
  forget(key: string): Promise<void> {
    this.memory.delete(key);
    return removeEntry(this.l, key);
  }
}

type RemoteConfig = Pick<Config, 'remoteStorage' | 'remoteReadOnly' | 'remoteTimeout' | 'verbose'>;

/** Cheap: no I/O until the first call; the shared store connects only when a lookup misses locally. */
export function openCache(config: Pick<Config, 'cacheDir' | 'cacheSize'> & Partial<RemoteConfig>): DecisionCache {
  const remote = config.remoteStorage
    ? remoteStore({
        remoteStorage: config.remoteStorage,
        remoteReadOnly: config.remoteReadOnly ?? false,
        remoteTimeout: config.remoteTimeout ?? 300,
        verbose: config.verbose ?? false,
        cacheDir: config.cacheDir,
      })
    : undefined;
  return new Cache(config.cacheDir, config.cacheSize, remote);
}
