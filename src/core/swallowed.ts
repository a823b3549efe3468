// Errors slmcc swallows on purpose (a read-only cache, a torn line, a file
// another process removed first) never reach the user's build, but they must
// not vanish either: each is tallied by the module it happened in, and the
// compiler call adds the tally to the cache's counters (`internal:<where>` in
// `slmcc --slmcc cache stats`).

const tally = new Map<string, number>();

/**
 * Notes one swallowed error at `where` (a module, as `cache/store`); returns
 * undefined so a `.catch` can hand it back. A file that is not there (no
 * note yet, removed by another process first) is how the cache says
 * "nothing", not an error, and is not counted.
 */
export function swallowed(where: string, e?: unknown): undefined {
  if ((e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
  tally.set(where, (tally.get(where) ?? 0) + 1);
  return undefined;
}

/** The tally so far, emptied: `internal:<where>` to its count. */
export function takeSwallowed(): Record<`internal:${string}`, number> {
  const out: Record<`internal:${string}`, number> = {};
  for (const [where, n] of tally) out[`internal:${where}`] = n;
  tally.clear();
  return out;
}
