// The closed list of counters `slmcc --slmcc cache stats` shows: a misspelt
// name does not compile. The cache bumps waits, lockTimeouts, staleLocks,
// corrupt, evicted, stores and the remote ones itself; the pipeline bumps the
// decisions; the driver counts each call it passes through, by reason.
import type { PassReason } from '../core/command-line.js';
import type { CheckName } from '../core/decision.js';
import type { GiveUp } from '../core/outcome.js';

export type StatName =
  | 'hits'
  | 'misses'
  /** Compiles served whole from the direct-mode cache, without -E. */
  | 'objectHits'
  | 'modelRequests'
  | 'accepted'
  | 'polly'
  | 'original'
  | 'unverifiable'
  | 'undecided'
  | 'pending'
  | 'pendingKept'
  /** Direct-mode hits bin/slmcc served before Node started (each is an objectHit too). */
  | 'shellHits'
  /** Functions met inside a parallel make, left for a serial build. */
  | 'pendingParallel'
  | 'msSaved'
  | 'msSpent'
  | 'waits'
  | 'lockTimeouts'
  | 'staleLocks'
  | 'corrupt'
  | 'evicted'
  | 'stores'
  /** The shared store (SLMCC_REMOTE_STORAGE): verified hits, misses, refused entries, writes, and failed or timed-out operations. */
  | 'remoteHits'
  | 'remoteMisses'
  | 'remoteCorrupt'
  | 'remoteStores'
  | 'remoteErrors'
  /** A candidate verify refused, by the first check it failed. */
  | `rejected:${CheckName}`
  /** A call the driver handed to the real compiler unchanged, by why. */
  | `passthrough:${PassReason}`
  /** What became of each source a compile decided (core/outcome.ts): counted once, by the compiler call. */
  | `outcome:${'placed' | 'stored'}`
  | `kept:${GiveUp}`
  /** An error slmcc swallowed on purpose, by the module it happened in (core/swallowed.ts). */
  | `internal:${string}`;
