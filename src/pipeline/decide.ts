// Deciding one function that no cache entry covers: ask the provider, turn
// plans into candidates, and let verify judge them (and Polly).
import { declarationsFor } from '../analysis/index.js';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { VERDICT_FORMAT_VERSION, type CacheEntry } from '../core/cache-entry.js';
import type { Candidate, Proposal } from '../propose/index.js';
import { createOllamaSession, createOpenAISession, loopFindings, proposeBuiltin, type OllamaSession } from '../propose/index.js';
import { applyPlan } from '../rewrite/index.js';
import { verifyFunction } from '../verify/index.js';
import type { CandidateRecord, DecisionRecord, Verdict } from '../core/decision.js';
import type { SourceJob } from './job.js';
import { asksModel, type ProviderChoice } from './provider.js';

export interface DecideInput {
  job: SourceJob;
  tu: TranslationUnit;
  fn: FunctionInfo;
  key: string;
  codeFlags: string[];
  provider: Exclude<ProviderChoice, { kind: 'unavailable' }>;
}

export async function decideFunction(input: DecideInput): Promise<CacheEntry> {
  const { job, tu, fn, key, codeFlags, provider } = input;
  const { config } = job;
  const t0 = performance.now();
  let session: OllamaSession | undefined;
  let proposals: Proposal[] = [];
  if (provider.kind === 'builtin') proposals = proposeBuiltin(tu, fn);
  if (asksModel(provider)) {
    const facts = loopFindings(tu, fn).flatMap((f) => f.reasons.map((r) => `loop ${f.loop} (line ${f.line}): ${r}`));
    const input = { tu, fn, config, facts, declarations: declarationsFor(tu, fn) };
    session = provider.kind === 'openai' ? createOpenAISession(input) : createOllamaSession(input);
    proposals = await session.propose();
  }
  let serial = 0;
  const refused: CandidateRecord[] = [];
  const toCandidates = (ps: Proposal[]): Candidate[] =>
    ps.flatMap((p): Candidate[] => {
      if (p.form === 'none') return [];
      const id = `${p.origin.provider}-${++serial}`;
      if (p.form === 'code') return [{ id, origin: p.origin, form: 'code', text: p.code, rationale: p.rationale }];
      const applied = applyPlan(tu, fn, p.plan);
      if (applied.ok) return [{ id, origin: p.origin, form: 'plan', plan: p.plan, text: applied.text, rationale: p.rationale }];
      refused.push({ id, provider: p.origin.provider, model: p.origin.model, strategy: p.origin.strategy, form: 'plan', checks: [{ check: 'screen', ok: false, ms: 0, detail: `plan not applicable: ${applied.reason}` }] });
      return [];
    });
  const candidates = toCandidates(proposals);
  const result = await verifyFunction({
    tu,
    fn,
    candidates,
    cc: job.cc,
    codeFlags,
    config,
    onFailure: session ? async (c, failure) => toCandidates(await session!.feedback(c, `${failure.check}: ${failure.detail ?? 'failed'}`)) : undefined,
  });
  const noProposal = proposals.filter((p): p is Extract<Proposal, { form: 'none' }> => p.form === 'none').map((p) => p.reason);
  const record: DecisionRecord = {
    version: 1,
    time: new Date().toISOString(),
    source: job.source,
    function: fn.name,
    loopLines: fn.loops.map((l) => l.sourceLine),
    hotness: fn.hotness,
    key,
    provider: provider.kind,
    model: asksModel(provider) ? config.model : undefined,
    strategy: asksModel(provider) ? config.strategy : undefined,
    candidates: [...refused, ...result.candidates],
    verdict: result.verdict,
    reason: reasonFor(result.verdict, noProposal, provider),
    from: 'checked',
    ms: Math.round(performance.now() - t0),
    pollySpeedup: result.pollySpeedup,
    modelRequests: session?.requests ?? 0,
  };
  return { key, formatVersion: VERDICT_FORMAT_VERSION, verdict: result.verdict, record };
}

function reasonFor(v: Verdict, noProposal: string[], provider: DecideInput['provider']): string {
  const why = v.kind === 'candidate' ? `a ${provider.kind} candidate passed every check and is ${v.speedup.toFixed(2)}x faster` : v.kind === 'polly' ? `no candidate passed; Polly is ${v.speedup.toFixed(2)}x faster` : v.reason;
  const note = provider.kind === 'builtin' && provider.note ? ` (builtin because ${provider.note})` : '';
  return noProposal.length > 0 && v.kind !== 'candidate' ? `${why}; no proposal: ${noProposal.join('; ')}${note}` : `${why}${note}`;
}
