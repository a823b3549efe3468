// The shared verdict store over HTTP, in ccache's HTTP storage layout, against
// a small in-test server that stores what is PUT and serves it on GET (what
// nginx with WebDAV PUT or a ccache HTTP storage service does).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../src/cache/index.js';
import { encodeEntry } from '../../src/cache/format.js';
import { layout } from '../../src/cache/layout.js';
import { readStats } from '../../src/cache/stats.js';
import { loadConfig, shownValue } from '../../src/config/index.js';
import { config, entryFor, keyN, tempDir } from '../support/cache-helpers.js';

interface Store {
  url: string;
  data: Map<string, Buffer>;
  log: { method: string; path: string; auth?: string }[];
  close(): Promise<void>;
}

async function startStore(auth?: string): Promise<Store> {
  const data = new Map<string, Buffer>();
  const log: Store['log'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      log.push({ method: req.method ?? '', path, auth: req.headers.authorization });
      if (auth !== undefined && req.headers.authorization !== auth) return void res.writeHead(401).end();
      if (req.method === 'PUT') {
        data.set(path, Buffer.concat(chunks));
        return void res.writeHead(201).end();
      }
      const v = data.get(path);
      if (!v) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(v);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    data,
    log,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const remote = (dir: string, url: string, extra: Record<string, unknown> = {}) => ({ ...config(dir), remoteStorage: url, remoteReadOnly: false, remoteTimeout: 300, verbose: false, ...extra });

let store: Store;
beforeAll(async () => {
  store = await startStore();
});
afterAll(() => store.close());

describe("an HTTP shared store in ccache's layout", () => {
  it('PUTs the sealed entry under <url>/<2 chars>/<rest>, and a second cache GETs it as a verified hit', async () => {
    const key = keyN(1);
    const a = openCache(remote(tempDir(), `${store.url}/slmcc`));
    expect(await a.get(key)).toBeUndefined();
    await a.put(entryFor(key));
    await a.flush();
    const where = `/slmcc/${key.slice(0, 2)}/${key.slice(2)}`;
    expect(store.data.get(where)?.equals(encodeEntry(entryFor(key)))).toBe(true);
    const dir = tempDir();
    const b = openCache(remote(dir, `${store.url}/slmcc`));
    expect(await b.get(key)).toEqual(entryFor(key));
    await b.flush();
    expect(await readStats(layout(dir))).toMatchObject({ remoteHits: 1 });
  });

  it('layout=flat, Basic auth from user info, a bearer token, read-only', async () => {
    const basic = `Basic ${Buffer.from('ci:pw').toString('base64')}`;
    const guarded = await startStore(basic);
    const key = keyN(2);
    const c = openCache(remote(tempDir(), `${guarded.url.replace('http://', 'http://ci:pw@')}/v|layout=flat`));
    await c.put(entryFor(key));
    await c.flush();
    expect([...guarded.data.keys()]).toEqual([`/v/${key}`]);
    await guarded.close();

    const bearer = await startStore('Bearer t0k');
    const d = openCache(remote(tempDir(), `${bearer.url}|bearer-token=t0k`));
    await d.put(entryFor(key));
    expect(bearer.data.size).toBe(1);
    const ro = openCache(remote(tempDir(), `${bearer.url}|bearer-token=t0k|read-only`));
    expect(await ro.get(key)).toEqual(entryFor(key));
    await ro.put(entryFor(keyN(3)));
    await ro.flush();
    expect(bearer.data.size).toBe(1);
    expect(bearer.log.filter((l) => l.method === 'PUT')).toHaveLength(1);
    await bearer.close();
  });

  it('a corrupt body is refused and counted; a server that refuses auth is an error, and the build goes on locally', async () => {
    const key = keyN(4);
    store.data.set(`/${key.slice(0, 2)}/${key.slice(2)}`, Buffer.from('slmcc-cache-entry 1 nonsense'));
    const dir = tempDir();
    const c = openCache(remote(dir, store.url));
    expect(await c.get(key)).toBeUndefined();
    await c.flush();
    expect(await readStats(layout(dir))).toMatchObject({ remoteCorrupt: 1 });

    const locked = await startStore('Bearer right');
    const dir2 = tempDir();
    const e = openCache(remote(dir2, `${locked.url}|bearer-token=wrong`));
    expect(await e.get(key)).toBeUndefined();
    await e.put(entryFor(key));
    await e.flush();
    expect(await readStats(layout(dir2))).toMatchObject({ remoteErrors: 1, stores: 1 });
    expect(await openCache(config(dir2)).get(key)).toEqual(entryFor(key));
    await locked.close();
  });

  it('the setting is checked, and its token and password are never shown', () => {
    const ok = loadConfig({ HOME: tempDir(), SLMCC_REMOTE_STORAGE: 'https://u:pw@cache.example/slmcc|bearer-token=abc|layout=flat' }, tempDir());
    expect(ok.errors).toEqual([]);
    expect(shownValue('remoteStorage', ok.config.remoteStorage)).toBe('https://u:***@cache.example/slmcc|bearer-token=***|layout=flat');
    const bad = loadConfig({ HOME: tempDir(), SLMCC_REMOTE_STORAGE: 'https://cache.example|layout=bazel' }, tempDir());
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]).toMatch(/^slmcc: SLMCC_REMOTE_STORAGE="https:\/\/cache\.example\|layout=bazel" is not valid; accepted: /);
  });
});
