// The Redis backend of the shared verdict store, through node-redis. One key
// per verdict, `slmcc:verdict:<key>`, holding the sealed entry bytes; entries
// expire after 30 days unless read (a read refreshes nothing: the local store
// keeps what a machine uses, and a redecided verdict is rewritten). Loaded only
// when SLMCC_REMOTE_STORAGE is set.
import { createClient, RESP_TYPES } from 'redis';
import type { RemoteBackend, RemoteSettings } from './remote-backend.js';
import { swallowed } from '../core/swallowed.js';

export const REDIS_PREFIX = 'slmcc:verdict:';
/** Seconds a shared verdict lives: the store is a cache, not an archive (export/import is). */
export const REDIS_TTL_S = 30 * 24 * 3600;

export async function openRedis(s: RemoteSettings): Promise<RemoteBackend> {
  const client = createClient({
    url: s.url,
    socket: {
      connectTimeout: s.timeoutMs,
      // One attempt: a compile does not wait for a server to come back.
      reconnectStrategy: false,
      noDelay: true,
    },
    // Commands sent while disconnected fail at once instead of queueing.
    disableOfflineQueue: true,
    // No CLIENT SETINFO round trips before the first command: a compile connects once, asks once.
    disableClientInfo: true,
  });
  // Without a listener, an 'error' event would end the process.
  client.on('error', () => {});
  await client.connect();
  // The socket alone never keeps a compile alive; RemoteStore's deadlines do, briefly.
  client.unref();
  const buffers = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  return {
    async get(key) {
      const v = await buffers.get(REDIS_PREFIX + key);
      return v == null ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'latin1');
    },
    async set(key, bytes) {
      await client.set(REDIS_PREFIX + key, bytes, { EX: REDIS_TTL_S });
    },
    async close() {
      try {
        client.destroy();
      } catch (e) {
        swallowed('cache/remote-redis', e);
        /* already closed */
      }
    },
  };
}
