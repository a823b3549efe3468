import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkOllama, CHECK_TIMEOUT_MS, createOllamaSession } from '../../src/propose/ollama/index.js';
import type { Candidate } from '../../src/core/candidate.js';
import { tempDir, testConfig } from '../fixtures/ollama-config.js';
import { DOT, MATMUL, MATMUL_CODE, MATMUL_PLAN, unitOf } from '../fixtures/ollama-kernels.js';
import { startOllamaServer, TEST_DIGEST, TEST_MODEL, type OllamaTestServer } from '../fixtures/ollama-server.js';

let server: OllamaTestServer;
beforeAll(async () => {
  server = await startOllamaServer({
    functions: { matmul: { plan: MATMUL_PLAN, code: MATMUL_CODE, reasoning: 'Rows of C are independent.' } },
  });
});
afterEach(() => server.setBehaviour({ kind: 'normal' }));
afterAll(() => server.close());

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const session = (env: Record<string, string>, fn = MATMUL) => createOllamaSession({ tu: unitOf(fn), fn, config: testConfig({ OLLAMA_HOST: server.url, SLMCC_STRATEGY: 'zero-shot', ...env }) });

describe('checkOllama', () => {
  it('finds the model and its digest', async () => {
    expect(await checkOllama(testConfig({ OLLAMA_HOST: server.url }))).toEqual({ ok: true, model: TEST_MODEL, digest: TEST_DIGEST });
  });

  it('matches a name without a tag to :latest', async () => {
    const s = await startOllamaServer({ models: [{ name: 'llama3:latest', digest: 'sha256:abc' }] });
    expect(await checkOllama(testConfig({ OLLAMA_HOST: s.url, SLMCC_MODEL: 'llama3' }))).toEqual({ ok: true, model: 'llama3:latest', digest: 'sha256:abc' });
    await s.close();
  });

  it('says which model is missing and how to get it', async () => {
    const r = await checkOllama(testConfig({ OLLAMA_HOST: server.url, SLMCC_MODEL: 'phi4:14b' }));
    expect(r).toEqual({ ok: false, reason: `model phi4:14b is not pulled on ${server.url}/ (have: ${TEST_MODEL}); run: ollama pull phi4:14b` });
  });

  it('reports a down server', async () => {
    const port = await deadPort();
    const r = await checkOllama(testConfig({ OLLAMA_HOST: `http://127.0.0.1:${port}` }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^Ollama at http:\/\/127\.0\.0\.1:\d+\/ is unreachable: .*ECONNREFUSED/);
  });

  it('pays for a silent server once in 20 checks, across fresh calls sharing a cache root', async () => {
    const blackHole = await startOllamaServer();
    blackHole.setBehaviour({ kind: 'hang' }, { everywhere: true });
    const cacheDir = tempDir();
    const t0 = Date.now();
    const reasons: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await checkOllama(testConfig({ OLLAMA_HOST: blackHole.url }, cacheDir));
      if (!r.ok) reasons.push(r.reason);
    }
    const ms = Date.now() - t0;
    expect(reasons).toHaveLength(20);
    expect(reasons[0]).toMatch(/no answer within 1\.5 s$/);
    expect(reasons[19]).toMatch(/remembered from \d+ s ago/);
    expect(blackHole.requests).toHaveLength(1);
    expect(ms).toBeLessThan(CHECK_TIMEOUT_MS + 1000);
    await blackHole.close();
  });

  it('asks again once the server answers', async () => {
    const cacheDir = tempDir();
    const port = await deadPort();
    expect((await checkOllama(testConfig({ OLLAMA_HOST: `http://127.0.0.1:${port}` }, cacheDir))).ok).toBe(false);
    // Another host is not covered by that memory.
    expect((await checkOllama(testConfig({ OLLAMA_HOST: server.url }, cacheDir))).ok).toBe(true);
  });
});

