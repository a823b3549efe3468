// Decisions in flight, one small file per decision under the cache root:
// what `slmcc --slmcc status` lists, and how a compile learns that another
// one of the same build is already checking and timing (a parallel build), in
// which case its own timing could not be trusted. The register is the
// cache's, not the machine's: another user's or another project's build is
// load the probe measures for itself, and must not leave this build's
// functions pending for good.
import fs from 'node:fs';
import path from 'node:path';
import { pidAlive } from './pid-alive.js';
import { swallowed } from '../core/swallowed.js';
import { z } from 'zod';
import { readJsonAs } from '../core/read-json.js';

const InFlight = z.object({ pid: z.number(), source: z.string(), function: z.string(), phase: z.string(), started: z.string() });
export type InFlight = z.infer<typeof InFlight>;

const DIR = (cacheDir: string) => path.join(cacheDir, 'inflight');

/** Registers a decision; the returned function updates its phase, `done()` removes it. */
export function startInFlight(cacheDir: string, source: string, fn: string): { phase(p: string): void; done(): void } {
  const file = path.join(DIR(cacheDir), `${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const started = new Date().toISOString();
  const write = (phase: string) => {
    try {
      fs.mkdirSync(DIR(cacheDir), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, source, function: fn, phase, started } satisfies InFlight));
    } catch (e) {
      swallowed('shared/inflight', e);
      /* status is best effort */
    }
  };
  write('starting');
  return {
    phase: write,
    done: () => {
      try {
        fs.rmSync(file, { force: true });
      } catch (e) {
        swallowed('shared/inflight', e);
        /* gone */
      }
    },
  };
}

/** Live decisions (files of dead processes are removed on the way). */
export function listInFlight(cacheDir: string): InFlight[] {
  let names: string[];
  try {
    names = fs.readdirSync(DIR(cacheDir));
  } catch {
    return [];
  }
  const out: InFlight[] = [];
  for (const n of names) {
    const file = path.join(DIR(cacheDir), n);
    try {
      const e = readJsonAs(InFlight, fs.readFileSync(file, 'utf8'));
      if (!e) continue; // half-written, or not ours: left for its writer
      if (pidAlive(e.pid)) out.push(e);
      else fs.rmSync(file, { force: true });
    } catch (e) {
      swallowed('shared/inflight', e);
      /* half-written or just removed */
    }
  }
  return out;
}

/** Whether a process other than this one is deciding something now. */
export function othersInFlight(cacheDir: string): boolean {
  return listInFlight(cacheDir).some((e) => e.pid !== process.pid);
}
