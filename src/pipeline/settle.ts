// Pending work settles by itself. A compile that leaves functions pending
// (a parallel make, a busy machine) queues its source (cache/pending-work.ts)
// and starts the settler: `slmcc --slmcc settle`, detached, at the lowest
// priority (nice 19), one per cache (a lock). The settler waits a short while
// for the machine to become quiet (the build that started it to end), then
// decides the queued sources one by one, exactly as a quiet
// SLMCC_RETRY_PENDING=1 build would, into the decision cache. It stops as
// soon as the machine is busy again or another slmcc compile starts deciding
// into the cache: the work stays queued, and the next build that leaves
// something pending starts it again. The next build then finds the verdicts
// (the outcomes stored with pending functions in them go stale:
// decide-source.ts, direct-store.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { breakIfStale, compilerIdentity, dropWork, forgetWork, listWork, noteSettled, queueWork, retryLater, tryAcquire, wasSettled } from '../cache/index.js';
import type { Config } from '../config/index.js';
import type { DecisionRecord } from '../core/decision.js';
import { othersInFlight } from '../shared/inflight.js';
import { pidAlive } from '../shared/pid-alive.js';
import type { SourceJob } from './job.js';
import { chooseProvider } from './provider.js';

export const settleLock = (cacheDir: string): string => path.join(cacheDir, 'pending-work', 'settle.lock');

/** Busy cores (all processes but this one's) below which the machine counts as quiet. */
export const QUIET_CORES = 0.5;
/** How long a settler waits for a quiet moment before it leaves the work to the next build's. */
const WAIT_FOR_QUIET_MS = 60_000;
/** Attempts after which a queued source waits for a build to queue it again. */
const MAX_ATTEMPTS = 5;

/** What the queue keeps of a job: all but the config, which the settler reads for itself. */
export type QueuedJob = Omit<SourceJob, 'config'> & { retryConfig: Partial<Config> };

/**
 * Queues a source whose records hold pending functions, and starts the
 * settler when none runs. Never throws: at worst the function waits for a
 * build to meet it again.
 */
export function queuePendingWork(job: SourceJob, records: readonly DecisionRecord[]): void {
  const reasons = records.filter((r) => r.verdict.kind === 'undecided').map((r) => `${r.function}: ${r.reason}`);
  if (job.config.mode !== 'full') return;
  const identity = workIdentity(job);
  if (identity === undefined) return;
  // A serial build decided what an earlier parallel one left: nothing waits any more.
  if (reasons.length === 0) return forgetWork(job.config.cacheDir, identity);
  const { config, ...rest } = job;
  const queued: QueuedJob = { ...rest, retryConfig: config };
  queueWork(config.cacheDir, identity, queued, job.source, reasons);
  startSettler(config);
}

/** Whether this source, command line and content were settled already (a compile that did not analyse it asks). */
export function settledBefore(job: SourceJob): boolean {
  const identity = workIdentity(job);
  return identity !== undefined && wasSettled(job.config.cacheDir, identity);
}

/** What one queued item stands for: the command line, and the source's bytes (an edit is new work). */
function workIdentity(job: SourceJob): string | undefined {
  try {
    const bytes = fs.readFileSync(path.resolve(job.cwd, job.source));
    return JSON.stringify([job.cwd, job.source, job.cc, job.parsed.flatMap((a) => a.tokens), createHash('sha256').update(bytes).digest('hex')]);
  } catch {
    return undefined;
  }
}

/** Starts `slmcc --slmcc settle` detached at nice 19, unless one runs, settling is off, or slmcc cannot name itself. */
export function startSettler(config: Config): void {
  // Only bin/slmcc says where it is: an slmcc embedded elsewhere (tests in-process) starts nothing.
  const self = process.env.SLMCC_SELF;
  if (!config.settle || !self || settlerRunning(config.cacheDir)) return;
  const env = { ...process.env };
  // Not a job of the make that started it: its own decisions are no parallel make's.
  for (const k of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'SLMCC_SELF']) delete env[k];
  try {
    const child = spawn('nice', ['-n', '19', self, '--slmcc', 'settle'], { detached: true, stdio: 'ignore', env, cwd: os.tmpdir() });
    child.on('error', () => {});
    child.unref();
  } catch {
    /* no nice, no fork: the next build tries again */
  }
}

