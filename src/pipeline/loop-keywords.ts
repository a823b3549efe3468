import fs from 'node:fs';
import path from 'node:path';

/**
 * A cheap look at the raw file before paying for -E and a parse: a file with
 * no loop keyword has nothing for slmcc to do. (A loop hidden entirely in a
 * header macro is missed; that costs speed, never correctness.) bin/slmcc
 * applies the same test before Node starts; keep the two alike.
 */
export function mayHaveLoops(source: string, cwd: string): boolean {
  try {
    return /\b(for|while)\b/.test(fs.readFileSync(path.resolve(cwd, source), 'latin1'));
  } catch {
    return false;
  }
}
