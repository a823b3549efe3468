// Where the OpenAI-compatible server is and how to talk to it: light enough
// for the per-compile reachability check (the `openai` package itself is
// loaded only when a client is made).
import type OpenAI from 'openai';
import type { Config } from '../../config/index.js';
import { swallowed } from '../../core/swallowed.js';

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
  } catch (e) {
    swallowed('propose/openai/endpoint', e);
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
