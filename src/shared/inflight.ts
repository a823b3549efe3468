// Decisions in flight on this machine, one small file per decision under the
// temp dir: what `slmcc --slmcc status` lists, and how a compile learns that
// another one is already checking and timing (a parallel build), in which
// case its own timing could not be trusted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from './pid-alive.js';

export interface InFlight {
  pid: number;
  source: string;
  function: string;
  phase: string;
  started: string;
}

const DIR = () => path.join(os.tmpdir(), 'slmcc-inflight');

/** Registers a decision; the returned function updates its phase, `done()` removes it. */
export function startInFlight(source: string, fn: string): { phase(p: string): void; done(): void } {
  const file = path.join(DIR(), `${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const started = new Date().toISOString();
  const write = (phase: string) => {
    try {
      fs.mkdirSync(DIR(), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, source, function: fn, phase, started } satisfies InFlight));
    } catch {
      /* status is best effort */
    }
  };
  write('starting');
  return {
    phase: write,
    done: () => {
      try {
        fs.rmSync(file, { force: true });
      } catch {
        /* gone */
      }
    },
  };
}

/** Live decisions (files of dead processes are removed on the way). */
export function listInFlight(): InFlight[] {
  let names: string[];
  try {
    names = fs.readdirSync(DIR());
  } catch {
    return [];
  }
  const out: InFlight[] = [];
  for (const n of names) {
    const file = path.join(DIR(), n);
    try {
      const e = JSON.parse(fs.readFileSync(file, 'utf8')) as InFlight;
      if (pidAlive(e.pid)) out.push(e);
      else fs.rmSync(file, { force: true });
    } catch {
      /* half-written or just removed */
    }
  }
  return out;
}

/** Whether a process other than this one is deciding something now. */
export function othersInFlight(): boolean {
  return listInFlight().some((e) => e.pid !== process.pid);
}
