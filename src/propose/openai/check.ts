// Is the OpenAI-compatible server there, serving the model? Asked once per
// compiler call, like checkOllama, with the same memory of a down server.
import type { Config } from '../../config/index.js';
import { describeCause } from '../chat/errors.js';
import { CHECK_TIMEOUT_MS, DOWN_MEMORY_MS, forgetDown, recentDown, rememberDown } from '../ollama/reachability.js';
import { openaiClient, serverRef, shownBaseUrl } from './endpoint.js';

export type OpenAICheck = { ok: true; model: string; revision: string } | { ok: false; reason: string };

/**
 * GET {base}/models. A server that lists models must list SLMCC_MODEL; one
 * that lists none, or has no /models (some proxies), is taken at its word
 * and the first chat says whether the model is there.
 */
export async function checkOpenAI(config: Config): Promise<OpenAICheck> {
  const ref = serverRef(config);
  const note = recentDown(ref);
  if (note) {
    const secs = Math.round((Date.now() - note.at) / 1000);
    return { ok: false, reason: `${note.reason} (remembered from ${secs} s ago; not asked again for ${DOWN_MEMORY_MS / 1000} s)` };
  }
  const where = shownBaseUrl(config);
  const ok: OpenAICheck = { ok: true, model: config.model, revision: config.modelRevision };
  let ids: string[];
  try {
    const client = await openaiClient(config, CHECK_TIMEOUT_MS);
    const page = await client.models.list();
    ids = (page.data ?? []).map((m) => m.id);
  } catch (e) {
    const err = e as { name?: string; status?: number; message?: string };
    if (err?.status === 404) {
      forgetDown(ref);
      return ok;
    }
    const reason =
      typeof err?.status === 'number'
        ? `the OpenAI-compatible server at ${where} answered /models with HTTP ${err.status}: ${(err.message ?? '').slice(0, 200)}${err.status === 401 || err.status === 403 ? ' (check OPENAI_API_KEY or SLMCC_OPENAI_API_KEY)' : ''}`
        : `the OpenAI-compatible server at ${where} is unreachable: ${err?.name === 'APIConnectionTimeoutError' ? `no answer within ${CHECK_TIMEOUT_MS / 1000} s` : describeCause(e)}`;
    rememberDown(ref, reason);
    return { ok: false, reason };
  }
  forgetDown(ref);
  if (ids.length > 0 && !ids.includes(config.model)) {
    return { ok: false, reason: `model ${config.model} is not served by ${where} (have: ${ids.slice(0, 10).join(', ')})` };
  }
  return ok;
}
