// What slmcc sends to Ollama, read from the requests a server receives: one
// num_ctx for a whole build, keep_alive on every request, think: false for a
// thinking model, the right reasons for a thinking-only and a length-cut
// reply, and credentials from OLLAMA_HOST or SLMCC_OLLAMA_TOKEN as an
// Authorization header. A small proxy in front of the scripted Ollama server
// records headers and plays a thinking model, a length cut or an auth check.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Candidate } from '../../src/core/candidate.js';
import { forgetModelCapabilities } from '../../src/propose/ollama/client.js';
import { checkOllama, createOllamaSession } from '../../src/propose/ollama/index.js';
import { tempDir, testConfig } from '../fixtures/ollama-config.js';
import { DOT, MATMUL, MATMUL_PLAN, PREFIX, unitOf } from '../fixtures/ollama-kernels.js';
import { startOllamaServer, TEST_MODEL, type OllamaTestServer } from '../fixtures/ollama-server.js';
import { SLMCC, runAsync, slmccEnv, writeFiles } from '../support/driver-env.js';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, any> | undefined;
}

interface Proxy {
  url: string;
  seen: Seen[];
  chats(): Record<string, any>[];
  close(): Promise<void>;
}

interface ProxyOptions {
  /** /api/show lists "thinking"; a chat without think: false only thinks, and is cut at the limit. */
  thinking?: boolean;
  /** Thinks whatever `think` says (a server that ignores it), ending normally. */
  thinksAnyway?: boolean;
  /** Cuts every chat reply in half with done_reason "length". */
  cut?: boolean;
  /** Answers 401 unless the Authorization header is exactly this. */
  auth?: string;
}

async function startProxy(target: OllamaTestServer, opts: ProxyOptions = {}): Promise<Proxy> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      const p = (req.url ?? '/').split('?')[0];
      const body = raw ? JSON.parse(raw) : undefined;
      seen.push({ path: p, headers: req.headers, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (opts.auth !== undefined && req.headers.authorization !== opts.auth) return send(401, { error: 'unauthorized' });
      const upstream = await fetch(`${target.url}${p}`, { method: req.method, headers: { 'content-type': 'application/json' }, body: raw || undefined });
      const out = (await upstream.json()) as Record<string, any>;
      if (p === '/api/show' && opts.thinking) out.capabilities = ['completion', 'thinking'];
      if (p === '/api/chat' && upstream.ok) {
        const thinks = opts.thinksAnyway || (opts.thinking && body?.think !== false);
        if (thinks) {
          out.message = { role: 'assistant', content: '', thinking: 'Okay, let me look at the loops one by one. The first loop...' };
          out.done_reason = opts.thinksAnyway ? 'stop' : 'length';
        }
        if (opts.cut) {
          out.message.content = String(out.message.content).slice(0, Math.floor(String(out.message.content).length / 2));
          out.done_reason = 'length';
        }
      }
      send(upstream.status, out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    chats: () => seen.filter((s) => s.path === '/api/chat').map((s) => s.body!),
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

let ollama: OllamaTestServer;
beforeAll(async () => {
  ollama = await startOllamaServer({
    functions: {
      matmul: { plan: MATMUL_PLAN, reasoning: 'Rows of C are independent.' },
      dot: { plan: { function: 'dot', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: '+', vars: ['s'] }] }] } },
      prefix: { plan: { function: 'prefix', loops: [] } },
    },
  });
});
afterAll(() => ollama.close());

const sessionAt = (host: string, fn = MATMUL, env: Record<string, string> = {}) =>
  createOllamaSession({ tu: unitOf(fn), fn, config: testConfig({ OLLAMA_HOST: host, SLMCC_STRATEGY: 'zero-shot', ...env }), facts: ['L1: no loop-carried dependence'] });

