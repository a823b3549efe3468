// A chat request to a model server, whatever carries it: the request and its
// outcome, the settings that make replies reproducible, and the one way a
// request is sent (a machine-wide slot held while in flight, transport
// retries with backoff on connection errors and 5xx only, a down server
// remembered) with its failures named (ModelError). ollama/client.ts and
// openai/client.ts are the two transports: each says only how its library
// sends one request and how it reports a failure.
import path from 'node:path';
import type { Config } from '../../config/index.js';
import { describeCause, ModelError } from './errors.js';
import { acquireSlot } from './slots.js';

/** Fixed so that replies are reproducible; any constant would do. */
export const SEED = 42;

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRequestSpec {
  messages: ChatMessage[];
  /** A JSON schema (structured outputs), or undefined for free text. */
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

export interface ChatHooks {
  /** Called once per HTTP request sent. */
  onAttempt?: () => void;
}

/** One chat request to a model server. Throws ModelError. */
export type ChatFunction = (config: Config, spec: ChatRequestSpec, hooks?: ChatHooks) => Promise<ChatOutcome>;

/** The reason for a reply the server cut at the token limit. */
export function ranOutOfTokens(maxTokens: number, what = 'the reply'): ModelError {
  return new ModelError('length', `the model ran out of tokens: ${what} was cut at the limit of ${maxTokens} generated tokens`);
}

export function requestTimeoutMs(config: Config): number {
  return Math.round(config.modelTimeout * 1000);
}

/** What one transport knows: where its slots are, and how its library reports a failed request. */
export interface Transport {
  /** The folder under the cache root whose slots this kind of server's requests take. */
  slotFolder: string;
  /** The request's own timeout fired. */
  timedOut(e: unknown): boolean;
  /** The server answered with an HTTP error: its status and what it said. */
  answered(e: unknown): { status: number; message: string } | undefined;
  /** Beyond 5xx, the statuses worth asking again. */
  retryStatus?: (status: number) => boolean;
  /** Said after "model M is not available", e.g. which server. */
  modelMissingWhere?: string;
  /** Said after an HTTP status, e.g. which key to check. */
  statusHint?: (status: number) => string;
  /** The server as a connection failure names it: `Ollama at http://…`. */
  server: string;
  /** A connection failure ended the request: remember the server as down. */
  onUnreachable(message: string): void;
}

const RETRY_DELAYS_MS = [250, 1000];

/**
 * Sends one request (`send`, which returns the reply's content or throws)
 * under a slot, asking again on a connection error or a status worth asking
 * again, and names the failure that ends it.
 */
export async function sendWithRetries(config: Config, transport: Transport, hooks: ChatHooks, send: () => Promise<string>): Promise<{ content: string; attempts: number }> {
  const timeoutMs = requestTimeoutMs(config);
  let attempts = 0;
  for (let retry = 0; ; retry++) {
    let slot;
    try {
      slot = await acquireSlot({
        dir: path.join(config.cacheDir, transport.slotFolder, 'slots'),
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
      return { content: await send(), attempts };
    } catch (e) {
      const c = shapeFailure(e, config.model, timeoutMs, transport);
      if (!c.retry || retry >= RETRY_DELAYS_MS.length) {
        if (c.error.kind === 'unreachable') transport.onUnreachable(c.error.message);
        if (attempts > 1) c.error.message += ` (after ${attempts} attempts)`;
        throw c.error;
      }
    } finally {
      slot.release();
    }
    await sleep(RETRY_DELAYS_MS[retry]);
  }
}

function shapeFailure(e: unknown, model: string, timeoutMs: number, t: Transport): { retry: boolean; error: ModelError } {
  if (e instanceof ModelError) return { retry: false, error: e };
  if (t.timedOut(e)) return { retry: false, error: new ModelError('timeout', `no reply from ${model} within ${timeoutMs / 1000} s (SLMCC_MODEL_TIMEOUT)`) };
  const answer = t.answered(e);
  if (answer) {
    const { status, message } = answer;
    if (status === 404 && /model/i.test(message)) return { retry: false, error: new ModelError('model-missing', `model ${model} is not available${t.modelMissingWhere ?? ''}: ${message}`) };
    const retry = status >= 500 || (t.retryStatus?.(status) ?? false);
    return { retry, error: new ModelError('server-error', `server answered HTTP ${status}: ${message}${t.statusHint?.(status) ?? ''}`) };
  }
  if (e instanceof SyntaxError) return { retry: false, error: new ModelError('malformed', `the server sent malformed JSON (${e.message})`) };
  // Everything else is the connection: refused, reset, closed mid-reply, DNS.
  return { retry: true, error: new ModelError('unreachable', `cannot talk to ${t.server}: ${describeCause(e)}`) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
