// One source: the direct-mode cache first (a whole object, found from the
// command line and the files it read), else the pipeline. The outcome is
// data: a stored object, or a rewritten unit for the driver to compile and
// place, with what the cache needs to store the object once it is placed.
// An outcome that keeps the user's object is stored at once (nothing to place).
import fs from 'node:fs';
import path from 'node:path';
import { compilerIdentity, currentGeneration, directKey, getObject, hasVerdictFor, openCache } from '../cache/index.js';
import { makeRecord, WHOLE_SOURCE, type DecisionRecord } from '../core/decision.js';
import { kept, type Kept } from '../core/outcome.js';
import type { RewrittenUnit } from '../driver/index.js';
import { inParallelMake } from '../shared/parallel-make.js';
import { storeOutcome, writeShellEntry, type DirectStore } from './direct-store.js';
import type { SourceJob } from './job.js';
import { logDecision } from './log.js';
import { queuePendingWork, settledBefore } from './settle.js';
import { chooseProvider, keyProviderFor } from './provider.js';
import type { Finality } from './run-pipeline.js';

/**
 * What replaces the user's object: one an earlier build compiled from the
 * same inputs, or a unit to compile, whose object goes into the direct-mode
 * cache (`store`, absent when the outcome is not final) once it is placed;
 * or nothing, for a named reason.
 */
export type SourceOutcome = { kind: 'object'; bytes: Buffer } | { kind: 'unit'; unit: RewrittenUnit; store?: DirectStore } | Kept;

export async function decideSource(job: SourceJob): Promise<SourceOutcome> {
  const { config } = job;
  if (await nothingToFind(job)) return kept('nothing to find in a parallel make');
  const provider = await chooseProvider(config);
  const identity = await compilerIdentity(job.cc, config.cacheDir);
  const parallel = inParallelMake();
  let keyFor: ((finality: Exclude<Finality, 'none'>) => string) | undefined;
  // A retry of pending functions must reach the pipeline: their objects stand in direct mode.
  if (provider.kind !== 'unavailable') {
    const base = {
      compilerIdentity: identity,
      args: job.parsed.flatMap((a) => a.tokens),
      cwd: job.cwd,
      source: job.source,
      sourceBytes: readSource(job),
      env: process.env,
    };
    // An outcome final only inside a parallel make (its functions wait for a
    // serial build) is keyed apart, so a serial build never finds it.
    keyFor = (finality) => directKey({ ...base, decisions: [keyProviderFor(config, provider), config.maxFunctions, ...(finality === 'parallel' ? ['parallel-make'] : [])] });
    const tries = config.retryPending ? [] : parallel ? (['always', 'parallel'] as const) : (['always'] as const);
    for (const finality of tries) {
      const found = await getObject(config.cacheDir, keyFor(finality), job.cwd);
      if (found.kind !== 'hit') continue;
      const cache = openCache(config);
      // Functions pending when it was stored that the settler decided since: decide the source again.
      if (await settledSince(found.entry.records, cache)) continue;
      queuePendingWork(job, found.entry.records);
      cache.bump('objectHits');
      for (const r of found.entry.records) {
        logDecision(config, job.source, r, 'cache', 0);
        cache.bump('hits');
        cache.bump('msSaved', r.ms);
      }
      await cache.flush();
      const { outcome } = found.entry;
      await writeShellEntry(job, provider, finality, found.entry.inputs, outcome.kind === 'object' ? outcome.bytes : undefined);
      return outcome.kind === 'object' ? { kind: 'object', bytes: outcome.bytes } : kept('no verdict changes the code');
    }
  }

  const { runPipeline } = await import('./run-pipeline.js');
  const result = await runPipeline(job, provider, identity);
  if (result.kind === 'kept') return result;
  queuePendingWork(job, result.records);
  const store: DirectStore | undefined =
    keyFor && result.final !== 'none' ? { job, provider, finality: result.final, key: keyFor(result.final), preprocessed: result.preprocessed, records: result.records } : undefined;
  if (!result.unit) {
    if (store) await storeOutcome(store, { kind: 'original' });
    return kept('no verdict changes the code');
  }
  return { kind: 'unit', unit: result.unit, store };
}

/**
 * Inside a parallel make nothing is decided, so a source with no candidate
 * or Polly verdict anywhere in the cache (and no shared store to ask) can
 * only keep the user's object: no -E, no parse, no lookup. bin/slmcc then
 * answers the next such compile itself, for as long as the verdict
 * generation it was judged under holds (cache/verdict-sources.ts).
 */
async function nothingToFind(job: SourceJob): Promise<boolean> {
  const { config } = job;
  if (!inParallelMake() || config.retryPending || config.remoteStorage !== '' || (config.mode !== 'full' && config.mode !== 'cache-only')) return false;
  // Hashed before the judgement: a verdict stored meanwhile makes the entry stale, never wrong.
  const generation = currentGeneration(config.cacheDir);
  if (!generation) return false;
  if (hasVerdictFor(config.cacheDir, job.source)) return false;
  await writeShellEntry(job, undefined, 'parallel', [], undefined, [[generation.file, generation.hash]]);
  // Not analysed, so its functions are unknown: the source is what waits, unless the settler decided it already.
  if (settledBefore(job)) return true;
  const reason = 'not decided inside a parallel make, where no timing is honest; settled in the background once the machine is quiet';
  const record = makeRecord(job.source, { name: WHOLE_SOURCE, loops: [], hotness: 0 }, { key: '', provider: config.provider, verdict: { kind: 'undecided', reason } });
  logDecision(config, job.source, record, 'checked', 0);
  queuePendingWork(job, [record]);
  return true;
}

/** Whether a function pending in these stored records has a verdict in the decision cache now. */
async function settledSince(records: readonly DecisionRecord[], cache: ReturnType<typeof openCache>): Promise<boolean> {
  for (const r of records) if (r.verdict.kind === 'undecided' && r.key && (await cache.get(r.key))) return true;
  return false;
}

function readSource(job: SourceJob): Buffer {
  return fs.readFileSync(path.resolve(job.cwd, job.source));
}
