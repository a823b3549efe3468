// The compile path after the user's own compile succeeded: analysis → cache →
// propose → rewrite → verify, for each hot function, and the rewritten unit
// that the driver compiles in place of the user's object. Only this module
// knows every part; each part is reached through its index.
import { analyze, callersOf, declarationsFor, notWorthDeciding, pickHot, withSameFileCallees } from '../analysis/index.js';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { cacheKey, clearPending, isSticky, markPending, openCache, readPending, type CacheEntry, type DecisionCache } from '../cache/index.js';
import { DEFAULT_TOLERANCE, type Config } from '../config/index.js';
import { codeFlagsOf, compileFlagsOf, flagFacts, inlinedCalls, preprocess, preprocessFlags, type RewrittenUnit } from '../driver/index.js';
import { pollyInUnit, spliceFunctions } from '../rewrite/index.js';
import { makeRecord, type DecisionRecord, type Verdict } from '../core/decision.js';
import { kept, type Kept } from '../core/outcome.js';
import { ioCalls, unverifiable } from '../verify/index.js';
import type { SourceJob } from './job.js';
import { keyProviderFor, type ProviderChoice } from './provider.js';
import { decideFunction } from './decide.js';
import { outlineHotNests, unitToShip, wholeFunctionBarrier } from './outlining.js';
import { logDecision } from './log.js';
import { othersInFlight, startInFlight } from '../shared/inflight.js';
import { inParallelMake } from '../shared/parallel-make.js';

export interface PipelineResult {
  kind: 'decided';
  /** The translation unit to compile in place of the user's, when a verdict changed the code. */
  unit?: RewrittenUnit;
  /** The -E output analysis read: its line markers name every file the compile depends on. */
  preprocessed: string;
  /** Each hot function's stored decision record. */
  records: DecisionRecord[];
  /** Where the outcome is what any later build would reach (see Finality). */
  final: Finality;
}

/**
 * `always`: every hot function has a stored verdict or is pending for good.
 * `parallel`: some wait for a serial build (none is decided inside a parallel
 * make), so only another parallel make may reuse the outcome. `none`: some are
 * still being retried.
 */
export type Finality = 'always' | 'parallel' | 'none';

/**
 * `provider` is settled once per source by the caller (and, for Ollama, a
 * down server is remembered across processes), never per function. cache-only
 * asks no model, but looks verdicts up under the provider a full build would use.
 */
