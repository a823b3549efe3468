// Tree-of-thoughts on a matrix product, with replies scripted the way a
// small model answers. Besides pinning the program (three branches, ratings,
// the best expanded), it writes docs/tree-of-thoughts-example.md when run
// with SLMCC_WRITE_EXAMPLE=1: the full prompt and reply of every request.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../src/propose/chat/index.js';
import { createOllamaSession } from '../../src/propose/ollama/index.js';
import { testConfig } from '../fixtures/ollama-config.js';
import { MATMUL, unitOf } from '../fixtures/ollama-kernels.js';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollama-server.js';

const CANDIDATES = {
  candidates: [
    {
      idea: 'Parallelise the outer i loop: each thread computes whole rows of C.',
      plan: { function: 'matmul', loops: [{ loop: 'L1', parallel: true, schedule: 'static', reason: 'iteration i writes only row i of C' }] },
    },
    {
      idea: 'Collapse the i and j loops and share the n*n dot products among threads.',
      plan: { function: 'matmul', loops: [{ loop: 'L1', parallel: true, collapse: 2, schedule: 'static', reason: 'every (i, j) writes its own C[i][j]' }] },
    },
    {
      idea: 'Swap j and k so the inner loop walks B and C with stride 1, and parallelise the rows.',
      plan: {
        function: 'matmul',
        loops: [
          { loop: 'L1', parallel: true, schedule: 'static', reason: 'rows of C are independent' },
          { loop: 'L1.1', parallel: false, interchangeWith: 'L1.1.1', reason: 'i-k-j order: B[k][j] and C[i][j] become stride-1 in the inner loop' },
        ],
      },
    },
  ],
};

const RATINGS = {
  ratings: [
    { candidate: 1, safe: 9, fast: 6, why: 'rows are independent, but the inner k loop reads B column-wise with stride n' },
    { candidate: 2, safe: 9, fast: 5, why: 'correct, but collapse adds index arithmetic and keeps the strided access to B' },
    { candidate: 3, safe: 9, fast: 9, why: 'same safe row split, and the interchange makes the innermost loop stride-1 and vectorisable' },
  ],
};

const FINAL = [
  'Candidate 3: rows of C are split among threads, and within a row the k loop is moved outside the j loop so that B[k][j] and C[i][j] are read with stride 1.',
  '',
  '```c',
  'void matmul(int n, double C[n][n], const double A[n][n], const double B[n][n]) {',
  '  #pragma omp parallel for schedule(static)',
  '  for (int i = 0; i < n; i++)',
  '    for (int k = 0; k < n; k++)',
  '      for (int j = 0; j < n; j++)',
  '        C[i][j] += A[i][k] * B[k][j];',
  '}',
  '```',
].join('\n');

let server: OllamaTestServer;
beforeAll(async () => {
  server = await startOllamaServer({
    functions: { matmul: { structured: { candidates: CANDIDATES, ratings: RATINGS }, code: FINAL, plan: CANDIDATES.candidates[2].plan } },
  });
});
afterAll(() => server.close());

function render(entries: TranscriptEntry[], proposal: unknown, planFinal: TranscriptEntry): string {
  const out: string[] = [
    '# Tree-of-thoughts on a matrix product',
    '',
    'One full run of the `tree-of-thoughts` strategy (`SLMCC_STRATEGY=tree-of-thoughts`, `SLMCC_REPLY=code`) on',
    'the matrix product below, against the scripted Ollama test server (`test/fixtures/ollama-server.ts`),',
    'through the real `ollama` client. The replies are scripted the way a small model answers; the prompts',
    'are exactly what slmcc sends. Regenerate with',
    '`SLMCC_WRITE_EXAMPLE=1 npx vitest run test/propose/strategies-tot-example.test.ts`.',
    '',
    'The program: (1) propose three plans as structured output, (2) rate each for safety and speed,',
    '(3) expand the best (score = 2 x safe + fast) into the final answer. Each request carries the whole',
    'conversation so far; below, each request shows only the messages it adds.',
    '',
  ];
  let shown = 0;
  entries.forEach((e, i) => {
    out.push(`## Request ${i + 1}: ${e.step}`, '');
    out.push(`Options: \`${JSON.stringify(e.options)}\`${e.format ? `; \`format\`: \`${JSON.stringify(e.format)}\`` : ''}`, '');
    for (const m of e.messages.slice(shown)) {
      out.push(`### ${m.role}`, '', '````text', m.content, '````', '');
    }
    out.push('### reply', '', '````text', e.reply, '````', '');
    shown = e.messages.length + 1;
  });
  out.push('## The proposal slmcc takes from it', '', '```json', JSON.stringify(proposal, null, 2), '```', '');
  out.push(
    '## With `SLMCC_REPLY=plan` (the default)',
    '',
    'Requests 1 and 2 are the same. Request 3 ends with the plan instruction instead, and is sent with',
    '`format` set to the plan schema (PLAN_SCHEMA), so the model can only answer with a plan:',
    '',
    '````text',
    planFinal.messages.at(-1)!.content,
    '````',
    '',
    'Reply:',
    '',
    '```json',
    planFinal.reply,
    '```',
    '',
  );
  return out.join('\n');
}

it('tree-of-thoughts on a matrix product: three branches, rated, the interchange expanded', async () => {
  const config = testConfig({ OLLAMA_HOST: server.url, SLMCC_STRATEGY: 'tree-of-thoughts', SLMCC_REPLY: 'code' });
  const session = createOllamaSession({
    tu: unitOf(MATMUL),
    fn: MATMUL,
    config,
    facts: ['L1: no loop-carried dependence (C[i][j] is written only by iteration i)', 'L1.1.1: C[i][j] is a sum over k (reduction in k)'],
  });
  const [proposal] = await session.propose();
  expect(session.transcript.map((t) => t.step)).toEqual(['branches', 'ratings', 'expand best']);
  expect(session.transcript[2].messages.at(-1)!.content).toMatch(/^Expand candidate 3 \(Swap j and k/);
  expect(proposal).toMatchObject({ form: 'code', rationale: expect.stringMatching(/^candidate 3 of 3/) });
  if (proposal.form === 'code') expect(proposal.code).toContain('for (int k = 0; k < n; k++)\n      for (int j = 0;');

  const planConfig = testConfig({ OLLAMA_HOST: server.url, SLMCC_STRATEGY: 'tree-of-thoughts', SLMCC_REPLY: 'plan' });
  const planSession = createOllamaSession({ tu: unitOf(MATMUL), fn: MATMUL, config: planConfig });
  const [plan] = await planSession.propose();
  expect(plan).toMatchObject({ form: 'plan', plan: CANDIDATES.candidates[2].plan });

  if (process.env.SLMCC_WRITE_EXAMPLE === '1') {
    fs.writeFileSync('docs/tree-of-thoughts-example.md', render(session.transcript, proposal, planSession.transcript[2]));
  }
});
