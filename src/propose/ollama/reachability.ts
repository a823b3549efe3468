// Is the server there, with the model pulled? Asked once per compiler call,
// so a build of 500 files asks 500 times: an unreachable server is remembered
// in a small file under the cache root for a short while, and every process
// in that window answers from the file instead of paying a timeout.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/index.js';
import { writeAtomicSync } from '../../core/atomic-write.js';
import { describeCause } from '../chat/errors.js';
import { ollamaEndpoint, quietFetch } from './fetch.js';
import { swallowed } from '../../core/swallowed.js';
import { z } from 'zod';
import { readJsonAs } from '../../core/read-json.js';

/** How long an unreachable server is believed down. */
export const DOWN_MEMORY_MS = 30_000;
/** The check's own timeout: a live local Ollama answers /api/tags in milliseconds. */
export const CHECK_TIMEOUT_MS = 1500;

export type OllamaCheck = { ok: true; model: string; digest: string } | { ok: false; reason: string };

const DownNote = z.object({ host: z.string(), at: z.number(), reason: z.string() });
export type DownNote = z.infer<typeof DownNote>;

/** The note file for one server; `id` may hold credentials: it is hashed, never written. */
function notePath(cacheDir: string, id: string): string {
  const h = crypto.createHash('sha256').update(id).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'ollama', `unreachable-${h}.json`);
}

/** A server of any kind (Ollama, an OpenAI-compatible one): `id` names it in the note's file name, `shown` in the note. */
export interface ServerRef {
  cacheDir: string;
  id: string;
  shown: string;
}

const ollamaRef = (config: Config): ServerRef => ({ cacheDir: config.cacheDir, id: config.ollamaHost, shown: ollamaEndpoint(config).shown });

/** Records that a server did not answer; later checks within DOWN_MEMORY_MS skip the network. */
export function rememberDown(ref: ServerRef, reason: string): void {
  const file = notePath(ref.cacheDir, ref.id);
  try {
    writeAtomicSync(file, JSON.stringify({ host: ref.shown, at: Date.now(), reason } satisfies DownNote));
  } catch (e) {
    swallowed('propose/ollama/reachability', e);
    /* a read-only cache only costs the next process one more timeout */
  }
}

export function recentDown(ref: ServerRef): DownNote | undefined {
  try {
    const note = readJsonAs(DownNote, fs.readFileSync(notePath(ref.cacheDir, ref.id), 'utf8'));
    const age = note ? Date.now() - note.at : -1;
    if (note && note.host === ref.shown && age >= 0 && age < DOWN_MEMORY_MS) return note;
  } catch (e) {
    swallowed('propose/ollama/reachability', e);
    /* no note, or a torn one: ask the server */
  }
  return undefined;
}

export function forgetDown(ref: ServerRef): void {
  try {
    fs.unlinkSync(notePath(ref.cacheDir, ref.id));
  } catch (e) {
    swallowed('propose/ollama/reachability', e);
    /* none */
  }
}

/** Records that the Ollama server did not answer. */
export function rememberUnreachable(config: Config, reason: string): void {
  rememberDown(ollamaRef(config), reason);
}

/** `llama3` means `llama3:latest`, as in the ollama CLI. */
function sameModel(wanted: string, listed: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return norm(wanted) === norm(listed);
}

export async function checkOllama(config: Config): Promise<OllamaCheck> {
  const note = recentDown(ollamaRef(config));
  if (note) {
    const secs = Math.round((Date.now() - note.at) / 1000);
    return { ok: false, reason: `${note.reason} (remembered from ${secs} s ago; not asked again for ${DOWN_MEMORY_MS / 1000} s)` };
  }
  const endpoint = ollamaEndpoint(config);
  let host: string;
  try {
    host = new URL(endpoint.host.includes('://') ? endpoint.host : `http://${endpoint.host}`).href;
  } catch {
    return { ok: false, reason: `OLLAMA_HOST=${JSON.stringify(endpoint.shown)} is not a URL` };
  }
  // Loaded only when the network is asked: a remembered outage costs a file read.
  const { Ollama } = await import('ollama');
  const client = new Ollama({ host: endpoint.host, headers: endpoint.headers, fetch: quietFetch(CHECK_TIMEOUT_MS) });
  let models: { name: string; model?: string; digest: string }[];
  try {
    const res = await client.list();
    if (!res || !Array.isArray(res.models)) throw new Error('/api/tags did not list models');
    models = res.models;
  } catch (e) {
    const status = (e as { status_code?: number }).status_code;
    const reason =
      typeof status === 'number'
        ? `Ollama at ${host} answered /api/tags with HTTP ${status}: ${(e as Error).message}${status === 401 || status === 403 ? ' (check the user info in OLLAMA_HOST or SLMCC_OLLAMA_TOKEN)' : ''}`
        : `Ollama at ${host} is unreachable: ${(e as Error).name === 'TimeoutError' ? `no answer within ${CHECK_TIMEOUT_MS / 1000} s` : describeCause(e)}`;
    rememberDown(ollamaRef(config), reason);
    return { ok: false, reason };
  }
  forgetDown(ollamaRef(config));
  const found = models.find((m) => sameModel(config.model, m.name) || (m.model !== undefined && sameModel(config.model, m.model)));
  if (!found) {
    const have = models.map((m) => m.name).join(', ') || 'none';
    return { ok: false, reason: `model ${config.model} is not pulled on ${host} (have: ${have}); run: ollama pull ${config.model}` };
  }
  return { ok: true, model: found.name, digest: found.digest };
}
