// The verdict for one function and the decision record (one JSON line each):
// verify produces them, the pipeline and tune build records, the cache stores
// them, report and explain read them.
import { z } from 'zod';
import { EVIDENCE_LEVELS, type Evidence } from './claim.js';

export const CHECK_NAMES = ['screen', 'claim', 'compile', 'differential', 'tsan', 'asan', 'timing'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface CheckOutcome {
  check: CheckName;
  ok: boolean;
  ms: number;
  /** Why it failed, or a short summary (first lines of a sanitizer report). */
  detail?: string;
}

export interface CandidateRecord {
  id: string;
  provider: string;
  model?: string;
  strategy?: string;
  form: 'plan' | 'code';
  checks: CheckOutcome[];
  /** Median time relative to the original (original/candidate), when timed. */
  speedup?: number;
  /** How the claim check knows the candidate keeps the original's meaning (verify/claim). */
  evidence?: Evidence;
}

/** A function's verdict: the schema is the one source of the type, and what a stored entry is checked against. */
export const VerdictSchema = z.discriminatedUnion('kind', [
  /** `evidence` absent: stored before the claim check existed, i.e. tested only. */
  z.object({ kind: z.literal('candidate'), candidateId: z.string(), text: z.string(), speedup: z.number(), evidence: z.enum(EVIDENCE_LEVELS).optional() }),
  z.object({ kind: z.literal('polly'), speedup: z.number() }),
  z.object({ kind: z.literal('original'), reason: z.string() }),
  z.object({ kind: z.literal('unverifiable'), reason: z.string() }),
  /** Not stored as final: the machine was too busy to time, or the model was unreachable. */
  z.object({ kind: z.literal('undecided'), reason: z.string() }),
]);
export type Verdict = z.infer<typeof VerdictSchema>;

export interface DecisionRecord {
  version: 1;
  time: string;
  source: string;
  function: string;
  loopLines: number[];
  hotness: number;
  key: string;
  provider: string;
  model?: string;
  strategy?: string;
  candidates: CandidateRecord[];
  verdict: Verdict;
  reason: string;
  /** Where the verdict came from this time. */
  from: 'checked' | 'cache';
  ms: number;
  pollySpeedup?: number;
  /** Requests sent to the model while deciding. */
  modelRequests?: number;
  /** Set when the verdict was judged on the program's own workload (tune), not on the harness. */
  workload?: { commands: string[]; hash: string; share?: number };
}

/**
 * The function name of a record that stands for a whole source a compile did
 * not analyse (inside a parallel make, pipeline/decide-source.ts): any later
 * record of the same source supersedes it.
 */
export const WHOLE_SOURCE = '(all hot functions)';

/** The function a record is about, as analysis describes it. */
export interface RecordedFunction {
  name: string;
  loops: readonly { sourceLine: number }[];
  hotness: number;
}

type Given = Omit<DecisionRecord, 'version' | 'source' | 'function' | 'loopLines' | 'hotness' | 'time' | 'from' | 'candidates' | 'reason' | 'ms'> &
  Partial<Pick<DecisionRecord, 'time' | 'from' | 'candidates' | 'reason' | 'ms'>>;

/**
 * A decision record: the function's own fields from analysis, and by
 * default made now, checked here, with no candidates, in no time, for the
 * verdict's own reason. The one place a record is put together.
 */
export function makeRecord(source: string, fn: RecordedFunction, given: Given): DecisionRecord {
  const { time, from, candidates, reason, ms, ...rest } = given;
  return {
    version: 1,
    time: time ?? new Date().toISOString(),
    source,
    function: fn.name,
    loopLines: fn.loops.map((l) => l.sourceLine),
    hotness: fn.hotness,
    candidates: candidates ?? [],
    reason: reason ?? ('reason' in rest.verdict ? rest.verdict.reason : ''),
    from: from ?? 'checked',
    ms: ms ?? 0,
    ...rest,
  };
}
