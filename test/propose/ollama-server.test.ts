// The test server itself, through the real client: the endpoints the
// provider does not use on every call (streaming, /api/generate, /api/show,
// /api/version) must still behave like Ollama for the fixture to be trusted.
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATMUL_CODE, MATMUL_PLAN } from '../fixtures/ollama-kernels.js';
import { startOllamaServer, TEST_MODEL, type OllamaTestServer } from '../fixtures/ollama-server.js';

let server: OllamaTestServer;
let client: Ollama;
beforeAll(async () => {
  server = await startOllamaServer({ functions: { matmul: { plan: MATMUL_PLAN, code: MATMUL_CODE } } });
  client = new Ollama({ host: server.url });
});
afterAll(() => server.close());

describe('the Ollama test server', () => {
  it('answers /api/version, /api/tags and /api/show', async () => {
    expect((await client.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await client.list()).models.map((m) => m.name)).toEqual([TEST_MODEL]);
    expect((await client.show({ model: TEST_MODEL })).details.family).toBe('qwen2');
    await expect(client.show({ model: 'other' })).rejects.toThrow(/not found/);
  });

  it('streams chat replies as NDJSON and honours format', async () => {
    const parts: string[] = [];
    const stream = await client.chat({
      model: TEST_MODEL,
      stream: true,
      format: { type: 'object', required: ['function', 'loops'] },
      messages: [{ role: 'user', content: 'plan for matmul' }],
    });
    for await (const part of stream) parts.push(part.message.content);
    expect(parts.length).toBeGreaterThan(2);
    expect(JSON.parse(parts.join(''))).toEqual(MATMUL_PLAN);
  });

  it('answers /api/generate streamed and not, with code when a ```c block is asked for', async () => {
    const whole = await client.generate({ model: TEST_MODEL, prompt: 'matmul in one ```c block', stream: false });
    expect(whole.response).toBe(MATMUL_CODE);
    let text = '';
    for await (const part of await client.generate({ model: TEST_MODEL, prompt: 'matmul in one ```c block', stream: true })) text += part.response;
    expect(text).toBe(MATMUL_CODE);
    expect(server.requests.filter((r) => r.path === '/api/generate')).toHaveLength(2);
  });

  it('can be told to fail once and then recover', async () => {
    server.setBehaviour({ kind: 'status', status: 500 }, { times: 1 });
    await expect(client.chat({ model: TEST_MODEL, messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow('scripted failure 500');
    const ok = await client.chat({ model: TEST_MODEL, messages: [{ role: 'user', content: 'x' }], stream: false });
    expect(ok.done).toBe(true);
  });
});
