// The openai provider: the real `openai` client against a scripted
// OpenAI-compatible server, with the Ollama provider's strategies, feedback
// and reply reading; and the whole compile path through bin/slmcc with each
// strategy.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STRATEGIES, type Strategy } from '../../src/config/index.js';
import type { Candidate } from '../../src/core/candidate.js';
import { SEED } from '../../src/propose/chat/index.js';
import { checkOpenAI, createOpenAISession } from '../../src/propose/openai/index.js';
import { PLAN_SCHEMA } from '../../src/core/plan.js';
import { keyProviderFor } from '../../src/pipeline/provider.js';
import { tempDir, testConfig } from '../fixtures/ollama-config.js';
import { MATMUL, MATMUL_CODE, MATMUL_PLAN, unitOf } from '../fixtures/ollama-kernels.js';
import { OPENAI_TEST_MODEL, startOpenAIServer, type OpenAITestServer } from '../fixtures/openai-server.js';
import { CLANG, SLMCC, run, runAsync, slmccEnv, writeFiles } from '../support/driver-env.js';

const KEY = 'sk-test-0123456789';
let server: OpenAITestServer;
const SCRIPT = {
  apiKey: KEY,
  functions: { matmul: { plan: MATMUL_PLAN, code: MATMUL_CODE, reasoning: 'Rows of C are independent.' } },
};
beforeAll(async () => {
  server = await startOpenAIServer(SCRIPT);
});
afterEach(() => {
  server.setBehaviour({ kind: 'normal' });
  server.setScript(SCRIPT);
});
afterAll(() => server.close());

const env = (extra: Record<string, string> = {}) => ({
  SLMCC_PROVIDER: 'openai',
  SLMCC_OPENAI_BASE_URL: server.url,
  OPENAI_API_KEY: KEY,
  SLMCC_MODEL: OPENAI_TEST_MODEL,
  SLMCC_MODEL_REVISION: 'r1',
  ...extra,
});

const session = (extra: Record<string, string> = {}) =>
  createOpenAISession({ tu: unitOf(MATMUL), fn: MATMUL, config: testConfig(env({ SLMCC_STRATEGY: 'zero-shot', ...extra })), facts: ['L1: no loop-carried dependence'] });

