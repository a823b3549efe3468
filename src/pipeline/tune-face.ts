// What tune needs of the compile path: the same jobs, keys and candidates a
// compile would use, so that a verdict judged on a workload is found by a
// plain `CC=slmcc` build. Kept apart from what a compile loads.
import { analyze } from '../analysis/index.js';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { compilerIdentity } from '../cache/index.js';
import type { Config } from '../config/index.js';
import { classify, preprocess, preprocessFlags } from '../driver/index.js';
import type { Candidate, Proposal } from '../propose/index.js';
import { createOllamaSession, createOpenAISession, proposeBuiltin, loopFindings } from '../propose/index.js';
import { declarationsFor } from '../analysis/index.js';
import { applyPlan } from '../rewrite/index.js';
import type { SourceJob } from './job.js';
import { asksModel, chooseProvider, type ProviderChoice } from './provider.js';
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
  const { tu, job } = a;
  let proposals: Proposal[] = [];
  let requests = 0;
  if (provider.kind === 'builtin' || provider.kind === 'polly') proposals = provider.kind === 'builtin' ? proposeBuiltin(tu, fn) : [];
  if (asksModel(provider)) {
    const facts = loopFindings(tu, fn).flatMap((f) => f.reasons.map((r) => `loop ${f.loop} (line ${f.line}): ${r}`));
    const input = { tu, fn, config: job.config, facts, declarations: declarationsFor(tu, fn) };
    const session = provider.kind === 'openai' ? createOpenAISession(input) : createOllamaSession(input);
    proposals = await session.propose();
    requests = session.requests;
  }
  const candidates: Candidate[] = [];
  const refused: string[] = [];
  let serial = 0;
  for (const p of proposals) {
    if (p.form === 'none') {
      refused.push(p.reason);
      continue;
    }
    const id = `${p.origin.provider}-${++serial}`;
    if (p.form === 'code') {
      candidates.push({ id, origin: p.origin, form: 'code', text: p.code, rationale: p.rationale });
      continue;
    }
    const applied = applyPlan(tu, fn, p.plan);
    if (applied.ok) candidates.push({ id, origin: p.origin, form: 'plan', plan: p.plan, text: applied.text, rationale: p.rationale });
    else refused.push(`plan not applicable: ${applied.reason}`);
  }
  return { candidates, refused, requests };
}
