// One deterministic chat request to Ollama through the `ollama` package:
// temperature 0 and a fixed seed (the same prompt gives the same reply, so a
// cached verdict stays explainable), a context that fits the prompt, a cap on
// generated tokens, a per-request timeout, retries with backoff on connection
// errors and 5xx only, and a machine-wide slot held while in flight.
import path from 'node:path';
import { Ollama, type Message } from 'ollama';
import type { Config } from '../../config/index.js';
import { describeCause, ModelError } from './errors.js';
import { acquireSlot } from './slots.js';
import { quietFetch } from './fetch.js';
import { rememberUnreachable } from './reachability.js';

/** Fixed so that replies are reproducible; any constant would do. */
export const SEED = 42;

export type ChatMessage = Message;

export interface ChatRequestSpec {
  messages: ChatMessage[];
  /** A JSON schema (Ollama structured outputs), or undefined for free text. */
  format?: object;
  /** Cap on generated tokens for this step. */
  maxTokens: number;
}

export interface ChatOutcome {
  content: string;
  /** HTTP requests sent for this one chat (1 plus transport retries). */
  attempts: number;
  options: Record<string, number>;
}

/** Transport retries after the first attempt, and their backoff. */
const RETRY_DELAYS_MS = [250, 1000];

/** A context window that holds the prompt and the reply: rounded up to 1024 tokens, 2k to 32k. */
export function contextSize(messages: ChatMessage[], maxTokens: number): number {
  const chars = messages.reduce((n, m) => n + m.content.length + 16, 0);
  // ~3 characters per token for C and English is a safe overestimate.
  const need = Math.ceil(chars / 3) + maxTokens + 256;
  return Math.min(32768, Math.max(2048, Math.ceil(need / 1024) * 1024));
}

function isTimeout(e: unknown): boolean {
  let err = e as { name?: string; cause?: unknown } | undefined;
  for (let d = 0; err && d < 4; d++) {
    if (err.name === 'TimeoutError') return true;
    err = err.cause as typeof err;
  }
  return false;
}

type Classified = { retry: boolean; error: ModelError };

function classify(e: unknown, config: Config, timeoutMs: number): Classified {
  if (e instanceof ModelError) return { retry: false, error: e };
  if (isTimeout(e)) {
    return { retry: false, error: new ModelError('timeout', `no reply from ${config.model} within ${timeoutMs / 1000} s (SLMCC_MODEL_TIMEOUT)`) };
  }
  const status = (e as { status_code?: number }).status_code;
  if (typeof status === 'number') {
    const msg = (e as Error).message;
    if (status === 404 && /model/i.test(msg)) {
      return { retry: false, error: new ModelError('model-missing', `model ${config.model} is not available: ${msg}`) };
    }
    return { retry: status >= 500, error: new ModelError('server-error', `server answered HTTP ${status}: ${msg}`) };
  }
  if (e instanceof SyntaxError) {
    return { retry: false, error: new ModelError('malformed', `the server sent malformed JSON (${e.message})`) };
  }
  // Everything else is the connection: refused, reset, closed mid-reply, DNS.
  return { retry: true, error: new ModelError('unreachable', `cannot talk to Ollama at ${config.ollamaHost}: ${describeCause(e)}`) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChatHooks {
  /** Called once per HTTP request sent. */
  onAttempt?: () => void;
}

export async function chat(config: Config, spec: ChatRequestSpec, hooks: ChatHooks = {}): Promise<ChatOutcome> {
  const timeoutMs = Math.round(config.modelTimeout * 1000);
  const client = new Ollama({ host: config.ollamaHost, fetch: quietFetch(timeoutMs) });
  const options = {
    temperature: 0,
    seed: SEED,
    top_k: 1,
    num_ctx: contextSize(spec.messages, spec.maxTokens),
    num_predict: spec.maxTokens,
  };
  let attempts = 0;
  for (let retry = 0; ; retry++) {
    let slot;
    try {
      slot = await acquireSlot({
        dir: path.join(config.cacheDir, 'ollama', 'slots'),
        slots: config.modelJobs,
        // A live holder is never older than its own timeout plus some slack.
        staleMs: timeoutMs * 2 + 60_000,
        // Queueing behind seven other compilers is the point; a whole build's
        // worth of waiting is not.
        waitMs: Math.max(600_000, timeoutMs * 16),
      });
    } catch (e) {
      throw new ModelError('busy', (e as Error).message);
    }
    try {
      attempts++;
      hooks.onAttempt?.();
      const res = await client.chat({
        model: config.model,
        messages: spec.messages,
        stream: false,
        format: spec.format as Record<string, unknown> | undefined,
        options,
      });
      const content = res?.message?.content;
      if (typeof content !== 'string') throw new ModelError('malformed', 'the reply has no message content');
      if (content.trim() === '') throw new ModelError('empty', 'the model returned an empty reply');
      return { content, attempts, options };
    } catch (e) {
      const c = classify(e, config, timeoutMs);
      if (!c.retry || retry >= RETRY_DELAYS_MS.length) {
        if (c.error.kind === 'unreachable') rememberUnreachable(config, c.error.message);
        if (attempts > 1) c.error.message += ` (after ${attempts} attempts)`;
        throw c.error;
      }
    } finally {
      slot.release();
    }
    await sleep(RETRY_DELAYS_MS[retry]);
  }
}
