// The shared verdict store (SLMCC_REMOTE_STORAGE): a second level behind the
// local store, read on a local miss and written after a decision, so that CI
// runners and developers decide each function once between them. It holds the
// same sealed bytes as a local entry file (format.ts: checksum, container and
// verdict format version), so what comes back is checked exactly like a local
// read. It is never waited on: every operation has a short deadline
// (SLMCC_REMOTE_TIMEOUT, default 300 ms); the first failure turns it off for
// the rest of the process, and a store that could not be reached is
// remembered for a while by every process sharing the cache root, so a build
// with the server down pays one timeout, not one per compile. Failures say one
// line on stderr with SLMCC_VERBOSE, nothing otherwise.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomicSync } from '../core/atomic-write.js';
import type { RemoteBackend, RemoteSettings } from './remote-backend.js';
import { swallowed } from '../core/swallowed.js';
import { z } from 'zod';
import { readJsonAs } from '../core/read-json.js';

export type RemoteRead = { kind: 'hit'; bytes: Buffer } | { kind: 'miss' } | { kind: 'error' } | { kind: 'off' };

/** How long a store that failed is believed down by other processes. */
export const REMOTE_DOWN_MS = 30_000;

/** Parses the setting: the URL, its attributes, and whether a |read-only attribute is present. */
export function parseRemote(raw: string): { url: string; readOnly: boolean; attrs: Record<string, string> } | undefined {
  const t = raw.trim();
  if (!t) return undefined;
  const [url, ...list] = t.split('|');
  const attrs: Record<string, string> = {};
  for (const a of list) {
    const eq = a.indexOf('=');
    attrs[eq < 0 ? a : a.slice(0, eq)] = eq < 0 ? 'true' : a.slice(eq + 1);
  }
  return { url, readOnly: attrs['read-only'] === 'true', attrs };
}

/** The URL without a password, for messages. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return url;
  }
}

/** The note that the shared store was down, and why. */
const DownNote = z.object({ at: z.number(), reason: z.string() });

export class RemoteStore {
  private backend?: Promise<RemoteBackend | undefined>;
  private off = false;
  /** A failed connection not yet reported to a caller: the first operation counts it as an error. */
  private unreported = false;
  private readonly notePath: string;

  constructor(
    private readonly s: RemoteSettings,
    /** Loads the backend's module (not under the deadline: a busy machine is slow to load, not the server slow to answer). */
    private readonly load: () => Promise<(s: RemoteSettings) => Promise<RemoteBackend>>,
  ) {
    const h = crypto.createHash('sha256').update(s.url).digest('hex').slice(0, 16);
    this.notePath = path.join(s.cacheDir, 'remote', `down-${h}.json`);
  }

  get readOnly(): boolean {
    return this.s.readOnly;
  }

  async get(key: string): Promise<RemoteRead> {
    const b = await this.connected();
    if (!b) return { kind: this.report() ? 'error' : 'off' };
    try {
      const bytes = await this.deadline(b.get(key), 'read');
      return bytes ? { kind: 'hit', bytes } : { kind: 'miss' };
    } catch (e) {
      this.fail('read', e);
      return { kind: 'error' };
    }
  }

  /** 'off': nothing written (read-only, or the store is off for this process). */
  async set(key: string, bytes: Buffer): Promise<'stored' | 'off' | 'error'> {
    if (this.s.readOnly) return 'off';
    const b = await this.connected();
    if (!b) return this.report() ? 'error' : 'off';
    try {
      await this.deadline(b.set(key, bytes), 'write');
      return 'stored';
    } catch (e) {
      this.fail('write', e);
      return 'error';
    }
  }

  /** Closes the connection, if one was made. Never throws, never waits past the deadline. */
  async close(): Promise<void> {
    const p = this.backend;
    this.backend = undefined;
    if (!p) return;
    const b = await p.catch(() => undefined);
    if (b) await this.deadline(b.close(), 'close').catch((e) => swallowed('cache/remote', e));
  }

