// The decision log and the report that reads it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { appendDecision, readDecisions } from '../../src/verify/index.js';

it('the decision log keeps one line per decision and the report reads it', async () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-log-'));
  const log = path.join(d, 'sub', 'decisions.jsonl');
  const base = { version: 1 as const, time: new Date().toISOString(), source: 'k.c', loopLines: [3], hotness: 1, key: 'k', provider: 'builtin', from: 'checked' as const, ms: 4200 };
  appendDecision(log, {
    ...base,
    function: 'waves',
    candidates: [{ id: 'c1', provider: 'builtin', form: 'plan', checks: [], speedup: 1.9 }],
    verdict: { kind: 'candidate', candidateId: 'c1', text: '', speedup: 1.9 },
    reason: 'fastest',
    pollySpeedup: 1.0,
  });
  appendDecision(log, { ...base, function: 'prefix', candidates: [], verdict: { kind: 'original', reason: 'no candidate passed' }, reason: 'no candidate passed' });
  fs.appendFileSync(log, '{"torn');
  appendDecision('/proc/nonexistent/x.jsonl', { ...base, function: 'x', candidates: [], verdict: { kind: 'original', reason: '' }, reason: '' });
  expect(readDecisions(log).map((r) => r.function)).toEqual(['waves', 'prefix']);
  const html = path.join(d, 'r.html');
  // The report runs as users run it (the built CLI), in a child: replacing
  // process.stdout.write inside a vitest worker never returned.
  const r = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '..', '..', 'dist', 'main.js'), '--slmcc', 'report', '--log', log, '--html', html], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const out = [r.stdout];
  expect(out.join('')).toMatch(/waves\s+candidate.*1\.90x/);
  expect(fs.readFileSync(html, 'utf8')).toMatch(/<svg[\s\S]*waves/);
});
