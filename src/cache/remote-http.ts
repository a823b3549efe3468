// The HTTP backend of the shared verdict store, in ccache's HTTP storage
// layout, so the same server (nginx with WebDAV PUT, bazel-remote, a ccache
// HTTP storage service) can hold both: GET <url>/<key> is the sealed entry
// bytes or 404, PUT <url>/<key> stores them. Layout `subdirs` (the default,
// as in ccache) puts the key at <url>/<first two characters>/<the rest>,
// `flat` at <url>/<key>. User info in the URL is sent as Basic auth,
// |bearer-token=TOKEN as a bearer token.
import type { RemoteBackend, RemoteSettings } from './remote-backend.js';

class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    what: string,
  ) {
    super(`${what} answered HTTP ${status}`);
  }
}

export async function openHttp(s: RemoteSettings): Promise<RemoteBackend> {
  const u = new URL(s.url);
  const headers: Record<string, string> = {};
  if (u.username || u.password) {
    headers.Authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  if (s.attrs['bearer-token']) headers.Authorization = `Bearer ${s.attrs['bearer-token']}`;
  const base = u.href.replace(/\/+$/, '');
  const flat = s.attrs.layout === 'flat';
  const where = (key: string) => (flat ? `${base}/${key}` : `${base}/${key.slice(0, 2)}/${key.slice(2)}`);
  // Each request ends by itself: nothing of it outlives the deadline.
  const signal = () => AbortSignal.timeout(s.timeoutMs);
  return {
    async get(key) {
      const res = await fetch(where(key), { headers, signal: signal() });
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new HttpStatusError(res.status, 'GET');
      }
      return Buffer.from(await res.arrayBuffer());
    },
    async set(key, bytes) {
      const res = await fetch(where(key), { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes), signal: signal() });
      await res.body?.cancel();
      if (!res.ok) throw new HttpStatusError(res.status, 'PUT');
    },
    async close() {
      /* fetch keeps no session of its own here */
    },
  };
}
