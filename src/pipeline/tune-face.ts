// What tune needs of the compile path: the same jobs, keys and candidates a
// compile would use, so that a verdict judged on a workload is found by a
// plain `CC=slmcc` build. Kept apart from what a compile loads.
import { analyze } from '../analysis/index.js';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { compilerIdentity } from '../cache/index.js';
import type { Config } from '../config/index.js';
import { classify, codeFlagsOf, preprocess, preprocessFlags } from '../driver/index.js';
import type { Candidate } from '../core/candidate.js';
import { askProvider, candidateMaker } from './candidates.js';
import type { SourceJob } from './job.js';
import { chooseProvider, type ProviderChoice } from './provider.js';
import { functionKeyer } from './run-pipeline.js';

export { chooseProvider, type ProviderChoice };

export interface AnalysedSource {
  job: SourceJob;
  tu: TranslationUnit;
  keyOf: (fn: FunctionInfo) => string;
}

/** A recorded compile's source, preprocessed and analysed as its compile saw it. */
export async function analyseSource(
  cc: string[],
  ccResolved: string,
  args: string[],
  source: string,
  cwd: string,
  config: Config,
  provider: Exclude<ProviderChoice, { kind: 'unavailable' }>,
): Promise<AnalysedSource | { error: string }> {
  const c = classify(args);
  if (c.kind !== 'compile') return { error: `not a compile: ${args.join(' ')}` };
  const job: SourceJob = { source, cwd, cc, ccResolved, parsed: c.parsed, config };
  const pp = await preprocess(cc, preprocessFlags(c.parsed), source, cwd);
  if (!pp.ok) return { error: `${source}: -E failed` };
  const tu = analyze(pp.text, { sourceFile: source });
  const identity = await compilerIdentity(cc, config.cacheDir);
  return { job, tu, keyOf: functionKeyer(job, tu, provider, identity) };
}

/** The provider's candidates for one function, plans applied; refusals are dropped with their reasons. */
export async function proposeCandidates(
  a: AnalysedSource,
  fn: FunctionInfo,
  provider: Exclude<ProviderChoice, { kind: 'unavailable' }>,
): Promise<{ candidates: Candidate[]; refused: string[]; requests: number }> {
  const { proposals, session } = await askProvider(a.tu, fn, a.job.config, provider, codeFlagsOf(a.job.parsed));
  const { candidates, refusals } = candidateMaker(a.tu, fn)(proposals);
  return { candidates, refused: refusals.map((r) => r.reason), requests: session?.requests ?? 0 };
}
