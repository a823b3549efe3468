// The whole compile path through bin/slmcc: real clang-19, the real checks,
// and for Ollama the real client against the scripted test server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollama-server.js';
import { CLANG, SLMCC, run, runAsync, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

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

function decisions(cacheDir: string): { function: string; verdict: { kind: string }; reason: string; modelRequests?: number; from: string }[] {
  const log = path.join(cacheDir, 'decisions.jsonl');
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('the compile path end to end with the builtin provider', () => {
  it('builds a program that prints what the clang-19 build prints, and a warm rebuild is byte-identical', () => {
    const dir = tempDir();
    writeFiles(dir, { 'dot.c': PROGRAM });
    const cache = path.join(dir, 'cache');
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache });
    const cold = run(SLMCC, ['-O2', '-c', 'dot.c', '-o', 'dot.o'], { cwd: dir, env });
    expect(cold.status).toBe(0);
    expect(cold.stderr).toBe('');
    const first = fs.readFileSync(path.join(dir, 'dot.o'));
    expect(run(SLMCC, ['dot.o', '-o', 'dot'], { cwd: dir, env }).status).toBe(0);
    expect(run(CLANG, ['-O2', 'dot.c', '-o', 'ref'], { cwd: dir }).status).toBe(0);
    expect(run(path.join(dir, 'dot'), [], { cwd: dir }).stdout).toBe(run(path.join(dir, 'ref'), [], { cwd: dir }).stdout);
    const cold_decisions = decisions(cache);
    expect(cold_decisions.map((d) => d.function)).toContain('dot');

    // The rebuild reads stored verdicts only, so it asks and checks nothing and writes the same object.
    fs.rmSync(path.join(dir, 'dot.o'));
    const warm = run(SLMCC, ['-O2', '-c', 'dot.c', '-o', 'dot.o'], { cwd: dir, env: { ...env, SLMCC_MODE: 'cache-only' } });
    expect(warm.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dot.o')).equals(first)).toBe(true);
    // main's hot fill loop is judged too, by itself (outlined): two units to check on a cold build.
  }, 300_000);

  it('a corrupt cache never breaks the build', () => {
    const dir = tempDir();
    writeFiles(dir, { 'dot.c': PROGRAM });
    const cache = path.join(dir, 'cache');
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache });
    expect(run(SLMCC, ['-O2', '-c', 'dot.c', '-o', 'dot.o'], { cwd: dir, env }).status).toBe(0);
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(cache)) fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2));
    const r = run(SLMCC, ['-O2', '-c', 'dot.c', '-o', 'dot.o'], { cwd: dir, env: { ...env, SLMCC_MODE: 'cache-only' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(run(SLMCC, ['dot.o', '-o', 'dot'], { cwd: dir, env }).status).toBe(0);
    expect(run(CLANG, ['-O2', 'dot.c', '-o', 'ref'], { cwd: dir }).status).toBe(0);
    expect(run(path.join(dir, 'dot'), [], { cwd: dir }).stdout).toBe(run(path.join(dir, 'ref'), [], { cwd: dir }).stdout);
  });
});

