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