describe('one context length for a whole build', () => {
  it('every request of every strategy, prompt size and feedback round carries the same num_ctx and keep_alive', async () => {
    const proxy = await startProxy(ollama);
    for (const strategy of ['zero-shot', 'few-shot', 'tree-of-thoughts', 'step-by-step'] as const) {
      for (const fn of [MATMUL, DOT, PREFIX]) {
        const s = sessionAt(proxy.url, fn, { SLMCC_STRATEGY: strategy });
        const [p] = await s.propose();
        if (p.form === 'plan') {
          const cand: Candidate = { id: 'ollama-1', origin: p.origin, form: 'plan', plan: p.plan, text: fn.text };
          await s.feedback(cand, 'tsan: data race on a[i]\n'.repeat(20));
        }
      }
    }
    const chats = proxy.chats();
    expect(chats.length).toBeGreaterThan(20);
    const sizes = new Set(chats.map((c) => c.messages.reduce((n: number, m: { content: string }) => n + m.content.length, 0)));
    expect(sizes.size).toBeGreaterThan(10);
    expect(new Set(chats.map((c) => c.options.num_ctx))).toEqual(new Set([8192]));
    expect(new Set(chats.map((c) => c.keep_alive))).toEqual(new Set(['30m']));
    // The scripted model does not think: `think` is not sent at all.
    expect(chats.every((c) => !('think' in c))).toBe(true);
    await proxy.close();
  });

  it('SLMCC_NUM_CTX and SLMCC_KEEP_ALIVE set them; a number keep_alive is seconds', async () => {
    const proxy = await startProxy(ollama);
    await sessionAt(proxy.url, MATMUL, { SLMCC_NUM_CTX: '16384', SLMCC_KEEP_ALIVE: '3600' }).propose();
    await sessionAt(proxy.url, DOT, { SLMCC_NUM_CTX: '16384', SLMCC_KEEP_ALIVE: '-1' }).propose();
    expect(proxy.chats().map((c) => [c.options.num_ctx, c.keep_alive])).toEqual([
      [16384, 3600],
      [16384, -1],
    ]);
    await proxy.close();
  });

  it('a prompt that does not fit is refused before it is sent, naming the setting', async () => {
    const proxy = await startProxy(ollama);
    const [p] = await sessionAt(proxy.url, MATMUL, { SLMCC_NUM_CTX: '2048', SLMCC_STRATEGY: 'few-shot' }).propose();
    expect(p.form === 'none' && p.reason).toMatch(/^few-shot: the prompt and its reply need about \d+ tokens, more than the context length 2048 \(SLMCC_NUM_CTX\)$/);
    expect(proxy.chats()).toHaveLength(0);
    await proxy.close();
  });

  it('bad values are named on one line each, and the defaults stand', () => {
    const r = loadConfig({ HOME: tempDir(), SLMCC_NUM_CTX: '100', SLMCC_KEEP_ALIVE: 'forever', OLLAMA_HOST: 'ftp://x' }, tempDir());
    expect(r.errors).toEqual([
      'slmcc: OLLAMA_HOST="ftp://x" is not valid; accepted: an http:// or https:// URL',
      'slmcc: SLMCC_NUM_CTX="100" is not valid; accepted: an integer from 2048 to 262144',
      'slmcc: SLMCC_KEEP_ALIVE="forever" is not valid; accepted: a duration such as 30m, 2h or 90s, a number of seconds, or -1 for forever',
    ]);
    expect([r.config.numCtx, r.config.keepAlive]).toEqual([8192, '30m']);
  });

  it('a build through bin/slmcc: one num_ctx and keep_alive on every chat of every compile', async () => {
    const proxy = await startProxy(ollama);
    const dir = tempDir('slmcc-requests-');
    const files: Record<string, string> = {};
    for (let i = 0; i < 3; i++) {
      const body = Array.from({ length: 1 + i * 6 }, (_, k) => `      printf("%f %d\\n", a[i] * a[j] + ${k}, ${k});`).join('\n');
      files[`p${i}.c`] = `#include <stdio.h>\nvoid p${i}(int n, const double *a) {\n  for (int i = 0; i < n; i++)\n    for (int j = 0; j < n; j++) {\n${body}\n    }\n}\n`;
    }
    writeFiles(dir, files);
    fs.mkdirSync(path.join(dir, 'tmp'));
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache'), SLMCC_PROVIDER: 'ollama', OLLAMA_HOST: proxy.url, SLMCC_STRATEGY: 'step-by-step', TMPDIR: path.join(dir, 'tmp') });
    for (const f of Object.keys(files)) expect(await runAsync(SLMCC, ['-O2', '-c', f], { cwd: dir, env })).toMatchObject({ status: 0, stderr: '' });
    const chats = proxy.chats();
    expect(chats.length).toBeGreaterThanOrEqual(9);
    expect(new Set(chats.map((c) => c.messages.reduce((n: number, m: { content: string }) => n + m.content.length, 0))).size).toBeGreaterThanOrEqual(6);
    expect(new Set(chats.map((c) => `${c.options.num_ctx} ${c.keep_alive}`))).toEqual(new Set(['8192 30m']));
    await proxy.close();
  }, 120_000);
});