export async function runPipeline(job: SourceJob, provider: ProviderChoice, identity: string): Promise<PipelineResult | Kept> {
  const { config } = job;
  const pp = await preprocess(job.cc, preprocessFlags(job.parsed), job.source, job.cwd);
  if (!pp.ok) return kept('preprocess failed');
  const original = analyze(pp.text, { sourceFile: job.source, strictAliasing: flagFacts(job.parsed).strictAliasing });
  // One cache for the call: the shared store is reached (and counted) through one connection.
  const cache = openCache(config);
  const outlining = provider.kind === 'unavailable' ? undefined : outlineHotNests(original, await wholeVerdicts(job, original, provider, identity, cache));
  // What is judged: the unit with hot nests outlined (pipeline/outlining.ts).
  const tu = outlining?.work ?? original;
  // A function that prints, or that the harness can never call (main), goes
  // after the others: `print_array` and `check_result` sit beside every
  // benchmark kernel and must not take a kernel's SLMCC_MAX_FUNCTIONS place.
  const ranked = pickHot(tu, Number.MAX_SAFE_INTEGER);
  const picked = [...ranked.filter((f) => !rankedLast(f)), ...ranked.filter(rankedLast)].slice(0, config.maxFunctions);
  const hot = picked.filter((f) => !notWorthDeciding(f));
  // Functions the static estimate does not pick, or that cannot pay for a
  // harness, may still hold a verdict a workload judged (tune): looked up,
  // never decided here.
  const lookupOnly = tu.functions.filter((f) => f.loops.length > 0 && !hot.includes(f));
  const result: PipelineResult = { kind: 'decided', preprocessed: pp.text, records: [], final: 'always' };
  if (hot.length === 0 && lookupOnly.length === 0) {
    await cache.flush();
    return result;
  }

  const codeFlags = compileFlagsOf(job.parsed);
  if (provider.kind === 'unavailable') {
    for (const fn of picked) logUnavailable(config, job.source, fn, provider.reason);
    return kept('no provider', provider.reason);
  }
  const keyOf = functionKeyer(job, tu, provider, identity);

  const replacements: { fn: FunctionInfo; text: string }[] = [];
  const pollyNames: string[] = [];
  // Functions judged (or waiting) to keep their own code: Polly must not reach
  // them through a caller (rewrite/polly-unit.ts). main and printing functions
  // are never judged, so nothing was measured against Polly for them.
  const ownCode: string[] = [];
  for (const fn of lookupOnly) {
    const key = keyOf(fn);
    const hit = await cache.get(key);
    if (hit && (hit.verdict.kind === 'candidate' || hit.verdict.kind === 'polly')) {
      cache.bump('hits');
      logDecision(config, job.source, hit.record, 'cache', 0);
      result.records.push(hit.record);
      if (hit.verdict.kind === 'candidate') replacements.push({ fn, text: hit.verdict.text });
      else pollyNames.push(fn.name);
    } else {
      if (hit || picked.includes(fn)) ownCode.push(fn.name);
      if (!hit && picked.includes(fn))
        logRecord(config, job.source, fn, key, { kind: 'original', reason: `not decided at compile time: ${notWorthDeciding(fn)}; slmcc --slmcc tune judges it on a workload` });
    }
  }
  for (const fn of hot) {
    const key = keyOf(fn);
    const t0 = performance.now();
    const offline = provider.kind === 'ollama' ? provider.offline : undefined;
    const note = outlining?.notes.get(fn.name);
    const entry = await lookupOrDecide(cache, key, offline ? { ...config, mode: 'cache-only' } : config, job.source, fn, () =>
      decideFunction({ job, tu, fn, key, codeFlags, provider }).then((e) => (note ? withNote(e, note) : e)),
    );
    if (!entry && offline) logUnavailable(config, job.source, fn, `no verdict decided with ${config.model} yet, and ${offline}: nothing new is decided while the server is down`, key);
    // A function left pending for good keeps its original code until a quiet
    // build decides it, so the object stands (direct mode may keep it;
    // SLMCC_RETRY_PENDING bypasses direct mode). One still being retried is
    // undecided: not final.
    if (!neverDriven(fn) && (!entry || 'pending' in entry || (entry.verdict.kind !== 'candidate' && entry.verdict.kind !== 'polly'))) ownCode.push(fn.name);
    if (entry && 'pending' in entry) {
      // A direct-mode hit replays the decisions behind the object, this one too.
      result.records.push(entry.pending);
      if (entry.untilSerial && result.final === 'always') result.final = 'parallel';
      continue;
    }
    if (!entry || entry.verdict.kind === 'undecided') result.final = 'none';
    if (!entry) continue;
    const verdict = entry.verdict;
    logDecision(config, job.source, entry.record, entry.from, performance.now() - t0);
    result.records.push(entry.record);
    if (verdict.kind === 'candidate') replacements.push({ fn, text: verdict.text });
    if (verdict.kind === 'polly') pollyNames.push(fn.name);
  }
  await cache.flush();
  if (replacements.length > 0 || pollyNames.length > 0) {
    // Outlining ships only with a verdict on what was outlined; else the unit is the user's own.
    const base = unitToShip(original, outlining, [...replacements.map((r) => r.fn.name), ...pollyNames]);
    const placed = replacements.map((r) => ({ fn: base.functions.find((f) => f.name === r.fn.name && f.text === r.fn.text), text: r.text }));
    if (placed.every((r) => r.fn)) result.unit = await buildUnit(job, base, placed as { fn: FunctionInfo; text: string }[], pollyNames, ownCode);
  }
  return result;
}

/**
 * Functions a stored verdict already covers as written (a workload verdict
 * from tune): their nests stay where they are, so the verdict still applies.
 */
export async function wholeVerdicts(job: SourceJob, tu: TranslationUnit, provider: Exclude<ProviderChoice, { kind: 'unavailable' }>, identity: string, cache: DecisionCache): Promise<Set<string>> {
  const out = new Set<string>();
  const keyOf = functionKeyer(job, tu, provider, identity);
  for (const fn of tu.functions) {
    if (fn.loops.length === 0 || !wholeFunctionBarrier(tu, fn)) continue;
    const hit = await cache.get(keyOf(fn));
    if (hit && (hit.verdict.kind === 'candidate' || hit.verdict.kind === 'polly')) out.add(fn.name);
  }
  return out;
}

/** The record says what became of the function's hot nests (judged by themselves, or why not). */
function withNote(entry: CacheEntry, note: string): CacheEntry {
  const reason = `${entry.record.reason}; ${note}`;
  const verdict = 'reason' in entry.verdict ? { ...entry.verdict, reason: `${entry.verdict.reason}; ${note}` } : entry.verdict;
  return { ...entry, verdict, record: { ...entry.record, reason, verdict } };
}