  private connected(): Promise<RemoteBackend | undefined> {
    if (this.off) return Promise.resolve(undefined);
    if (!this.backend) {
      this.backend = (async () => {
        const note = this.recentNote();
        if (note) {
          this.off = true;
          this.say(`shared store ${shownUrl(this.s.url)} is off for this compile: ${note}`);
          return undefined;
        }
        try {
          const open = await this.load();
          const backend = await this.deadline(open(this.s), 'connect');
          this.forgetNote();
          return backend;
        } catch (e) {
          this.fail('connect', e);
          this.unreported = true;
          return undefined;
        }
      })();
    }
    return this.backend;
  }

  /** Rejects once the deadline passes; the timer holds the process only that long. */
  private deadline<T>(p: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout;
    const t = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within ${this.s.timeoutMs} ms (SLMCC_REMOTE_TIMEOUT)`)), this.s.timeoutMs);
    });
    return Promise.race([p, t]).finally(() => clearTimeout(timer));
  }

  private fail(what: string, e: unknown): void {
    const first = !this.off;
    this.off = true;
    const reason = `${what} failed: ${describe(e)}`;
    if (what === 'connect' || /no .* within/.test(reason)) this.writeNote(reason);
    if (first) this.say(`shared store ${shownUrl(this.s.url)}: ${reason}; going on with the local cache only`);
    // Drop the connection without waiting on it: a hung server must not hold the compile.
    const p = this.backend;
    this.backend = undefined;
    void p?.then((b) => b?.close()).catch((e) => swallowed('cache/remote', e));
  }

  private report(): boolean {
    const r = this.unreported;
    this.unreported = false;
    return r;
  }

  private say(line: string): void {
    if (this.s.verbose) process.stderr.write(`slmcc: ${line}\n`);
  }

  private recentNote(): string | undefined {
    try {
      const n = readJsonAs(DownNote, fs.readFileSync(this.notePath, 'utf8'));
      const age = n ? Date.now() - n.at : -1;
      if (n && age >= 0 && age < REMOTE_DOWN_MS) return `${n.reason} (remembered from ${Math.round(age / 1000)} s ago)`;
    } catch (e) {
      swallowed('cache/remote', e);
      /* no note */
    }
    return undefined;
  }

  private writeNote(reason: string): void {
    try {
      writeAtomicSync(this.notePath, JSON.stringify({ at: Date.now(), reason }));
    } catch (e) {
      swallowed('cache/remote', e);
      /* a read-only cache root: the next compile pays one more timeout */
    }
  }

  private forgetNote(): void {
    try {
      fs.unlinkSync(this.notePath);
    } catch (e) {
      swallowed('cache/remote', e);
      /* none */
    }
  }
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: unknown[] } | undefined;
  if (err?.errors?.length) return describe(err.errors[0]);
  if (err?.code && err.message && !err.message.includes(err.code)) return `${err.code}: ${err.message}`;
  return err?.message || String(e);
}

/** A remote store for these settings, or undefined when none is configured. Cheap: nothing connects until used. */
export function remoteStore(config: { remoteStorage: string; remoteReadOnly: boolean; remoteTimeout: number; verbose: boolean; cacheDir: string }): RemoteStore | undefined {
  const parsed = parseRemote(config.remoteStorage);
  if (!parsed) return undefined;
  const settings: RemoteSettings = {
    url: parsed.url,
    attrs: parsed.attrs,
    readOnly: parsed.readOnly || config.remoteReadOnly,
    timeoutMs: config.remoteTimeout,
    verbose: config.verbose,
    cacheDir: config.cacheDir,
  };
  const http = /^https?:/i.test(parsed.url);
  return new RemoteStore(settings, async () => (http ? (await import('./remote-http.js')).openHttp : (await import('./remote-redis.js')).openRedis));
}