describe('thinking models', () => {
  it('a model whose capabilities include thinking gets think: false and answers; /api/show is asked once per process', async () => {
    forgetModelCapabilities();
    const proxy = await startProxy(ollama, { thinking: true });
    for (let i = 0; i < 3; i++) {
      const [p] = await sessionAt(proxy.url).propose();
      expect(p).toMatchObject({ form: 'plan', plan: MATMUL_PLAN });
    }
    expect(proxy.chats().map((c) => c.think)).toEqual([false, false, false]);
    expect(proxy.seen.filter((s) => s.path === '/api/show').map((s) => s.body)).toEqual([{ model: TEST_MODEL }]);
    await proxy.close();
  });

  it('without think: false a thinking model spends the budget thinking: "ran out of tokens", not "empty reply"', async () => {
    forgetModelCapabilities();
    const proxy = await startProxy(ollama, { thinking: true });
    // An older server that does not list capabilities: think is not sent, and the model thinks.
    const old = await startProxy(ollama);
    const thinker = http.createServer((req, res) => {
      const forward = http.request(`${proxy.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        let raw = '';
        up.on('data', (c) => (raw += c));
        up.on('end', () => {
          const out = JSON.parse(raw);
          if (req.url === '/api/show') delete out.capabilities;
          res.writeHead(up.statusCode ?? 500, { 'content-type': 'application/json' });
          res.end(JSON.stringify(out));
        });
      });
      req.pipe(forward);
    });
    await new Promise<void>((r) => thinker.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(thinker.address() as net.AddressInfo).port}`;
    const [p] = await sessionAt(url).propose();
    expect(p.form === 'none' && p.reason).toBe('zero-shot: the model ran out of tokens: the reply was cut at the limit of 768 generated tokens');
    expect(proxy.chats().at(-1)!.think).toBeUndefined();
    await new Promise((r) => (thinker.closeAllConnections(), thinker.close(r)));
    await old.close();
    await proxy.close();
  });

  it('a server that thinks whatever it is told and stops with no answer: the reason says so', async () => {
    forgetModelCapabilities();
    const proxy = await startProxy(ollama, { thinksAnyway: true });
    const [p] = await sessionAt(proxy.url).propose();
    expect(p.form === 'none' && p.reason).toBe('zero-shot: the model only thought and gave no answer (it ignored think: false)');
    await proxy.close();
  });
});

describe('a reply cut at the token limit', () => {
  it.each(['plan', 'code'] as const)('is "ran out of tokens" for a %s, not "not JSON"', async (reply) => {
    const proxy = await startProxy(ollama, { cut: true });
    const [p] = await sessionAt(proxy.url, MATMUL, { SLMCC_REPLY: reply }).propose();
    const limit = reply === 'plan' ? 768 : 2048;
    expect(p.form === 'none' && p.reason).toBe(`zero-shot: the model ran out of tokens: the reply was cut at the limit of ${limit} generated tokens`);
    await proxy.close();
  });
});

describe('credentials', () => {
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

  it('user:pass@ in OLLAMA_HOST reaches the server as Basic auth, on the check and on every chat', async () => {
    forgetModelCapabilities();
    const proxy = await startProxy(ollama, { auth: basic('builder', 's3cr:t@x') });
    const host = proxy.url.replace('http://', 'http://builder:s3cr%3At%40x@');
    const cfg = testConfig({ OLLAMA_HOST: host });
    expect(await checkOllama(cfg)).toMatchObject({ ok: true, model: TEST_MODEL });
    const [p] = await sessionAt(host).propose();
    expect(p.form).toBe('plan');
    const paths = proxy.seen.map((s) => s.path);
    expect(paths).toEqual(['/api/tags', '/api/show', '/api/chat']);
    for (const s of proxy.seen) expect(s.headers.authorization).toBe(basic('builder', 's3cr:t@x'));
    await proxy.close();
  });

  it('a wrong password is an answer, not "unreachable", and says where to look', async () => {
    const proxy = await startProxy(ollama, { auth: basic('builder', 'right') });
    const r = await checkOllama(testConfig({ OLLAMA_HOST: proxy.url.replace('http://', 'http://builder:wrong@') }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(/answered \/api\/tags with HTTP 401: unauthorized \(check the user info in OLLAMA_HOST or SLMCC_OLLAMA_TOKEN\)$/);
      expect(r.reason).not.toContain('wrong');
    }
    await proxy.close();
  });

  it('SLMCC_OLLAMA_TOKEN is sent as a bearer token', async () => {
    forgetModelCapabilities();
    const proxy = await startProxy(ollama, { auth: 'Bearer tok-123' });
    const [p] = await sessionAt(proxy.url, MATMUL, { SLMCC_OLLAMA_TOKEN: 'tok-123' }).propose();
    expect(p.form).toBe('plan');
    expect(new Set(proxy.seen.map((s) => s.headers.authorization))).toEqual(new Set(['Bearer tok-123']));
    await proxy.close();
  });

  it('the password never reaches a reason or the down-server note', async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise((r) => s.close(r));
    const cacheDir = tempDir();
    const host = `http://builder:hunter2@127.0.0.1:${port}`;
    const r = await checkOllama(testConfig({ OLLAMA_HOST: host }, cacheDir));
    expect(r.ok).toBe(false);
    const [p] = await sessionAt(host).propose();
    const notes = fs.readdirSync(path.join(cacheDir, 'ollama')).map((f) => fs.readFileSync(path.join(cacheDir, 'ollama', f), 'utf8'));
    expect(notes.length).toBeGreaterThan(0);
    for (const text of [...notes, JSON.stringify(r), JSON.stringify(p)]) expect(text).not.toContain('hunter2');
  });
});
