// Deciding one function that no cache entry covers: ask the provider, turn
// plans into candidates, and let verify judge them (and Polly).
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { VERDICT_FORMAT_VERSION, type CacheEntry } from '../core/cache-entry.js';
import { verifyFunction } from '../verify/index.js';
import { makeRecord, type CandidateRecord, type Verdict } from '../core/decision.js';
import { askProvider, candidateMaker, type Refusal } from './candidates.js';
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
  const { proposals, session } = await askProvider(tu, fn, config, provider, codeFlags);
  const make = candidateMaker(tu, fn);
  const refused: CandidateRecord[] = [];
  // A proposal of nothing says why in the reason; a plan that does not apply is a refused candidate.
  const toCandidates = (ps: typeof proposals) => {
    const made = make(ps);
    refused.push(...made.refusals.flatMap((r) => (r.form === 'plan' ? [refusedRecord(r)] : [])));
    return made.candidates;
  };
  const candidates = toCandidates(proposals);
  const result = await verifyFunction({
    tu,
    fn,
    candidates,
    cc: job.cc,
    codeFlags,
    config,
    onFailure: session ? async (c, failure) => toCandidates(await session.feedback(c, `${failure.check}: ${failure.detail ?? 'failed'}`)) : undefined,
  });
  const noProposal = proposals.flatMap((p) => (p.form === 'none' ? [p.reason] : []));
  const record = makeRecord(job.source, fn, {
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
  });
  return { key, formatVersion: VERDICT_FORMAT_VERSION, verdict: result.verdict, record };
}

function refusedRecord(r: Extract<Refusal, { form: 'plan' }>): CandidateRecord {
  const { id, origin } = r;
  return { id, provider: origin.provider, model: origin.model, strategy: origin.strategy, form: 'plan', checks: [{ check: 'screen', ok: false, ms: 0, detail: r.reason }] };
}

function reasonFor(v: Verdict, noProposal: string[], provider: DecideInput['provider']): string {
  const why = v.kind === 'candidate' ? `a ${provider.kind} candidate passed every check and is ${v.speedup.toFixed(2)}x faster` : v.kind === 'polly' ? `Polly is ${v.speedup.toFixed(2)}x faster than the original, and no candidate beat it` : v.reason;
  const note = provider.kind === 'builtin' && provider.note ? ` (builtin because ${provider.note})` : '';
  return noProposal.length > 0 && v.kind !== 'candidate' ? `${why}; no proposal: ${noProposal.join('; ')}${note}` : `${why}${note}`;
}
