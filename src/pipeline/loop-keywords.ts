import fs from 'node:fs';
import path from 'node:path';

/** The words that start a loop in C (`do ... while` ends with one). */
export const LOOP_KEYWORDS = ['for', 'while'] as const;
const LOOP = new RegExp(`\\b(${LOOP_KEYWORDS.join('|')})\\b`);

/**
 * A cheap look at the raw file before paying for -E and a parse: a file with
 * no loop keyword has nothing for slmcc to do. (A loop hidden entirely in a
 * header macro is missed; that costs speed, never correctness.) bin/slmcc
 * applies the same test before Node starts (grep -w), with LOOP_KEYWORDS as
 * pipeline/shell-spec.ts writes them down for it.
 */
export function mayHaveLoops(source: string, cwd: string): boolean {
  try {
    return LOOP.test(fs.readFileSync(path.resolve(cwd, source), 'latin1'));
  } catch {
    return false;
  }
}
