// What became of one source of a successful compile, as one value that the
// compiler call counts once (sccache's CompileResult, ccache's Statistic):
// the rewritten unit's object placed over the user's, an object stored by an
// earlier build placed, or the user's object kept, for a named reason.

/** Why a source keeps the user's object. The list is closed: each is a counter (`kept:<why>` in cache stats). */
export const GIVE_UPS = [
  /** Inside a parallel make with nothing in the cache to find: nothing is analysed. */
  'nothing to find in a parallel make',
  /** The -E that analysis reads failed. */
  'preprocess failed',
  /** No provider could be reached, and none is configured to stand in. */
  'no provider',
  /** Every hot function keeps its code: no verdict changes the unit (original, unverifiable, pending, or none worth deciding). */
  'no verdict changes the code',
  /** Compiling the rewritten unit, or the link test after it, refused the replacement. */
  'placement refused',
  /** Relinking a compile-and-link with the rewritten objects failed. */
  'relink refused',
  /** slmcc itself failed (a bug, a full disk): the user's build stands. */
  'internal error',
] as const;
export type GiveUp = (typeof GIVE_UPS)[number];

export type Kept = { kind: 'kept'; why: GiveUp; detail?: string };

/** The end of one source's story. */
export type Outcome =
  /** The object of a rewritten unit replaced the user's. */
  | { kind: 'placed' }
  /** An object an earlier build stored for the same inputs replaced the user's. */
  | { kind: 'stored' }
  | Kept;

export const kept = (why: GiveUp, detail?: string): Kept => ({ kind: 'kept', why, ...(detail === undefined ? {} : { detail }) });

/** The counter an outcome adds one to. */
export function outcomeStat(o: Outcome): `outcome:${'placed' | 'stored'}` | `kept:${GiveUp}` {
  return o.kind === 'kept' ? `kept:${o.why}` : `outcome:${o.kind}`;
}