describe('a session that cannot get a candidate ends in a clean none', () => {
  it.each([
    ['a down server', async () => ({ OLLAMA_HOST: `http://127.0.0.1:${await deadPort()}` }), /cannot talk to Ollama at .*ECONNREFUSED.* \(after 3 attempts\)$/],
    ['a missing model', async () => ({ SLMCC_MODEL: 'nope:1b' }), /model nope:1b is not available: model "nope:1b" not found/],
  ])('%s', async (_, env, reason) => {
    const s = session(await env());
    const [p] = await s.propose();
    expect(p).toMatchObject({ form: 'none', origin: { provider: 'ollama', strategy: 'zero-shot' } });
    if (p.form === 'none') expect(p.reason).toMatch(reason);
  });

  it('a slow server: the per-request timeout, no retry', async () => {
    server.setBehaviour({ kind: 'slow', ms: 3000 });
    const before = server.generations().length;
    const t0 = Date.now();
    const s = session({ SLMCC_MODEL_TIMEOUT: '0.5' });
    const [p] = await s.propose();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(p).toEqual({ form: 'none', origin: expect.anything(), reason: `zero-shot: no reply from ${TEST_MODEL} within 0.5 s (SLMCC_MODEL_TIMEOUT)` });
    expect(server.generations().length - before).toBe(1);
    expect(s.transcript[0].error).toMatch(/within 0\.5 s/);
  });

  it('500s: retried with backoff, then given up', async () => {
    server.setBehaviour({ kind: 'status', status: 500, body: 'upstream exploded', contentType: 'text/plain' });
    const log = vi.spyOn(console, 'log');
    const s = session({});
    const [p] = await s.propose();
    expect(p).toMatchObject({ form: 'none', reason: 'zero-shot: server answered HTTP 500: upstream exploded (after 3 attempts)' });
    expect(s.requests).toBe(3);
    // The ollama package logs when an error body is not JSON; the provider must keep it quiet.
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });

  it('a 500 that clears up: the retry gets the candidate', async () => {
    server.setBehaviour({ kind: 'status', status: 503 }, { times: 1 });
    const s = session({ SLMCC_REPLY: 'plan' });
    const [p] = await s.propose();
    expect(p).toMatchObject({ form: 'plan', plan: MATMUL_PLAN });
    expect(s.requests).toBe(2);
  });

  it('a 400 is not retried', async () => {
    server.setBehaviour({ kind: 'status', status: 400 });
    const s = session({});
    const [p] = await s.propose();
    expect(p).toMatchObject({ form: 'none', reason: 'zero-shot: server answered HTTP 400: scripted failure 400' });
    expect(s.requests).toBe(1);
  });

  it.each([
    ['malformed JSON', { kind: 'malformed' } as const, /^zero-shot: the server sent malformed JSON/],
    ['an empty reply', { kind: 'empty' } as const, /^zero-shot: the model returned an empty reply$/],
    ['a closed connection', { kind: 'close' } as const, /^zero-shot: cannot talk to Ollama at .* \(after 3 attempts\)$/],
  ])('%s', async (_, behaviour, reason) => {
    server.setBehaviour(behaviour);
    const [p] = await session({}).propose();
    expect(p.form).toBe('none');
    if (p.form === 'none') expect(p.reason).toMatch(reason);
  });

  it('garbage where a plan was asked for', async () => {
    server.setBehaviour({ kind: 'text', content: 'As an AI model I think the loops are fine.' });
    const [p] = await session({ SLMCC_REPLY: 'plan' }).propose();
    expect(p).toMatchObject({ form: 'none', reason: expect.stringMatching(/^plan rejected: reply is not JSON/) });
  });

  it('a reply with no code where code was asked for', async () => {
    server.setBehaviour({ kind: 'text', content: 'You could parallelise the outer loop with OpenMP.' });
    const [p] = await session({ SLMCC_REPLY: 'code' }).propose();
    expect(p).toMatchObject({ form: 'none', reason: 'code rejected: no C function in the reply' });
  });

  it('a reply for another function', async () => {
    server.setBehaviour({ kind: 'text', content: MATMUL_CODE });
    const [p] = await session({ SLMCC_REPLY: 'code' }, DOT).propose();
    expect(p).toMatchObject({ form: 'none', reason: 'code rejected: no definition of dot in the reply (it defines: matmul, main)' });
  });
});

describe('feedback', () => {
  const candidate = (text: string): Candidate => ({ id: 'c1', origin: { provider: 'ollama' }, form: 'code', text });

  it('continues the conversation with the failure, at most SLMCC_RETRIES times', async () => {
    const s = session({ SLMCC_REPLY: 'code', SLMCC_RETRIES: '1' });
    const [first] = await s.propose();
    expect(first.form).toBe('code');
    const before = server.generations().length;
    const [second] = await s.feedback(candidate(first.form === 'code' ? first.code : ''), 'tsan: data race on C[i][j]');
    expect(second.form).toBe('code');
    const sent = server.generations().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].messages.at(-2)!.role).toBe('assistant');
    expect(sent[0].messages.at(-1)!.content).toContain('tsan: data race on C[i][j]');
    expect(await s.feedback(candidate('x'), 'again')).toEqual([{ form: 'none', origin: expect.anything(), reason: 'no retries left (SLMCC_RETRIES=1)' }]);
    expect(s.transcript.map((t) => t.step)).toEqual(['answer', 'feedback 1']);
  });

  it('react phrases it as an observation from the verification tool', async () => {
    const s = session({ SLMCC_STRATEGY: 'react', SLMCC_REPLY: 'plan' });
    await s.propose();
    const before = server.generations().length;
    await s.feedback(candidate('void matmul() {}'), 'compile: error: use of undeclared identifier');
    expect(server.generations()[before].messages.at(-1)!.content).toMatch(/^Observation \(verification tool\): the candidate failed\.\ncompile: error/);
  });
});
