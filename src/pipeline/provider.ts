import fs from 'node:fs';
import path from 'node:path';
import { noteServer } from '../cache/index.js';
import type { Config } from '../config/index.js';
import { writeAtomicSync } from '../core/atomic-write.js';
import { swallowed } from '../core/swallowed.js';
import { z } from 'zod';
import { readJsonAs } from '../core/read-json.js';

export type ProviderChoice =
  | { kind: 'builtin'; note?: string }
  /** `offline`: the server is down, and `digest` is the last one seen for this server and model: look verdicts up, decide nothing. */
  | { kind: 'ollama'; digest: string; offline?: string }
  /** An OpenAI-compatible server: no digest, so SLMCC_MODEL_REVISION stands for one. */
  | { kind: 'openai'; revision: string }
  | { kind: 'polly' }
  /** The model's server was asked for by name and is not there: nothing is decided, the build goes on. */
  | { kind: 'unavailable'; reason: string };

/** A provider that asks a model, through one session per function. */
export type ModelProvider = Extract<ProviderChoice, { kind: 'ollama' | 'openai' }>;

export const asksModel = (p: ProviderChoice): p is ModelProvider => p.kind === 'ollama' || p.kind === 'openai';

/** Settles the provider for this build from SLMCC_MODE and SLMCC_PROVIDER. */
export async function chooseProvider(config: Config): Promise<ProviderChoice> {
  if (config.mode === 'polly') return { kind: 'polly' };
  if (config.provider === 'builtin') return { kind: 'builtin' };
  if (config.provider === 'openai') {
    const { checkOpenAI } = await import('../propose/check.js');
    const r = await checkOpenAI(config);
    if (r.ok) return { kind: 'openai', revision: r.revision };
    return { kind: 'unavailable', reason: `SLMCC_PROVIDER=openai but ${r.reason}` };
  }
  const { checkOllama } = await import('../propose/check.js');
  const r = await checkOllama(config);
  // What `auto` found decides which shell entries hold (cache/shell-entries.ts).
  if (config.provider === 'auto') noteServer(config.cacheDir, r.ok);
  if (r.ok) {
    rememberDigest(config, r.digest);
    return { kind: 'ollama', digest: r.digest };
  }
  // A CI build job or a laptop away from the GPU box still uses the verdicts
  // the model's server decided: their keys hold the digest last seen.
  const last = lastDigest(config);
  if (last) return { kind: 'ollama', digest: last, offline: r.reason };
  if (config.provider === 'ollama') return { kind: 'unavailable', reason: `SLMCC_PROVIDER=ollama but ${r.reason}` };
  return { kind: 'builtin', note: r.reason };
}

export const digestFile = (config: Config) => path.join(config.cacheDir, 'digests.json');
const digestSlot = (config: Config) => {
  // The server without credentials, and the model: one digest per pair.
  let host = config.ollamaHost;
  try {
    const u = new URL(config.ollamaHost);
    u.username = '';
    u.password = '';
    host = u.toString();
  } catch (e) {
    swallowed('pipeline/provider', e);
    /* kept as given */
  }
  return `${host} ${config.model}`;
};

function readDigests(config: Config): Record<string, string> {
  try {
    return readJsonAs(z.record(z.string(), z.string()), fs.readFileSync(digestFile(config), 'utf8')) ?? {};
  } catch {
    return {};
  }
}

/** The digest last seen for this server and model, if any. */
export function lastDigest(config: Config): string | undefined {
  const d = readDigests(config)[digestSlot(config)];
  return typeof d === 'string' && d ? d : undefined;
}

function rememberDigest(config: Config, digest: string): void {
  const all = readDigests(config);
  if (all[digestSlot(config)] === digest) return;
  all[digestSlot(config)] = digest;
  try {
    writeAtomicSync(digestFile(config), JSON.stringify(all, null, 1));
  } catch (e) {
    swallowed('pipeline/provider', e);
    /* a read-only cache only loses this convenience */
  }
}

/** The provider's part of a cache key: what makes its verdicts differ from another's. */
export function keyProviderFor(config: Config, provider: Exclude<ProviderChoice, { kind: 'unavailable' }>) {
  if (provider.kind === 'ollama') return { name: 'ollama', model: config.model, digest: provider.digest, strategy: config.strategy, reply: config.reply };
  // An unset revision is a revision too (''): verdicts then outlive a model update on the server.
  if (provider.kind === 'openai') return { name: 'openai', model: config.model, digest: `revision:${provider.revision}`, strategy: config.strategy, reply: config.reply };
  return { name: provider.kind };
}
