// Compiles that left functions pending, waiting to be settled in the
// background (pipeline/settle.ts): one small file per source and command
// line under the cache root, holding what deciding it needs (the source job)
// and why it waits. A compile that leaves something pending writes it; the
// settler decides it once the machine is quiet and removes it; `status`
// lists it. A lost or unreadable file only means the function waits for the
// next build that meets it.
//
// The settled file changes whenever the settler decided something: outcomes
// stored with pending functions in them (bin/slmcc's shell entries) rest on
// it, so the next build finds them stale and picks the new verdicts up.
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomicSync } from '../core/atomic-write.js';
import { sha256 } from './format.js';

export interface PendingWork<Job> {
  /** What deciding the source again needs (a pipeline SourceJob, as JSON). */
  job: Job;
  source: string;
  /** Why its functions wait: one line per function. */
  reasons: string[];
  since: string;
  /** Times the settler tried and the machine was busy again. */
  attempts: number;
}

const dir = (root: string) => path.join(root, 'pending-work');
const fileOf = (root: string, id: string) => path.join(dir(root), `${id}.json`);
const doneOf = (root: string, id: string) => path.join(dir(root), 'done', id);
const idOf = (identity: string) => sha256(identity).slice(0, 32);

/** The file a stored outcome with pending functions rests on; changes when the settler decides something. */
export const settledFile = (root: string): string => path.join(dir(root), 'settled');

/** Queues (or refreshes) the work of one source and command line. Never throws. */
export function queueWork<Job>(root: string, identity: string, job: Job, source: string, reasons: string[]): void {
  try {
    const id = idOf(identity);
    fs.rmSync(doneOf(root, id), { force: true });
    const before = readWork<Job>(fileOf(root, id));
    // A build met the functions again: the settler's count of busy attempts starts over.
    const work: PendingWork<Job> = { job, source, reasons, since: before?.since ?? new Date().toISOString(), attempts: 0 };
    writeAtomicSync(fileOf(root, id), JSON.stringify(work));
  } catch {
    /* a read-only cache: the next build meets the function again */
  }
}

function readWork<Job>(file: string): PendingWork<Job> | undefined {
  try {
    const w = JSON.parse(fs.readFileSync(file, 'utf8')) as PendingWork<Job>;
    return typeof w.source === 'string' && Array.isArray(w.reasons) ? w : undefined;
  } catch {
    return undefined;
  }
}

/** Queued work, oldest first, each with the id that `dropWork` and `retryLater` take. */
export function listWork<Job>(root: string): (PendingWork<Job> & { id: string })[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir(root)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: (PendingWork<Job> & { id: string })[] = [];
  for (const n of names) {
    const w = readWork<Job>(path.join(dir(root), n));
    if (w) out.push({ ...w, id: n.slice(0, -'.json'.length) });
  }
  return out.sort((a, b) => a.since.localeCompare(b.since));
}

/** Removes queued work of this identity, if any: a build decided what it waited for, so `status` no longer lists it. */
export function forgetWork(root: string, identity: string): void {
  const id = idOf(identity);
  if (fs.existsSync(fileOf(root, id))) dropWork(root, id);
}

/** Removes settled work, and remembers that this source and command line were settled. */
export function dropWork(root: string, id: string): void {
  try {
    writeAtomicSync(doneOf(root, id), '');
    fs.rmSync(fileOf(root, id), { force: true });
  } catch {
    /* gone already */
  }
}

/**
 * Whether the work of this identity (source, command line and the source's
 * bytes) was settled: a compile that does not analyse the source (inside a
 * parallel make) need not queue it again.
 */
export function wasSettled(root: string, identity: string): boolean {
  return fs.existsSync(doneOf(root, idOf(identity)));
}

/** Counts one more busy attempt on a queued item. */
export function retryLater(root: string, id: string): void {
  const w = readWork(fileOf(root, id));
  if (!w) return;
  try {
    writeAtomicSync(fileOf(root, id), JSON.stringify({ ...w, attempts: w.attempts + 1 }));
  } catch {
    /* see queueWork */
  }
}

/** The settled file and the hash of what it holds now (created when missing); undefined when the cache cannot be written. */
export function settledState(root: string): [string, string] | undefined {
  const file = settledFile(root);
  try {
    if (!fs.existsSync(file)) writeAtomicSync(file, 'none settled yet\n');
    return [file, sha256(fs.readFileSync(file))];
  } catch {
    return undefined;
  }
}

/** Marks that the settler decided something: outcomes resting on the settled file go stale. */
export function noteSettled(root: string): void {
  try {
    writeAtomicSync(settledFile(root), `${new Date().toISOString()} ${process.pid} ${Math.random()}\n`);
  } catch {
    /* see queueWork */
  }
}