describe('the compile path when the named provider is not there', () => {
  it("SLMCC_PROVIDER=ollama with no server logs each hot function as undecided and keeps clang-19's object", () => {
    const dir = tempDir();
    writeFiles(dir, { 'dot.c': PROGRAM });
    const cache = path.join(dir, 'cache');
    const r = run(SLMCC, ['-O2', '-c', 'dot.c', '-o', 'dot.o'], { cwd: dir, env: slmccEnv({ SLMCC_CACHE_DIR: cache, SLMCC_PROVIDER: 'ollama' }) });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(run(CLANG, ['-O2', '-c', 'dot.c', '-o', 'ref.o'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dot.o')).equals(fs.readFileSync(path.join(dir, 'ref.o')))).toBe(true);
    const dot = decisions(cache).find((d) => d.function === 'dot')!;
    expect(dot).toMatchObject({ verdict: { kind: 'undecided' }, from: 'checked' });
    expect(dot.reason).toMatch(/^SLMCC_PROVIDER=ollama but Ollama at .* is unreachable/);
  });
});

describe('the compile path end to end with Ollama', () => {
  let server: OllamaTestServer;
  beforeAll(async () => {
    server = await startOllamaServer({
      functions: {
        dot: { plan: { function: 'dot', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: '+', vars: ['s'] }] }] } },
        main: { plan: { function: 'main', loops: [] } },
      },
    });
  });
  afterAll(async () => server.close());

  it("asks the model, checks its plan, and the program still prints what clang-19's does", async ({ skip }) => {
    const dir = tempDir();
    writeFiles(dir, { 'dot.c': PROGRAM });
    const cache = path.join(dir, 'cache');
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache, SLMCC_PROVIDER: 'ollama', OLLAMA_HOST: server.url });
    const r = await runAsync(SLMCC, ['-O2', 'dot.c', '-o', 'dot'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    let dot = decisions(cache).find((d) => d.function === 'dot')!;
    expect(dot.modelRequests, JSON.stringify(dot)).toBeGreaterThan(0);
    const chats = server.requests.filter((q) => q.path === '/api/chat');
    expect(chats.length).toBeGreaterThan(0);
    expect(run(CLANG, ['-O2', 'dot.c', '-o', 'ref'], { cwd: dir }).status).toBe(0);
    expect(run(path.join(dir, 'dot'), [], { cwd: dir }).stdout).toBe(run(path.join(dir, 'ref'), [], { cwd: dir }).stdout);

    // A rebuild with the same cache asks the model nothing, once the verdict is
    // stored (a busy probe leaves it undecided, which is not: decide it again first).
    for (let i = 0; i < 3 && dot.verdict.kind === 'undecided'; i++) {
      expect((await runAsync(SLMCC, ['-O2', '-c', 'dot.c', '-o', 'dot.o'], { cwd: dir, env: { ...env, SLMCC_RETRY_PENDING: '1' } })).status).toBe(0);
      dot = decisions(cache)
        .filter((d) => d.function === 'dot')
        .at(-1)!;
    }
    // A machine busy with other work the whole time stores no verdict: the rebuild's claim cannot be checked, and the test says so.
    if (dot.verdict.kind === 'undecided') skip();
    const before = server.requests.filter((q) => q.path === '/api/chat').length;
    expect((await runAsync(SLMCC, ['-O2', '-c', 'dot.c', '-o', 'dot.o'], { cwd: dir, env })).status).toBe(0);
    expect(server.requests.filter((q) => q.path === '/api/chat').length).toBe(before);
    // Up to four full decisions of one function, each built, run under the sanitizers and timed.
  }, 600_000);

  it('a server that never answers is asked once for a whole build of 20 files, and the build is unchanged', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`f${i}.c`] = `void f${i}(int n, double *restrict a) { for (int j = 0; j < n; j++) a[j] = a[j] * ${i} + 1; }\n`;
    writeFiles(dir, files);
    const tagsBefore = server.requests.filter((q) => q.path === '/api/tags').length;
    server.setBehaviour({ kind: 'hang' }, { everywhere: true });
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache'), SLMCC_PROVIDER: 'ollama', OLLAMA_HOST: server.url });
    for (let i = 0; i < 20; i++) {
      const r = await runAsync(SLMCC, ['-O2', '-c', `f${i}.c`], { cwd: dir, env });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
    }
    server.setBehaviour({ kind: 'normal' }, { everywhere: true });
    const tags = server.requests.filter((q) => q.path === '/api/tags').length - tagsBefore;
    // One check reached the hanging server; the other 19 compiles remembered it was down.
    expect(tags).toBeLessThanOrEqual(1);
    for (let i = 0; i < 20; i++) expect(fs.existsSync(path.join(dir, `f${i}.o`))).toBe(true);
  });
});
