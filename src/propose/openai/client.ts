// One deterministic chat completion on an OpenAI-compatible server (vLLM,
// llama.cpp's server, LM Studio, Ollama's /v1, OpenAI itself) through the
// `openai` package: the same contract as the Ollama client (temperature 0 and
// a fixed seed, a cap on generated tokens, a per-request timeout, transport
// retries on connection errors and 5xx only, the machine-wide slot), with
// structured outputs as `response_format: json_schema` carrying the schema the
// Ollama client sends as `format`.
import path from 'node:path';
import type { Config } from '../../config/index.js';
import { ranOutOfTokens, SEED, type ChatHooks, type ChatOutcome, type ChatRequestSpec } from '../ollama/client.js';
import { describeCause, ModelError } from '../ollama/errors.js';
import { rememberDown } from '../ollama/reachability.js';
import { acquireSlot } from '../ollama/slots.js';
import { openaiClient, serverRef, shownBaseUrl } from './endpoint.js';

const RETRY_DELAYS_MS = [250, 1000];

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
