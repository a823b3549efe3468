// Deciding one function that no cache entry covers: ask the provider, turn
// plans into candidates, and let verify judge them (and Polly).
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { ANALYSIS_LIMITS, WorkBudget, allLoops, withBudget } from '../analysis/index.js';
import { VERDICT_FORMAT_VERSION, type CacheEntry } from '../core/cache-entry.js';
import { ioCalls, verifyFunction } from '../verify/index.js';
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

/**
 * The analysis and the proposals for one function run under one work budget
 * (analysis/budget.ts): past it, the function keeps its code, with the budget
 * named in the reason, and nothing is built or run for it. The checks get a
 * budget of their own: the claim check repeats the dependence test on each
 * candidate and walks clang's AST of both functions, about as much work again.
 */
export async function decideFunction(input: DecideInput): Promise<CacheEntry> {
  const budget = new WorkBudget(ANALYSIS_LIMITS, `the analysis of ${input.fn.name}`);
  return withBudget(budget, () => decideWithin(input, budget));
}

async function decideWithin(input: DecideInput, budget: WorkBudget): Promise<CacheEntry> {
  const { job, tu, fn, key, codeFlags, provider } = input;
  const { config } = job;
  const t0 = performance.now();
  const { proposals, session } = await askProvider(tu, fn, config, provider, codeFlags);
  if (budget.exceeded) return overBudget(input, budget, performance.now() - t0);
  const make = candidateMaker(tu, fn);
  const refused: CandidateRecord[] = [];
  // A proposal of nothing says why in the reason; a plan that does not apply is a refused candidate.
  const toCandidates = (ps: typeof proposals) => {
    const made = make(ps);
    refused.push(...made.refusals.flatMap((r) => (r.form === 'plan' ? [refusedRecord(r)] : [])));
    return made.candidates;
  };
  const candidates = toCandidates(proposals);
  const inOrder = !candidates.length && !refused.length ? everyLoopDoesIo(fn) : undefined;
  if (inOrder)
    return unbuilt(
      input,
      { kind: 'original', reason: `every loop calls ${inOrder} in order: nothing was proposed, and Polly parallelises no loop with I/O; nothing was built or run for it` },
      performance.now() - t0,
      session?.requests ?? 0,
      'checked',
    );
  const checks = new WorkBudget(ANALYSIS_LIMITS, `the claim check of ${fn.name}`);
  const result = await withBudget(checks, () =>
    verifyFunction({
      tu,
      fn,
      candidates,
      cc: job.cc,
      codeFlags,
      config,
      onFailure: session ? async (c, failure) => toCandidates(await session.feedback(c, `${failure.check}: ${failure.detail ?? 'failed'}`)) : undefined,
    }),
  );
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

/**
 * The I/O call every loop of `fn` makes (the first, by name), when each one
 * makes one: no such loop can run in parallel and keep its output's order,
 * so a function of only such loops has nothing for the harness to judge.
 */
function everyLoopDoesIo(fn: FunctionInfo): string | undefined {
  const loops = allLoops(fn.loops);
  const io = loops.map((l) => ioCalls(l.calls)[0]);
  return loops.length && io.every(Boolean) ? io[0] : undefined;
}

/** An entry whose verdict was reached without building or running anything. */
function unbuilt(input: DecideInput, verdict: Extract<Verdict, { reason: string }>, ms: number, modelRequests: number, from?: 'checked'): CacheEntry {
  const { job, fn, key, provider } = input;
  const record = makeRecord(job.source, fn, {
    key,
    provider: provider.kind,
    model: asksModel(provider) ? job.config.model : undefined,
    strategy: asksModel(provider) ? job.config.strategy : undefined,
    verdict,
    reason: verdict.reason,
    from,
    ms: Math.round(ms),
    modelRequests,
  });
  return { key, formatVersion: VERDICT_FORMAT_VERSION, verdict, record };
}

/**
 * The function keeps its code. A stop by the step count is what any machine
 * reaches: a final verdict, stored. A stop by the CPU backstop may not be
 * reached on a quieter machine: undecided, so a later build tries again.
 */
function overBudget(input: DecideInput, budget: WorkBudget, ms: number): CacheEntry {
  const reason = `kept the original: ${budget.exceeded!.why}, so nothing was proposed, built or run for it`;
  return unbuilt(input, budget.byClock ? { kind: 'undecided', reason } : { kind: 'original', reason }, ms, 0);
}

function refusedRecord(r: Extract<Refusal, { form: 'plan' }>): CandidateRecord {
  const { id, origin } = r;
  return { id, provider: origin.provider, model: origin.model, strategy: origin.strategy, form: 'plan', checks: [{ check: 'screen', ok: false, ms: 0, detail: r.reason }] };
}

function reasonFor(v: Verdict, noProposal: string[], provider: DecideInput['provider']): string {
  const why =
    v.kind === 'candidate'
      ? `a ${provider.kind} candidate passed every check and is ${v.speedup.toFixed(2)}x faster`
      : v.kind === 'polly'
        ? `Polly is ${v.speedup.toFixed(2)}x faster than the original, and no candidate beat it`
        : v.reason;
  const note = provider.kind === 'builtin' && provider.note ? ` (builtin because ${provider.note})` : '';
  return noProposal.length > 0 && v.kind !== 'candidate' ? `${why}; no proposal: ${noProposal.join('; ')}${note}` : `${why}${note}`;
}
