// Where everything lives under the cache root. Entries are sharded by the
// first two hex digits of the key so no folder grows past a few thousand files.
import path from 'node:path';

export interface Layout {
  root: string;
  entries: string;
  /** Direct mode: finished objects, found from the command line and the files it read. */
  objects: string;
  locks: string;
  identity: string;
  /** Append-only statistics deltas, one JSON line per flush. */
  statsLog: string;
  /** Compacted totals of older deltas. */
  statsTotal: string;
  /** Store size at the last full scan. */
  usage: string;
  /** Bytes added since the last scan, one line per put. */
  usageLog: string;
  /** bin/slmcc's direct mode (shell-entries.ts): manifests, objects, markers. */
  shell: string;
}

/**
 * The format of bin/slmcc's direct mode: the folder of its entries and the
 * first field of their keys (shell-entries.ts). The script reads it from
 * bin/slmcc-spec.sh, which Node writes (pipeline/shell-spec.ts).
 */
export const SHELL_FORMAT = 'shell-v1';

export function layout(root: string): Layout {
  return {
    root,
    entries: path.join(root, 'entries'),
    objects: path.join(root, 'objects'),
    locks: path.join(root, 'locks'),
    identity: path.join(root, 'identity'),
    statsLog: path.join(root, 'stats.log'),
    statsTotal: path.join(root, 'stats.json'),
    usage: path.join(root, 'usage.json'),
    usageLog: path.join(root, 'usage.log'),
    // The folder names the format, so a change of format is a clean miss.
    shell: path.join(path.resolve(root), SHELL_FORMAT),
  };
}

export const shardOf = (l: Layout, key: string): string => path.join(l.entries, key.slice(0, 2));
export const entryPath = (l: Layout, key: string): string => path.join(shardOf(l, key), key);
export const objectPath = (l: Layout, key: string): string => path.join(l.objects, key.slice(0, 2), key);
export const lockPath = (l: Layout, key: string): string => path.join(l.locks, `${key}.lock`);
