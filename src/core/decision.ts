// The verdict for one function and the decision record (one JSON line each):
// verify produces them, the pipeline and tune build records, the cache stores
// them, report and explain read them.
import type { Evidence } from './claim.js';

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

export type Verdict =
  /** `evidence` absent: stored before the claim check existed, i.e. tested only. */
  | { kind: 'candidate'; candidateId: string; text: string; speedup: number; evidence?: Evidence }
  | { kind: 'polly'; speedup: number }
  | { kind: 'original'; reason: string }
  | { kind: 'unverifiable'; reason: string }
  /** Not stored as final: the machine was too busy to time, or the model was unreachable. */
  | { kind: 'undecided'; reason: string };

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
