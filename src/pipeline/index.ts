import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import type { Arg, RewrittenUnit } from '../driver/index.js';

export interface SourceJob {
  source: string;
  cwd: string;
  cc: string[];
  ccResolved: string;
  parsed: Arg[];
  config: Config;
}

/**
 * A cheap look at the raw file before paying for -E and a parse: a file with
 * no loop keyword has nothing for slmcc to do. (A loop hidden entirely in a
 * header macro is missed; that costs speed, never correctness.)
 */
export function mayHaveLoops(source: string, cwd: string): boolean {
  try {
    return /\b(for|while)\b/.test(fs.readFileSync(path.resolve(cwd, source), 'latin1'));
  } catch {
    return false;
  }
}

/** Decides every hot function of one source; the rewritten unit, or undefined to keep the original object. */
export async function improveSource(job: SourceJob): Promise<RewrittenUnit | undefined> {
  const { runPipeline } = await import('./run-pipeline.js');
  return runPipeline(job);
}
