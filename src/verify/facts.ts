// What the screen needs to know about a candidate's text, from the analysis part.
import { analyzeCandidate } from '../analysis/index.js';
import type { TranslationUnit } from '../analysis/types.js';

export interface CandidateFacts {
  name: string;
  signature: string;
  calls: string[];
  globalsWritten: string[];
}

export function candidateFacts(tu: TranslationUnit, text: string): CandidateFacts | { error: string } {
  const a = analyzeCandidate(tu, text);
  if (!a.ok) return { error: a.reason };
  return { name: a.fn.name, signature: a.fn.signature, calls: a.fn.calls, globalsWritten: a.fn.globalsWritten };
}
