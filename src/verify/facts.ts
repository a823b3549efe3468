// What the screen needs to know about a candidate's text, from the analysis part.
import type { TranslationUnit } from '../analysis/types.js';

export interface CandidateFacts {
  name: string;
  signature: string;
  calls: string[];
  globalsWritten: string[];
}

export function candidateFacts(_tu: TranslationUnit, text: string): CandidateFacts | { error: string } {
  const open = text.indexOf('{');
  if (open < 0 || !/}\s*$/.test(text)) return { error: 'no function body' };
  const signature = text.slice(0, open).trim();
  const m = /\b([A-Za-z_]\w*)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$/.exec(signature);
  return { name: m ? m[1] : '', signature, calls: [], globalsWritten: [] };
}
