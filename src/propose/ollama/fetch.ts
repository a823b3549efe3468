// The fetch the `ollama` client is given.

/**
 * A fetch that gives up after `ms`, and hands error replies on as well-formed JSON:
 * the `ollama` package logs to stdout when an error body is not JSON, and slmcc
 * must stay silent on the compile path.
 */
export function quietFetch(ms: number): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const res = await fetch(input, { ...init, signal });
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let error = text.trim().slice(0, 200) || res.statusText || `HTTP ${res.status}`;
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (typeof body?.error === 'string') error = body.error;
    } catch {
      /* not JSON: the text itself is the message */
    }
    return new Response(JSON.stringify({ error }), {
      status: res.status,
      statusText: res.statusText,
      headers: { 'content-type': 'application/json' },
    });
  };
}

export interface OllamaEndpoint {
  /** OLLAMA_HOST without user info: Node's fetch refuses a URL that carries credentials. */
  host: string;
  /** The server's address for messages and notes: never the password. */
  shown: string;
  /** Authorization, when OLLAMA_HOST has user info or SLMCC_OLLAMA_TOKEN is set. */
  headers: Record<string, string>;
}

/**
 * Where Ollama is and how to authenticate: `http://user:pass@host:port` (a
 * reverse proxy with Basic auth) becomes the bare URL plus an
 * `Authorization: Basic` header; SLMCC_OLLAMA_TOKEN is sent as a bearer token
 * and wins over user info.
 */
export function ollamaEndpoint(config: { ollamaHost: string; ollamaToken?: string }): OllamaEndpoint {
  const raw = config.ollamaHost;
  const headers: Record<string, string> = {};
  let host = raw;
  try {
    const hadScheme = raw.includes('://');
    if (raw.startsWith(':')) return { host: raw, shown: raw, headers: config.ollamaToken ? { Authorization: `Bearer ${config.ollamaToken}` } : {} };
    const u = new URL(hadScheme ? raw : `http://${raw}`);
    if (u.username || u.password) {
      const user = decodeURIComponent(u.username);
      const pass = decodeURIComponent(u.password);
      headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
      u.username = '';
      u.password = '';
      host = u.href.replace(/\/$/, '');
      if (!hadScheme) host = host.replace(/^http:\/\//, '');
    }
  } catch {
    /* not a URL: the client reports it */
  }
  if (config.ollamaToken) headers.Authorization = `Bearer ${config.ollamaToken}`;
  return { host, shown: host, headers };
}
