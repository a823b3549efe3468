// One deterministic chat completion on an OpenAI-compatible server (vLLM,
// llama.cpp's server, LM Studio, Ollama's /v1, OpenAI itself) through the
// `openai` package: the same contract as the Ollama client (temperature 0 and
// a fixed seed, a cap on generated tokens, a per-request timeout, transport
// retries on connection errors and 5xx only, the machine-wide slot), with
// structured outputs as `response_format: json_schema` carrying the schema the
// Ollama client sends as `format`.
import path from 'node:path';
import type OpenAI from 'openai';
import type { Config } from '../../config/index.js';
import { ranOutOfTokens, SEED, type ChatHooks, type ChatOutcome, type ChatRequestSpec } from '../ollama/client.js';
import { describeCause, ModelError } from '../ollama/errors.js';
import { rememberDown } from '../ollama/reachability.js';
import { acquireSlot } from '../ollama/slots.js';

const RETRY_DELAYS_MS = [250, 1000];

/** Local servers need no key, but the client refuses to start without one. */
export const NO_KEY = 'sk-no-key-required';

/** The base URL as shown in messages: without credentials or a query. */
export function shownBaseUrl(config: Pick<Config, 'openaiBaseUrl'>): string {
  try {
    const u = new URL(config.openaiBaseUrl.includes('://') ? config.openaiBaseUrl : `http://${config.openaiBaseUrl}`);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.href.replace(/\/$/, '');
  } catch {
    return config.openaiBaseUrl;
  }
}

export function serverRef(config: Config) {
  return { cacheDir: config.cacheDir, id: `openai ${config.openaiBaseUrl}`, shown: shownBaseUrl(config) };
}

/** The `openai` client, loaded on first use: the compile path of a cached build never pays for it. */
export async function openaiClient(config: Config, timeoutMs: number): Promise<OpenAI> {
  const { default: OpenAIClient } = await import('openai');
  let baseURL = config.openaiBaseUrl.includes('://') ? config.openaiBaseUrl : `http://${config.openaiBaseUrl}`;
  const defaultHeaders: Record<string, string> = {};
  try {
    // http://user:pass@host/v1 (a proxy with Basic auth) works as for OLLAMA_HOST, unless an API key is set.
    const u = new URL(baseURL);
    if (u.username || u.password) {
      if (!config.openaiApiKey) defaultHeaders.Authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
      u.username = '';
      u.password = '';
      baseURL = u.href;
    }
  } catch {
    /* the request reports it */
  }
  return new OpenAIClient({
    baseURL,
    apiKey: config.openaiApiKey || NO_KEY,
    timeout: timeoutMs,
    maxRetries: 0,
    logLevel: 'off',
    defaultHeaders,
  });
}

type Classified = { retry: boolean; error: ModelError };

function classify(e: unknown, config: Config, timeoutMs: number): Classified {
  if (e instanceof ModelError) return { retry: false, error: e };
  const err = e as { name?: string; status?: number; message?: string };
  if (err?.name === 'APIConnectionTimeoutError' || err?.name === 'TimeoutError') {
    return { retry: false, error: new ModelError('timeout', `no reply from ${config.model} within ${timeoutMs / 1000} s (SLMCC_MODEL_TIMEOUT)`) };
  }
  if (typeof err?.status === 'number') {
    const msg = (err.message ?? '').slice(0, 300);
    if (err.status === 404 && /model/i.test(msg)) {
      return { retry: false, error: new ModelError('model-missing', `model ${config.model} is not available on ${shownBaseUrl(config)}: ${msg}`) };
    }
    const hint = err.status === 401 || err.status === 403 ? ' (check OPENAI_API_KEY or SLMCC_OPENAI_API_KEY)' : '';
    return { retry: err.status >= 500 || err.status === 429, error: new ModelError('server-error', `server answered HTTP ${err.status}: ${msg}${hint}`) };
  }
  if (e instanceof SyntaxError) {
    return { retry: false, error: new ModelError('malformed', `the server sent malformed JSON (${e.message})`) };
  }
  return { retry: true, error: new ModelError('unreachable', `cannot talk to the OpenAI-compatible server at ${shownBaseUrl(config)}: ${describeCause(e)}`) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A name for the schema, as json_schema requires one: letters, digits, _ and - only. */
function schemaName(format: object): string {
  const first = (format as { required?: unknown }).required;
  const name = Array.isArray(first) && typeof first[0] === 'string' ? `slmcc_${first[0]}` : 'slmcc_reply';
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

export async function openaiChat(config: Config, spec: ChatRequestSpec, hooks: ChatHooks = {}): Promise<ChatOutcome> {
  const timeoutMs = Math.round(config.modelTimeout * 1000);
  const client = await openaiClient(config, timeoutMs);
  const options = { temperature: 0, seed: SEED, max_tokens: spec.maxTokens };
  let attempts = 0;
  for (let retry = 0; ; retry++) {
    let slot;
    try {
      slot = await acquireSlot({
        dir: path.join(config.cacheDir, 'openai', 'slots'),
        slots: config.modelJobs,
        staleMs: timeoutMs * 2 + 60_000,
        waitMs: Math.max(600_000, timeoutMs * 16),
      });
    } catch (e) {
      throw new ModelError('busy', (e as Error).message);
    }
    try {
      attempts++;
      hooks.onAttempt?.();
      const res = await client.chat.completions.create({
        model: config.model,
        messages: spec.messages.map((m) => ({ role: m.role as 'system' | 'user' | 'assistant', content: m.content })),
        stream: false,
        temperature: 0,
        top_p: 1,
        seed: SEED,
        max_tokens: spec.maxTokens,
        ...(spec.format
          ? { response_format: { type: 'json_schema' as const, json_schema: { name: schemaName(spec.format), schema: spec.format as Record<string, unknown>, strict: false } } }
          : {}),
      });
      const choice = res?.choices?.[0];
      const content = choice?.message?.content;
      if (!choice || (typeof content !== 'string' && content !== null)) throw new ModelError('malformed', 'the reply has no message content');
      if (choice.finish_reason === 'length') throw ranOutOfTokens(spec.maxTokens);
      if (typeof content !== 'string' || content.trim() === '') {
        const reasoning = (choice.message as { reasoning_content?: unknown }).reasoning_content;
        throw new ModelError('empty', typeof reasoning === 'string' && reasoning.trim() ? 'the model only reasoned and gave no answer' : 'the model returned an empty reply');
      }
      return { content, attempts, options };
    } catch (e) {
      const c = classify(e, config, timeoutMs);
      if (!c.retry || retry >= RETRY_DELAYS_MS.length) {
        if (c.error.kind === 'unreachable') rememberDown(serverRef(config), c.error.message);
        if (attempts > 1) c.error.message += ` (after ${attempts} attempts)`;
        throw c.error;
      }
    } finally {
      slot.release();
    }
    await sleep(RETRY_DELAYS_MS[retry]);
  }
}
