import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import type { Arg, Replacement } from '../driver/index.js';

export interface SourceJob {
  source: string;
  cwd: string;
  cc: string[];
  ccResolved: string;
  parsed: Arg[];
  config: Config;
  /**
   * The user's arguments as bin/slmcc received them, when it runs them with
   * the compiler it finds itself (no launcher form, no SLMCC_CC): only then
   * can a settled outcome be written down for the script's direct mode.
   */
  argv?: readonly string[];
}

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

/**
 * A finished object from the direct-mode cache, or a rewritten unit to compile
 * whose `remember` stores the object it compiled to, for the next build.
 */
export type Improvement = Replacement;

/** Decides every hot function of one source; undefined keeps the user's object. */
export async function improveSource(job: SourceJob): Promise<Improvement | undefined> {
  const { improve } = await import('./improve.js');
  return improve(job);
}
