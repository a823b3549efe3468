import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRATEGIES, type Strategy } from '../../src/config/index.js';
import { SEED } from '../../src/propose/chat/index.js';
import { createOllamaSession } from '../../src/propose/ollama/index.js';
import { PLAN_SCHEMA } from '../../src/core/plan.js';
import { testConfig } from '../fixtures/ollama-config.js';
import { MATMUL, MATMUL_CODE, MATMUL_PLAN, unitOf } from '../fixtures/ollama-kernels.js';
import { startOllamaServer, TEST_MODEL, type OllamaTestServer } from '../fixtures/ollama-server.js';

let server: OllamaTestServer;
beforeAll(async () => {
  server = await startOllamaServer({ functions: { matmul: { plan: MATMUL_PLAN, code: MATMUL_CODE } } });
});
afterAll(() => server.close());

/** How many model requests each strategy's prompt program makes, per reply form. */
const REQUESTS: Record<Strategy, { plan: number; code: number }> = {
  'zero-shot': { plan: 1, code: 1 },
  'few-shot': { plan: 1, code: 1 },
  'chain-of-thought': { plan: 2, code: 1 },
  'step-by-step': { plan: 3, code: 3 },
  react: { plan: 2, code: 2 },
  'tree-of-thoughts': { plan: 3, code: 3 },
};

describe.each(STRATEGIES)('strategy %s', (strategy) => {
  it.each(['plan', 'code'] as const)('ends in a %s through the real ollama client', async (reply) => {
    const config = testConfig({ OLLAMA_HOST: server.url, SLMCC_STRATEGY: strategy, SLMCC_REPLY: reply });
    const before = server.generations().length;
    const session = createOllamaSession({ tu: unitOf(MATMUL), fn: MATMUL, config, facts: ['L1: no loop-carried dependence'] });
    const proposals = await session.propose();

    const sent = server.generations().slice(before);
    expect(sent).toHaveLength(REQUESTS[strategy][reply]);
    expect(session.requests).toBe(sent.length);
    for (const r of sent) {
      expect(r.model).toBe(TEST_MODEL);
      expect(r.stream).toBe(false);
      expect(r.options).toMatchObject({ temperature: 0, seed: SEED });
      expect(r.options!.num_predict).toBeGreaterThan(0);
      expect(r.options!.num_ctx).toBeGreaterThanOrEqual(2048);
      expect(r.messages[0].role).toBe('system');
      expect(r.messages[0].content).toContain('OpenMP 5.0');
    }
    // The task: the function text and the analysis summary, in the first user message.
    const task = sent[0].messages.filter((m) => m.role === 'user').at(-1)!.content;
    expect(task).toContain('C[i][j] += A[i][k] * B[k][j];');
    const last = sent.at(-1)!;
    if (reply === 'plan') expect(last.format).toEqual(PLAN_SCHEMA);
    else expect(last.format).toBeUndefined();

    expect(proposals).toHaveLength(1);
    const p = proposals[0];
    expect(p.origin).toEqual({ provider: 'ollama', model: TEST_MODEL, strategy });
    if (reply === 'plan') {
      expect(p).toMatchObject({ form: 'plan', plan: MATMUL_PLAN });
    } else {
      expect(p.form).toBe('code');
      if (p.form === 'code') {
        expect(p.code).toMatch(/^void matmul\(int n, double C\[n\]\[n\]/);
        expect(p.code).toContain('#pragma omp parallel for schedule(static)');
        expect(p.code).not.toContain('main');
      }
    }
    expect(session.transcript).toHaveLength(sent.length);
    expect(session.transcript.every((t) => t.reply.length > 0 && !t.error)).toBe(true);
  });
});

describe('what the strategies send', () => {
  const run = async (strategy: Strategy, reply: 'plan' | 'code') => {
    const before = server.generations().length;
    const config = testConfig({ OLLAMA_HOST: server.url, SLMCC_STRATEGY: strategy, SLMCC_REPLY: reply });
    await createOllamaSession({ tu: unitOf(MATMUL), fn: MATMUL, config, facts: ['L1: no loop-carried dependence'] }).propose();
    return server.generations().slice(before);
  };

  it('few-shot shows four worked examples in the asked-for form before the task', async () => {
    const [plan] = await run('few-shot', 'plan');
    const answers = plan.messages.filter((m) => m.role === 'assistant').map((m) => JSON.parse(m.content));
    expect(answers.map((a) => a.function)).toEqual(['dot', 'smooth', 'scaled_product', 'prefix_sum']);
    expect(answers[3].loops[0].parallel).toBe(false);
    const [code] = await run('few-shot', 'code');
    const blocks = code.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    expect(blocks.every((b) => b.startsWith('```c\n'))).toBe(true);
    expect(blocks[0]).toContain('reduction(+:s)');
  });

  it('react answers its action with the dependence facts as an observation', async () => {
    const sent = await run('react', 'plan');
    const observation = sent[1].messages.at(-1)!.content;
    expect(observation).toMatch(/^Observation:/);
    expect(observation).toContain('L1: no loop-carried dependence');
  });

  it('tree-of-thoughts asks for branches, then ratings, then expands the best', async () => {
    const sent = await run('tree-of-thoughts', 'code');
    expect((sent[0].format as { required: string[] }).required).toEqual(['candidates']);
    expect((sent[1].format as { required: string[] }).required).toEqual(['ratings']);
    expect(sent[2].messages.at(-1)!.content).toMatch(/^Expand candidate 1 /);
  });
});

describe('the react dependence tool', () => {
  it('shows each loop its own facts and the accesses the analysis found', async () => {
    const { inspect } = await import('../../src/propose/chat/strategies/react.js');
    const config = testConfig({ OLLAMA_HOST: server.url });
    const facts = ['loop L1 (line 4): rows are independent', 'loop L1.1.1 (line 6): C[i][j] accumulates over k'];
    const ctx = { input: { tu: unitOf(MATMUL), fn: MATMUL, facts }, form: config.reply, ask: async () => '', answer: async () => ({}) as never };
    expect(inspect(ctx, 'inspect L1')).toBe('L1: write C[i][j], read A[i][k], read B[k][j]\n  loop L1 (line 4): rows are independent');
    expect(inspect(ctx, 'inspect L1.1.1').split('\n')[1]).toBe('  loop L1.1.1 (line 6): C[i][j] accumulates over k');
  });
});