/**
 * The cache key of each function of a unit: everything that can change its
 * verdict (see DESIGN.md). Tune computes the same keys to store the verdicts
 * a workload judged.
 */
export function functionKeyer(job: SourceJob, tu: TranslationUnit, provider: Exclude<ProviderChoice, { kind: 'unavailable' }>, identity: string): (fn: FunctionInfo) => string {
  // Macros (-D, -U) are not in the key: they act only through the
  // preprocessed text, which is (as ccache's preprocessor mode hashes the
  // preprocessor's output, not its -D flags).
  const keyFlags = codeFlagsOf(job.parsed);
  const facts = flagFacts(job.parsed);
  // The default target is in the compiler identity (its --version output).
  const target = facts.target ?? 'default';
  const keyProvider = keyProviderFor(job.config, provider);
  // Once per function of the unit: a long chain of callers would otherwise
  // walk the same callees' declarations again for every key (quadratic).
  const decls = new Map<FunctionInfo, string>();
  const declarationsOf = (f: FunctionInfo) => {
    let d = decls.get(f);
    if (d === undefined) decls.set(f, (d = declarationsFor(tu, f)));
    return d;
  };
  return (fn) => {
    // What the function calls in this unit decides its verdict as much as its
    // own text (the dependence test reads a callee's effects): a helper that
    // starts writing a global must not find the parallel verdict of before.
    const callees = withSameFileCallees(tu, fn).slice(1);
    return cacheKey({
      functionText: fn.text,
      callees: callees.map((c) => c.text).join('\n'),
      declarations: [fn, ...callees].map(declarationsOf).join('\n'),
      compilerIdentity: identity,
      codeFlags: keyFlags,
      target,
      provider: keyProvider.name,
      model: keyProvider.model,
      modelDigest: keyProvider.digest,
      strategy: keyProvider.strategy,
      reply: keyProvider.reply,
      tolerance: job.config.tolerance === DEFAULT_TOLERANCE ? undefined : job.config.tolerance,
      evidence: job.config.evidence === 'tested' ? undefined : job.config.evidence,
      reassociate: job.config.reassociate || undefined,
    });
  };
}

/** A cached verdict, or (in full and polly modes) one decided now under single flight. */
async function lookupOrDecide(
  cache: DecisionCache,
  key: string,
  config: Config,
  source: string,
  fn: FunctionInfo,
  decide: () => Promise<CacheEntry | undefined>,
): Promise<(CacheEntry & { from: 'cache' | 'checked' }) | { pending: DecisionRecord; untilSerial?: boolean } | undefined> {
  const hit = await cache.get(key);
  if (hit) {
    cache.bump('hits');
    cache.bump('msSaved', hit.record.ms);
    return { ...hit, from: 'cache' };
  }
  cache.bump('misses');
  if (config.mode === 'cache-only') return undefined;
  const pending = config.retryPending ? undefined : readPending(cache.dir, key);
  if (pending && isSticky(pending)) {
    cache.bump('pendingKept');
    return {
      pending: logPending(config, source, fn, key, `pending since ${pending.since}: ${pending.reason}; settled in the background once the machine is quiet, or by a build with SLMCC_RETRY_PENDING=1`),
    };
  }
  // Inside a parallel make no timing is honest and every harness build slows
  // the build the user waits for: nothing is decided there. The function
  // keeps its original code until a serial build (make -j1, a warm-up, tune)
  // decides it; the next parallel make reuses this outcome as it is.
  if (!config.retryPending && inParallelMake()) {
    cache.bump('pendingParallel');
    return {
      pending: logPending(
        config,
        source,
        fn,
        key,
        'not decided inside a parallel make, where no timing is honest; settled in the background once the machine is quiet, or by the next serial build (make -j1)',
      ),
      untilSerial: true,
    };
  }
  let decidedHere = false;
  let skipped: string | undefined;
  const entry = await cache.singleFlight(key, async () => {
    // Another compile checking and timing at the same time (a parallel
    // build) would make this one's timing dishonest and its own checks slow
    // the other's: leave the function pending instead of paying for nothing.
    if (!config.retryPending && othersInFlight(config.cacheDir)) {
      skipped = 'another slmcc compile was deciding at the same time (a parallel build)';
      return undefined;
    }
    decidedHere = true;
    const flight = startInFlight(config.cacheDir, source, fn.name);
    if (config.progress) process.stderr.write(`slmcc: ${source}: ${fn.name}: deciding\n`);
    try {
      const decided = await decide();
      if (decided) countDecision(cache, decided);
      if (decided?.verdict.kind === 'undecided') {
        // Inside `make -jN` the other jobs are the load: trying again next build would meet them again.
        markPending(cache.dir, key, decided.verdict.reason, { sticky: inParallelMake() });
        cache.bump('pending');
      } else if (decided) clearPending(cache.dir, key);
      if (config.progress) process.stderr.write(`slmcc: ${source}: ${fn.name}: ${decided ? decided.verdict.kind : 'not decided'}\n`);
      return decided;
    } finally {
      flight.done();
    }
  });
  if (skipped) {
    markPending(cache.dir, key, skipped, { sticky: true });
    cache.bump('pending');
    return { pending: logPending(config, source, fn, key, `pending: ${skipped}; settled in the background once the machine is quiet, or by a build with SLMCC_RETRY_PENDING=1`) };
  }
  return entry ? { ...entry, from: decidedHere ? 'checked' : 'cache' } : undefined;
}

