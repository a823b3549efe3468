// A machine-wide limit on model requests in flight. `make -j8` starts eight
// compilers that each want the model; one Ollama server answers them one at a
// time anyway, so extra requests only pile up inside the server, where their
// timeouts run while they wait. Each request therefore holds one of N slot
// files under the cache root for as long as it is in flight, and everyone
// else queues here, outside the timeout.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from '../../shared/pid-alive.js';
import { swallowed } from '../../core/swallowed.js';

export interface SlotOptions {
  dir: string;
  slots: number;
  /** A lock older than this is taken over even if its pid looks alive (pid reuse, a hung holder). */
  staleMs: number;
  /** Give up waiting after this long. */
  waitMs: number;
}

export interface Slot {
  index: number;
  release(): void;
}

interface LockBody {
  pid: number;
  host: string;
  token: string;
  at: number;
}

function readLock(file: string): { raw: string; body?: LockBody } | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return { raw, body: JSON.parse(raw) as LockBody };
  } catch {
    return { raw };
  }
}

function isStale(file: string, lock: { raw: string; body?: LockBody }, staleMs: number): boolean {
  const b = lock.body;
  if (!b || typeof b.pid !== 'number') {
    // Half-written or foreign content: stale once it has been there a moment.
    try {
      return Date.now() - fs.statSync(file).mtimeMs > 2000;
    } catch {
      return false;
    }
  }
  if (Date.now() - b.at > staleMs) return true;
  return b.host === os.hostname() && !pidAlive(b.pid);
}

/**
 * Removes a stale lock without removing a fresh one that replaced it in the
 * meantime: move it aside atomically, and put it back if it was not the one
 * judged stale.
 */
function breakStale(file: string, seen: string): void {
  const aside = `${file}.stale.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  let now = '';
  try {
    now = fs.readFileSync(aside, 'utf8');
  } catch (e) {
    swallowed('propose/chat/slots', e);
    /* gone: nothing to put back */
  }
  if (now !== seen) {
    try {
      fs.linkSync(aside, file);
    } catch (e) {
      swallowed('propose/chat/slots', e);
      /* someone took the free slot already; the holder we displaced keeps going, the limit is exceeded by one for one request */
    }
  }
  try {
    fs.unlinkSync(aside);
  } catch (e) {
    swallowed('propose/chat/slots', e);
    /* already gone */
  }
}

function tryTake(file: string, body: LockBody): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, JSON.stringify(body));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function held(file: string, index: number, token: string): Slot {
  let released = false;
  return {
    index,
    release() {
      if (released) return;
      released = true;
      // Only our own lock: a holder judged stale must not remove its successor's.
      if (readLock(file)?.body?.token !== token) return;
      try {
        fs.unlinkSync(file);
      } catch (e) {
        swallowed('propose/chat/slots', e);
        /* already gone */
      }
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a free slot; throws when none frees up within waitMs. */
export async function acquireSlot(opts: SlotOptions): Promise<Slot> {
  try {
    fs.mkdirSync(opts.dir, { recursive: true });
    fs.accessSync(opts.dir, fs.constants.W_OK);
  } catch {
    // No writable cache root: better an unlimited request than none at all.
    return { index: -1, release() {} };
  }
  const token = crypto.randomBytes(8).toString('hex');
  const deadline = Date.now() + opts.waitMs;
  let pause = 20;
  // Start at a random slot so that waiters do not all hammer slot 0.
  const offset = crypto.randomInt(opts.slots);
  for (;;) {
    for (let k = 0; k < opts.slots; k++) {
      const index = (offset + k) % opts.slots;
      const file = path.join(opts.dir, `slot-${index}.lock`);
      // Second attempt only after breaking a stale lock on this slot.
      for (let attempt = 0; attempt < 2; attempt++) {
        const body: LockBody = { pid: process.pid, host: os.hostname(), token, at: Date.now() };
        if (tryTake(file, body)) return held(file, index, token);
        const lock = readLock(file);
        if (!lock || !isStale(file, lock, opts.staleMs)) break;
        breakStale(file, lock.raw);
      }
    }
    if (Date.now() >= deadline) {
      throw new Error(`no free model slot within ${+(opts.waitMs / 1000).toFixed(1)} s (SLMCC_MODEL_JOBS=${opts.slots})`);
    }
    await sleep(pause + crypto.randomInt(pause));
    pause = Math.min(pause * 2, 250);
  }
}