/** The lock's owner, while it is alive. */
export function settlerRunning(cacheDir: string): number | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(settleLock(cacheDir), 'utf8')) as { pid: number; host: string };
    return owner.host === os.hostname() && pidAlive(owner.pid) ? owner.pid : undefined;
  } catch {
    return undefined;
  }
}

interface CpuSample {
  busy: number;
  self: number;
  at: number;
}

function sample(): CpuSample | undefined {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const u = process.cpuUsage();
    return { busy: (f[0] + f[1] + f[2] + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)) / 100, self: (u.user + u.system) / 1e6, at: performance.now() / 1000 };
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cores' worth of CPU that everything but this process used over `ms`; undefined without /proc. */
export async function othersBusyCores(ms = 1000): Promise<number | undefined> {
  const a = sample();
  await sleep(ms);
  const b = sample();
  if (!a || !b || b.at <= a.at) return undefined;
  return Math.max(0, (b.busy - a.busy - (b.self - a.self)) / (b.at - a.at));
}

/** Quiet: no other slmcc compile deciding into the cache, and the rest of the machine under QUIET_CORES. */
async function quiet(cacheDir: string): Promise<boolean> {
  if (othersInFlight(cacheDir)) return false;
  const busy = await othersBusyCores();
  return busy === undefined ? os.loadavg()[0] < QUIET_CORES : busy < QUIET_CORES;
}

export interface SettleOptions {
  /** Decide at once, without waiting for a quiet machine (the timing probe still judges its own runs). */
  now?: boolean;
  log?: (line: string) => void;
}

/** Decides the queued work of the cache in `config`; how many sources were settled. */
export async function settlePending(config: Config, opts: SettleOptions = {}): Promise<number> {
  const log = opts.log ?? (() => {});
  let lock = await tryAcquire(settleLock(config.cacheDir));
  // A settler that died (killed, the machine rebooted) leaves its lock behind.
  if (lock.kind === 'busy' && (await breakIfStale(settleLock(config.cacheDir)))) lock = await tryAcquire(settleLock(config.cacheDir));
  if (lock.kind !== 'held') {
    log('another settler is running');
    return 0;
  }
  let settled = 0;
  try {
    if (!opts.now) {
      const until = performance.now() + WAIT_FOR_QUIET_MS;
      while (!(await quiet(config.cacheDir))) {
        if (performance.now() > until) {
          log('the machine stayed busy: the work waits for the next build');
          return 0;
        }
        await sleep(2000);
      }
    }
    const { runPipeline } = await import('./run-pipeline.js');
    for (const work of listWork<QueuedJob>(config.cacheDir)) {
      if (work.attempts >= MAX_ATTEMPTS) continue;
      if (!opts.now && !(await quiet(config.cacheDir))) {
        log('the machine is busy again: stopping');
        break;
      }
      const { retryConfig, ...rest } = work.job;
      // The queued build's own settings, deciding what it left pending; never inside a make.
      const job: SourceJob = { ...rest, config: { ...config, ...retryConfig, retryPending: true, progress: false, verbose: false } };
      log(`${work.source}: deciding (${work.reasons.join('; ')})`);
      const provider = await chooseProvider(job.config);
      const identity = await compilerIdentity(job.cc, job.config.cacheDir);
      let records: readonly DecisionRecord[] = [];
      try {
        const result = await runPipeline(job, provider, identity);
        records = result.kind === 'kept' ? [] : result.records;
      } catch (e) {
        log(`${work.source}: ${(e as Error).message}`);
      }
      const still = records.filter((r) => r.verdict.kind === 'undecided');
      if (still.length === 0) {
        dropWork(config.cacheDir, work.id);
        settled++;
        log(`${work.source}: settled`);
      } else {
        retryLater(config.cacheDir, work.id);
        log(`${work.source}: still pending (${still.map((r) => `${r.function}: ${r.reason}`).join('; ')})`);
      }
      if (records.length > still.length) noteSettled(config.cacheDir);
    }
  } finally {
    await lock.lock.release();
  }
  return settled;
}