/** Printing functions, even those the harness can compare by their output, come after the kernels. */
const rankedLast = (fn: FunctionInfo): boolean => neverDriven(fn) || ioCalls(fn.calls).length > 0;

function neverDriven(fn: FunctionInfo): boolean {
  const why = unverifiable(fn)?.why;
  return why === 'io' || why === 'main';
}

/** Logs (and returns) the record of a function nothing was checked for: skipped, pending, or no provider. */
function logRecord(config: Config, source: string, fn: FunctionInfo, key: string, verdict: Extract<Verdict, { reason: string }>, extra: Partial<DecisionRecord> = {}): DecisionRecord {
  const record = makeRecord(source, fn, { key, provider: config.provider, verdict, ...extra });
  logDecision(config, source, record, 'checked', 0);
  return record;
}

const logPending = (config: Config, source: string, fn: FunctionInfo, key: string, reason: string) => logRecord(config, source, fn, key, { kind: 'undecided', reason });

function countDecision(cache: DecisionCache, entry: CacheEntry): void {
  const { verdict, record } = entry;
  cache.bump(verdict.kind === 'candidate' ? 'accepted' : verdict.kind);
  cache.bump('msSpent', record.ms);
  if (record.modelRequests) cache.bump('modelRequests', record.modelRequests);
  for (const c of record.candidates) {
    const failed = c.checks.find((k) => !k.ok);
    if (failed) cache.bump(`rejected:${failed.check}`);
  }
}

function logUnavailable(config: Config, source: string, fn: FunctionInfo, reason: string, key = ''): void {
  logRecord(config, source, fn, key, { kind: 'undecided', reason }, { time: '', model: config.model, strategy: config.strategy });
}

async function buildUnit(job: SourceJob, tu: TranslationUnit, replacements: { fn: FunctionInfo; text: string }[], pollyNames: string[], ownCode: string[]): Promise<RewrittenUnit> {
  const main = replacements.length > 0 ? spliceFunctions(tu, replacements) : tu.text;
  if (pollyNames.length === 0) return { main };
  // Polly only for the functions it helped, in the unit (rewrite/polly-unit.ts).
  const again = replacements.length > 0 ? analyze(main, { sourceFile: job.source, strictAliasing: tu.strictAliasing }) : tu;
  const fns = again.functions.filter((f) => pollyNames.includes(f.name));
  if (fns.length === 0) return { main };
  const rewritten = replacements.map((r) => r.fn.name);
  return pollyInUnit(again, fns, { keepOwnCode: ownCode, rewritten, meltedBefore: await meltedOriginals(job, tu, rewritten) });
}

/**
 * The rewritten static functions whose originals the compiler inlined into
 * every caller: asked of the compiler (one more compile of the original
 * unit) only when a rewritten static function has a caller in the unit.
 */
async function meltedOriginals(job: SourceJob, tu: TranslationUnit, rewritten: string[]): Promise<string[]> {
  const maybe = tu.functions
    .filter((f) => f.isStatic && rewritten.includes(f.name))
    .map((f) => ({ name: f.name, callers: callersOf(tu, f.name) }))
    .filter((f) => f.callers.length > 0);
  if (maybe.length === 0) return [];
  const inlined = await inlinedCalls(job.cc, compileFlagsOf(job.parsed), tu.text, job.cwd);
  return maybe.filter((f) => f.callers.every((caller) => inlined.some((c) => c.callee === f.name && c.caller === caller.name))).map((f) => f.name);
}
