// One deterministic chat request to Ollama through the `ollama` package:
// temperature 0 and a fixed seed (the same prompt gives the same reply, so a
// cached verdict stays explainable), one context length for the whole build
// (Ollama reloads the model whenever num_ctx changes), keep_alive so the model
// stays loaded between the compiles of a long build, think: false for models
// that think (they would spend num_predict on thinking and answer nothing), a
// cap on generated tokens, a per-request timeout, retries with backoff on
// connection errors and 5xx only, and a machine-wide slot held while in flight.
import path from 'node:path';
import { Ollama, type Message } from 'ollama';
import type { Config } from '../../config/index.js';
import { describeCause, ModelError } from './errors.js';
import { acquireSlot } from './slots.js';
import { ollamaEndpoint, quietFetch } from './fetch.js';
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

/** One chat request to a model server; the openai provider has its own. Throws ModelError. */
export type ChatFunction = (config: Config, spec: ChatRequestSpec, hooks?: ChatHooks) => Promise<ChatOutcome>;

/** Transport retries after the first attempt, and their backoff. */
const RETRY_DELAYS_MS = [250, 1000];

/**
 * Tokens a conversation and its reply need, estimated from the characters:
 * C and English run at 3.5 to 4.5 characters per token in the tokenizers of
 * the coder models, so 3.5 errs on the large side without refusing prompts
 * that fit. The largest first prompt slmcc sends for the bundled kernels is
 * about 10,000 characters (few-shot, nbody): ~2,900 tokens + 2,048 for a code
 * reply, and a feedback round adds the candidate and the report; 8192 holds it.
 */
export function tokensNeeded(messages: { content: string }[], maxTokens: number): number {
  const chars = messages.reduce((n, m) => n + m.content.length + 16, 0);
  return Math.ceil(chars / 3.5) + maxTokens;
}

/** Thrown before sending a conversation that the build's context length cannot hold. */
export function checkFits(messages: { content: string }[], maxTokens: number, numCtx: number): void {
  const need = tokensNeeded(messages, maxTokens);
  if (need > numCtx) {
    throw new ModelError('too-long', `the prompt and its reply need about ${need} tokens, more than the context length ${numCtx} (SLMCC_NUM_CTX)`);
  }
}

/** The reason for a reply the server cut at the token limit. */
export function ranOutOfTokens(maxTokens: number, what = 'the reply'): ModelError {
  return new ModelError('length', `the model ran out of tokens: ${what} was cut at the limit of ${maxTokens} generated tokens`);
}

/**
 * Whether the model thinks (Ollama's /api/show lists "thinking" among its
 * capabilities), asked once per process and model. Unknown (an older server
 * without capabilities, an error) counts as no: `think` is then not sent,
 * since a server that does not know it would refuse or ignore it.
 */
const thinkingCache = new Map<string, Promise<boolean>>();

export function modelThinks(client: Ollama, host: string, model: string): Promise<boolean> {
  const k = `${host}\n${model}`;
  let p = thinkingCache.get(k);
  if (!p) {
    p = client
      .show({ model })
      .then((r) => Array.isArray(r?.capabilities) && r.capabilities.includes('thinking'))
      .catch(() => {
        // Not remembered: the next request asks again.
        thinkingCache.delete(k);
        return false;
      });
    thinkingCache.set(k, p);
  }
  return p;
}

/** For tests and long-lived processes: forget what /api/show said. */
export function forgetModelCapabilities(): void {
  thinkingCache.clear();
}

/** Ollama's keep_alive: a bare number is seconds, anything else a duration string. */
function keepAliveValue(s: string): string | number {
  return /^-?\d+(?:\.\d+)?$/.test(s) ? Number(s) : s;
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
  return { retry: true, error: new ModelError('unreachable', `cannot talk to Ollama at ${ollamaEndpoint(config).shown}: ${describeCause(e)}`) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChatHooks {
  /** Called once per HTTP request sent. */
  onAttempt?: () => void;
}

export async function chat(config: Config, spec: ChatRequestSpec, hooks: ChatHooks = {}): Promise<ChatOutcome> {
  const timeoutMs = Math.round(config.modelTimeout * 1000);
  const endpoint = ollamaEndpoint(config);
  const client = new Ollama({ host: endpoint.host, headers: endpoint.headers, fetch: quietFetch(timeoutMs) });
  const options = {
    temperature: 0,
    seed: SEED,
    top_k: 1,
    num_ctx: config.numCtx,
    num_predict: spec.maxTokens,
  };
  checkFits(spec.messages, spec.maxTokens, config.numCtx);
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
      const thinks = await modelThinks(client, endpoint.host, config.model);
      attempts++;
      hooks.onAttempt?.();
      const res = await client.chat({
        model: config.model,
        messages: spec.messages,
        stream: false,
        format: spec.format as Record<string, unknown> | undefined,
        options,
        keep_alive: keepAliveValue(config.keepAlive),
        ...(thinks ? { think: false } : {}),
      });
      const content = res?.message?.content;
      if (typeof content !== 'string') throw new ModelError('malformed', 'the reply has no message content');
      // A reply cut at num_predict is unusable whatever it holds (a plan's JSON is unterminated).
      if (res.done_reason === 'length') throw ranOutOfTokens(spec.maxTokens);
      if (content.trim() === '') {
        const thought = typeof res.message.thinking === 'string' && res.message.thinking.trim() !== '';
        throw new ModelError('empty', thought ? 'the model only thought and gave no answer (it ignored think: false)' : 'the model returned an empty reply');
      }
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
