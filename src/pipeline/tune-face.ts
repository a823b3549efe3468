// What tune needs of the compile path: the same jobs, keys and candidates a
// compile would use, so that a verdict judged on a workload is found by a
// plain `CC=slmcc` build. Kept apart from what a compile loads.
import { analyze } from '../analysis/index.js';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { compilerIdentity, openCache } from '../cache/index.js';
import type { Config } from '../config/index.js';
import { classify, compileFlagsOf, flagFacts, preprocess, preprocessFlags } from '../driver/index.js';
import type { Candidate } from '../core/candidate.js';
import { askProvider, candidateMaker } from './candidates.js';
import type { SourceJob } from './job.js';
import { chooseProvider, type ProviderChoice } from './provider.js';
import { outlineHotNests } from './outlining.js';
import { functionKeyer, wholeVerdicts } from './run-pipeline.js';

export { chooseProvider, type ProviderChoice };

export interface AnalysedSource {
  job: SourceJob;
  /** The unit as a compile judges it: hot nests of functions the harness cannot drive outlined. */
  tu: TranslationUnit;
  keyOf: (fn: FunctionInfo) => string;
  /** Each outlined nest's function, by the name of the function it came from. */
  outlinedFrom: Map<string, string>;
  /** The unit before outlining, and each outlined nest's offsets in its text: the profile counts the original. */
  original: TranslationUnit;
  nestSpans: Map<string, { start: number; end: number }>;
}

/**
 * A recorded compile's source, preprocessed and analysed as its compile saw
 * it, outlined as a compile with `cacheDir`'s verdicts outlines it, so that a
 * verdict on an outlined loop is stored under the key a plain build looks up.
 */
export async function analyseSource(
  cc: string[],
  ccResolved: string,
  args: string[],
  source: string,
  cwd: string,
  config: Config,
  provider: Exclude<ProviderChoice, { kind: 'unavailable' }>,
  cacheDir = config.cacheDir,
): Promise<AnalysedSource | { error: string }> {
  const c = classify(args);
  if (c.kind !== 'compile') return { error: `not a compile: ${args.join(' ')}` };
  const job: SourceJob = { source, cwd, cc, ccResolved, parsed: c.parsed, config };
  const pp = await preprocess(cc, preprocessFlags(c.parsed), source, cwd);
  if (!pp.ok) return { error: `${source}: -E failed` };
  const original = analyze(pp.text, { sourceFile: source, strictAliasing: flagFacts(c.parsed).strictAliasing });
  const identity = await compilerIdentity(cc, config.cacheDir);
  // The trial builds ask no shared store (tune deletes it from their environment): neither does their outlining here.
  const cache = openCache({ ...config, cacheDir, remoteStorage: '' });
  const outlining = outlineHotNests(original, await wholeVerdicts(job, original, provider, identity, cache));
  const tu = outlining?.work ?? original;
  const outlinedFrom = new Map((outlining?.nests ?? []).map((n) => [n.name, n.from]));
  const nestSpans = new Map((outlining?.nests ?? []).map((n) => [n.name, { start: n.start, end: n.end }]));
  return { job, tu, keyOf: functionKeyer(job, tu, provider, identity), outlinedFrom, original, nestSpans };
}

/** The provider's candidates for one function, plans applied; refusals are dropped with their reasons. */
export async function proposeCandidates(
  a: AnalysedSource,
  fn: FunctionInfo,
  provider: Exclude<ProviderChoice, { kind: 'unavailable' }>,
): Promise<{ candidates: Candidate[]; refused: string[]; requests: number }> {
  const { proposals, session } = await askProvider(a.tu, fn, a.job.config, provider, compileFlagsOf(a.job.parsed));
  const { candidates, refusals } = candidateMaker(a.tu, fn)(proposals);
  return { candidates, refused: refusals.map((r) => r.reason), requests: session?.requests ?? 0 };
}
