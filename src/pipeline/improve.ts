// One source: the direct-mode cache first (a whole object, found from the
// command line and the files it read), else the pipeline, whose outcome is
// stored there once every verdict in it is final.
import fs from 'node:fs';
import path from 'node:path';
import { compilerIdentity, directKey, getObject, inputsOf, openCache, putObject, type ObjectOutcome } from '../cache/index.js';
import type { Improvement, SourceJob } from './index.js';
import { logDecision } from './log.js';
import { chooseProvider, keyProviderFor } from './provider.js';

export async function improve(job: SourceJob): Promise<Improvement | undefined> {
  const { config } = job;
  const provider = await chooseProvider(config);
  const identity = await compilerIdentity(job.cc, config.cacheDir);
  let key: string | undefined;
  // A retry of pending functions must reach the pipeline: their objects stand in direct mode.
  if (provider.kind !== 'unavailable') {
    key = directKey({
      compilerIdentity: identity,
      args: job.parsed.flatMap((a) => a.tokens),
      cwd: job.cwd,
      source: job.source,
      sourceBytes: readSource(job),
      env: process.env,
      decisions: [keyProviderFor(config, provider), config.maxFunctions],
    });
    const found = config.retryPending ? ({ kind: 'miss' } as const) : await getObject(config.cacheDir, key, job.cwd);
    if (found.kind === 'hit') {
      const cache = openCache(config);
      cache.bump('objectHits');
      for (const r of found.entry.records) {
        logDecision(config, job.source, r, 'cache', 0);
        cache.bump('hits');
        cache.bump('msSaved', r.ms);
      }
      await cache.flush();
      return found.entry.outcome.kind === 'object' ? { kind: 'object', bytes: found.entry.outcome.bytes } : undefined;
    }
  }

  const { runPipeline } = await import('./run-pipeline.js');
  const result = await runPipeline(job, provider, identity);
  if (!result) return undefined;
  const remember = async (outcome: ObjectOutcome) => {
    if (!key || !result.final) return;
    const inputs = await inputsOf(result.preprocessed, job.cwd);
    if (inputs) await putObject(config.cacheDir, config.cacheSize, key, { inputs, records: result.records, outcome });
  };
  if (!result.unit) {
    await remember({ kind: 'original' });
    return undefined;
  }
  return { kind: 'unit', unit: result.unit, remember: (bytes) => remember({ kind: 'object', bytes }) };
}

function readSource(job: SourceJob): Buffer {
  return fs.readFileSync(path.resolve(job.cwd, job.source));
}