async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('checkOpenAI', () => {
  it('finds the served model and takes the revision from SLMCC_MODEL_REVISION', async () => {
    expect(await checkOpenAI(testConfig(env()))).toEqual({ ok: true, model: OPENAI_TEST_MODEL, revision: 'r1' });
    const models = server.requests.filter((r) => r.path === '/v1/models').at(-1)!;
    expect(models.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('says which model is missing', async () => {
    const r = await checkOpenAI(testConfig(env({ SLMCC_MODEL: 'gpt-4o' })));
    expect(r).toEqual({ ok: false, reason: `model gpt-4o is not served by ${server.url} (have: ${OPENAI_TEST_MODEL})` });
  });

  it('reports a wrong key and a down server, and remembers the down server', async () => {
    const bad = await checkOpenAI(testConfig(env({ OPENAI_API_KEY: 'sk-wrong' })));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/HTTP 401: .*Incorrect API key.*check OPENAI_API_KEY/);
    const cacheDir = tempDir();
    const url = `http://127.0.0.1:${await deadPort()}/v1`;
    const down = await checkOpenAI(testConfig(env({ SLMCC_OPENAI_BASE_URL: url }), cacheDir));
    expect(down.ok).toBe(false);
    if (!down.ok) expect(down.reason).toMatch(/^the OpenAI-compatible server at http:\/\/127\.0\.0\.1:\d+\/v1 is unreachable: .*ECONNREFUSED/);
    const again = await checkOpenAI(testConfig(env({ SLMCC_OPENAI_BASE_URL: url }), cacheDir));
    expect(again).toMatchObject({ ok: false, reason: expect.stringMatching(/remembered from \d+ s ago/) });
  });

  it('never shows the key or a password in `slmcc --slmcc config`', () => {
    const out = run(SLMCC, ['--slmcc', 'config'], {
      cwd: tempDir(),
      env: slmccEnv({ ...env(), OLLAMA_HOST: 'http://builder:pw-ollama@gpu:11434', SLMCC_REMOTE_STORAGE: 'redis://:pw-redis@cache:6379/0|read-only', SLMCC_OLLAMA_TOKEN: 'tok-secret' }),
    });
    expect(out.stdout).toMatch(/SLMCC_OPENAI_API_KEY +\*\*\*/);
    expect(out.stdout).toContain('http://builder:***@gpu:11434');
    expect(out.stdout).toContain('redis://:***@cache:6379/0|read-only');
    for (const secret of [KEY, 'pw-ollama', 'pw-redis', 'tok-secret']) expect(out.stdout).not.toContain(secret);
    const bad = run(SLMCC, ['--slmcc', 'config'], { cwd: tempDir(), env: slmccEnv({ SLMCC_REMOTE_STORAGE: 'redis://:pw-redis@cache:6379/zz' }) });
    expect(bad.stdout).toContain('SLMCC_REMOTE_STORAGE="redis://:***@cache:6379/zz" is not valid');
    expect(bad.stdout).not.toContain('pw-redis');
  });

  it('puts the revision in the cache key, in place of a digest', () => {
    const k1 = keyProviderFor(testConfig(env()), { kind: 'openai', revision: 'r1' });
    const k2 = keyProviderFor(testConfig(env({ SLMCC_MODEL_REVISION: 'r2' })), { kind: 'openai', revision: 'r2' });
    expect(k1).toMatchObject({ name: 'openai', model: OPENAI_TEST_MODEL, digest: 'revision:r1' });
    expect(k2.digest).toBe('revision:r2');
  });
});

/** Requests per strategy and reply form: the same prompt programs as the Ollama provider. */
const REQUESTS: Record<Strategy, { plan: number; code: number }> = {
  'zero-shot': { plan: 1, code: 1 },
  'few-shot': { plan: 1, code: 1 },
  'chain-of-thought': { plan: 2, code: 1 },
  'step-by-step': { plan: 3, code: 3 },
  react: { plan: 2, code: 2 },
  'tree-of-thoughts': { plan: 3, code: 3 },
};

describe.each(STRATEGIES)('strategy %s through the real openai client', (strategy) => {
  it.each(['plan', 'code'] as const)('ends in a %s', async (reply) => {
    const before = server.completions().length;
    const s = session({ SLMCC_STRATEGY: strategy, SLMCC_REPLY: reply });
    const proposals = await s.propose();
    const sent = server.completions().slice(before);
    expect(sent).toHaveLength(REQUESTS[strategy][reply]);
    expect(s.requests).toBe(sent.length);
    for (const body of sent) {
      expect(body).toMatchObject({ model: OPENAI_TEST_MODEL, temperature: 0, seed: SEED, stream: false });
      expect(body.max_tokens).toBeGreaterThan(0);
      expect(body.messages[0]).toMatchObject({ role: 'system' });
      expect(body.messages[0].content).toContain('OpenMP 5.0');
    }
    const headers = server.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .slice(-sent.length)
      .map((r) => r.headers.authorization);
    expect(new Set(headers)).toEqual(new Set([`Bearer ${KEY}`]));
    const last = sent.at(-1)!;
    if (reply === 'plan') {
      expect(last.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'slmcc_function', schema: PLAN_SCHEMA, strict: false } });
    } else {
      expect(last.response_format).toBeUndefined();
    }
    expect(proposals).toHaveLength(1);
    const p = proposals[0];
    expect(p.origin).toEqual({ provider: 'openai', model: OPENAI_TEST_MODEL, strategy });
    if (reply === 'plan') expect(p).toMatchObject({ form: 'plan', plan: MATMUL_PLAN });
    else expect(p.form === 'code' && p.code).toMatch(/^void matmul\(int n, double C\[n\]\[n\]/);
  });
});

describe('replies the openai provider refuses, with the same reasons as the Ollama provider', () => {
  it('a reply cut at max_tokens ran out of tokens', async () => {
    server.setBehaviour({ kind: 'length' });
    const [p] = await session().propose();
    expect(p).toMatchObject({ form: 'none', origin: { provider: 'openai' } });
    if (p.form === 'none') expect(p.reason).toMatch(/^zero-shot: the model ran out of tokens: the reply was cut at the limit of \d+ generated tokens$/);
  });

  it('a plan for another function, and code that renames the function, are refused', async () => {
    server.setScript({ ...SCRIPT, functions: { matmul: { plan: { ...MATMUL_PLAN, function: 'other' }, code: MATMUL_CODE.replace('void matmul(', 'void other(') } } });
    const [plan] = await session().propose();
    expect(plan.form === 'none' && plan.reason).toBe('plan rejected: it is for function "other", not "matmul"');
    const [code] = await session({ SLMCC_REPLY: 'code' }).propose();
    expect(code.form === 'none' && code.reason).toMatch(/^code rejected: no definition of matmul in the reply/);
  });

  it('an empty reply, a 5xx retried then given up, and a missing model', async () => {
    server.setBehaviour({ kind: 'empty' });
    const [e] = await session().propose();
    expect(e.form === 'none' && e.reason).toBe('zero-shot: the model returned an empty reply');
    server.setBehaviour({ kind: 'status', status: 503, message: 'loading' });
    const before = server.completions().length;
    const [u] = await session().propose();
    expect(u.form === 'none' && u.reason).toBe('zero-shot: server answered HTTP 503: 503 loading (after 3 attempts)');
    expect(server.completions().length - before).toBe(3);
    server.setBehaviour({ kind: 'normal' });
    const [m] = await session({ SLMCC_MODEL: 'nope' }).propose();
    expect(m.form === 'none' && m.reason).toMatch(/^zero-shot: model nope is not available on http:\/\/127\.0\.0\.1:\d+\/v1/);
  });
});

describe('feedback retries', () => {
  it('continue the conversation with the failed check, once per SLMCC_RETRIES', async () => {
    const s = session({ SLMCC_RETRIES: '1' });
    const [p] = await s.propose();
    expect(p.form).toBe('plan');
    if (p.form !== 'plan') return;
    const cand: Candidate = { id: 'openai-1', origin: p.origin, form: 'plan', plan: p.plan, text: 'void matmul(void) {}' };
    const before = server.completions().length;
    const [again] = await s.feedback(cand, 'tsan: data race on C[i][j]');
    expect(again.form).toBe('plan');
    const sent = server.completions().slice(before);
    expect(sent).toHaveLength(1);
    const msgs = sent[0].messages as { role: string; content: string }[];
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(msgs[3].content).toContain('tsan: data race on C[i][j]');
    expect(sent[0].response_format.json_schema.schema).toEqual(PLAN_SCHEMA);
    const [none] = await s.feedback(cand, 'again');
    expect(none.form === 'none' && none.reason).toBe('no retries left (SLMCC_RETRIES=1)');
  });
});

const PROGRAM = `#include <stdio.h>
#include <stdlib.h>
double dot(int n, const double *restrict a, const double *restrict b) {
  double s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
int main(void) {
  int n = 200000;
  double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  for (int i = 0; i < n; i++) { a[i] = i % 7; b[i] = i % 5; }
  printf("%.1f\\n", dot(n, a, b));
  return 0;
}
`;

describe('the compile path with SLMCC_PROVIDER=openai', () => {
  const DOT_PLAN = { function: 'dot', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: '+', vars: ['s'] }] }] };
  const e2eScript = { apiKey: KEY, functions: { dot: { plan: DOT_PLAN, reasoning: 'A sum: a reduction over s.' }, main: { plan: { function: 'main', loops: [] } } } };

  it.each(STRATEGIES)(
    "%s: asks the server, checks the plan, and the program prints what clang-19's does",
    async (strategy) => {
      server.setScript(e2eScript);
      const dir = tempDir('slmcc-openai-e2e-');
      writeFiles(dir, { 'dot.c': PROGRAM });
      const cache = path.join(dir, 'cache');
      const before = server.completions().length;
      // A private temp dir: decisions other compiles on this machine have in flight are not this build's.
      const tmp = path.join(dir, 'tmp');
      fs.mkdirSync(tmp);
      const r = await runAsync(SLMCC, ['-O2', 'dot.c', '-o', 'dot'], { cwd: dir, env: slmccEnv({ SLMCC_CACHE_DIR: cache, SLMCC_STRATEGY: strategy, TMPDIR: tmp, ...env() }) });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      const records = fs
        .readFileSync(path.join(cache, 'decisions.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const dot = records.find((d) => d.function === 'dot');
      expect(dot, JSON.stringify(records)).toMatchObject({ provider: 'openai', model: OPENAI_TEST_MODEL, strategy });
      expect(dot.modelRequests).toBeGreaterThanOrEqual(REQUESTS[strategy].plan);
      expect(dot.candidates.some((c: { provider: string }) => c.provider === 'openai')).toBe(true);
      expect(server.completions().length - before).toBeGreaterThanOrEqual(REQUESTS[strategy].plan);
      expect(run(CLANG, ['-O2', 'dot.c', '-o', 'ref'], { cwd: dir }).status).toBe(0);
      expect(run(path.join(dir, 'dot'), [], { cwd: dir }).stdout).toBe(run(path.join(dir, 'ref'), [], { cwd: dir }).stdout);
    },
    180_000,
  );
});
