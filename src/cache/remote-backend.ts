// What the shared store's backends (remote-http.ts, remote-redis.ts) are given
// and must provide; remote.ts loads one lazily and drives it.
export interface RemoteSettings {
  /** redis://[user:pass@]host[:port][/db] or http(s)://host[:port][/path], without the |attributes. */
  url: string;
  /** The |name=value attributes after the URL (bearer-token, layout). */
  attrs: Record<string, string>;
  readOnly: boolean;
  timeoutMs: number;
  verbose: boolean;
  /** The local cache root: where a down store is remembered. */
  cacheDir: string;
}

/** What a backend does: raw sealed bytes in, raw bytes out. Methods throw on any failure. */
export interface RemoteBackend {
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}
