// The in-process layer in front of the disk store. Importing lru-cache costs
// about 7-10 ms in a fresh Node process, which is a large share of a cached
// compile, and a compiler call touches only a handful of keys. So the layer
// starts as a small Map and moves to an lru-cache only once a process (the
// CLI, a long-lived caller) has remembered more entries than that.
import type { LRUCache } from 'lru-cache';
import type { CacheEntry } from './format.js';
import { swallowed } from '../core/swallowed.js';

const SMALL = 32;
const MAX_ENTRIES = 4096;
const MAX_BYTES = 64 * 1024 * 1024;

export class MemoryLayer {
  private small = new Map<string, { entry: CacheEntry; size: number }>();
  private lru?: LRUCache<string, CacheEntry>;
  private upgrading?: Promise<void>;

  get(key: string): CacheEntry | undefined {
    if (this.lru) return this.lru.get(key);
    const hit = this.small.get(key);
    if (hit) {
      // Map keeps insertion order: re-inserting marks it most recent.
      this.small.delete(key);
      this.small.set(key, hit);
    }
    return hit?.entry;
  }

  async set(key: string, entry: CacheEntry, size: number): Promise<void> {
    if (this.lru) {
      this.lru.set(key, entry, { size });
      return;
    }
    this.small.delete(key);
    this.small.set(key, { entry, size });
    if (this.small.size > SMALL) await this.upgrade().catch((e) => swallowed('cache/memory', e));
    // Without lru-cache (it failed to load) the Map stays small by dropping its oldest.
    while (!this.lru && this.small.size > SMALL) this.small.delete(this.small.keys().next().value as string);
  }

  delete(key: string): void {
    this.small.delete(key);
    this.lru?.delete(key);
  }

  clear(): void {
    this.small.clear();
    this.lru?.clear();
  }

  private upgrade(): Promise<void> {
    this.upgrading ??= import('lru-cache').then(({ LRUCache }) => {
      const lru = new LRUCache<string, CacheEntry>({ max: MAX_ENTRIES, maxSize: MAX_BYTES, sizeCalculation: () => 1 });
      for (const [k, v] of this.small) lru.set(k, v.entry, { size: Math.max(1, v.size) });
      this.small.clear();
      this.lru = lru;
    });
    return this.upgrading;
  }
}
