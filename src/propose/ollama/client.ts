// One deterministic chat request to Ollama through the `ollama` package:
// temperature 0 and a fixed seed (the same prompt gives the same reply, so a
// cached verdict stays explainable), one context length for the whole build
// (Ollama reloads the model whenever num_ctx changes), keep_alive so the model
// stays loaded between the compiles of a long build, think: false for models
// that think (they would spend num_predict on thinking and answer nothing), a
// cap on generated tokens, a per-request timeout, retries with backoff on
// connection errors and 5xx only, and a machine-wide slot held while in flight.
import { Ollama } from 'ollama';
import type { Config } from '../../config/index.js';
import { ModelError } from '../chat/errors.js';
import { ranOutOfTokens, requestTimeoutMs, SEED, sendWithRetries, type ChatHooks, type ChatOutcome, type ChatRequestSpec, type Transport } from '../chat/request.js';
import { ollamaEndpoint, quietFetch } from './fetch.js';
import { rememberUnreachable } from './reachability.js';

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

export async function chat(config: Config, spec: ChatRequestSpec, hooks: ChatHooks = {}): Promise<ChatOutcome> {
  const timeoutMs = requestTimeoutMs(config);
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
  const transport: Transport = {
    slotFolder: 'ollama',
    timedOut: isTimeout,
    answered: (e) => {
      const status = (e as { status_code?: number }).status_code;
      return typeof status === 'number' ? { status, message: (e as Error).message } : undefined;
    },
    server: `Ollama at ${endpoint.shown}`,
    onUnreachable: (message) => rememberUnreachable(config, message),
  };
  const { content, attempts } = await sendWithRetries(config, transport, hooks, async () => {
    const thinks = await modelThinks(client, endpoint.host, config.model);
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
    return content;
  });
  return { content, attempts, options };
}
