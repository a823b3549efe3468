// One deterministic chat completion on an OpenAI-compatible server (vLLM,
// llama.cpp's server, LM Studio, Ollama's /v1, OpenAI itself) through the
// `openai` package: the same contract as the Ollama client (temperature 0 and
// a fixed seed, a cap on generated tokens, a per-request timeout, transport
// retries on connection errors and 5xx only, the machine-wide slot), with
// structured outputs as `response_format: json_schema` carrying the schema the
// Ollama client sends as `format`.
import type { Config } from '../../config/index.js';
import { ModelError } from '../chat/errors.js';
import { ranOutOfTokens, requestTimeoutMs, SEED, sendWithRetries, type ChatHooks, type ChatOutcome, type ChatRequestSpec, type Transport } from '../chat/request.js';
import { rememberDown } from '../ollama/reachability.js';
import { openaiClient, serverRef, shownBaseUrl } from './endpoint.js';

/** A name for the schema, as json_schema requires one: letters, digits, _ and - only. */
function schemaName(format: object): string {
  const first = (format as { required?: unknown }).required;
  const name = Array.isArray(first) && typeof first[0] === 'string' ? `slmcc_${first[0]}` : 'slmcc_reply';
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

export async function openaiChat(config: Config, spec: ChatRequestSpec, hooks: ChatHooks = {}): Promise<ChatOutcome> {
  const client = await openaiClient(config, requestTimeoutMs(config));
  const options = { temperature: 0, seed: SEED, max_tokens: spec.maxTokens };
  const transport: Transport = {
    slotFolder: 'openai',
    timedOut: (e) => ['APIConnectionTimeoutError', 'TimeoutError'].includes((e as { name?: string })?.name ?? ''),
    answered: (e) => {
      const err = e as { status?: number; message?: string };
      return typeof err?.status === 'number' ? { status: err.status, message: (err.message ?? '').slice(0, 300) } : undefined;
    },
    // A rate limit passes.
    retryStatus: (status) => status === 429,
    modelMissingWhere: ` on ${shownBaseUrl(config)}`,
    statusHint: (status) => (status === 401 || status === 403 ? ' (check OPENAI_API_KEY or SLMCC_OPENAI_API_KEY)' : ''),
    server: `the OpenAI-compatible server at ${shownBaseUrl(config)}`,
    onUnreachable: (message) => rememberDown(serverRef(config), message),
  };
  const { content, attempts } = await sendWithRetries(config, transport, hooks, async () => {
    const res = await client.chat.completions.create({
      model: config.model,
      messages: spec.messages.map((m) => ({ role: m.role as 'system' | 'user' | 'assistant', content: m.content })),
      stream: false,
      temperature: 0,
      top_p: 1,
      seed: SEED,
      max_tokens: spec.maxTokens,
      ...(spec.format ? { response_format: { type: 'json_schema' as const, json_schema: { name: schemaName(spec.format), schema: spec.format as Record<string, unknown>, strict: false } } } : {}),
    });
    const choice = res?.choices?.[0];
    const content = choice?.message?.content;
    if (!choice || (typeof content !== 'string' && content !== null)) throw new ModelError('malformed', 'the reply has no message content');
    if (choice.finish_reason === 'length') throw ranOutOfTokens(spec.maxTokens);
    if (typeof content !== 'string' || content.trim() === '') {
      const reasoning = (choice.message as { reasoning_content?: unknown }).reasoning_content;
      throw new ModelError('empty', typeof reasoning === 'string' && reasoning.trim() ? 'the model only reasoned and gave no answer' : 'the model returned an empty reply');
    }
    return content;
  });
  return { content, attempts, options };
}
