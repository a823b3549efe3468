// Builds pay once: a function a busy machine could not decide is pending and
// costs later builds nothing until a quiet build decides it; a macro given as
// a separate argument keeps its value in the key; the launcher form works.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSticky, markPending, readPending, STICKY_AFTER } from '../../src/cache/pending.js';
import { CLANG, run, SLMCC, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

const KERNEL = (name: string, k: number) => `void ${name}(int n, const double *restrict a, double *restrict b) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      b[i * n + j] = a[i * n + j] * 2.0 + ${k};
}
`;

interface Rec {
  function: string;
  key: string;
  reason: string;
  candidates: unknown[];
  verdict: { kind: string };
}
const records = (log: string): Rec[] =>
  fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Rec)
    : [];

/** Pretends another slmcc process is deciding into this cache (this test's own pid is alive and is not the compile's). */
function otherDecisionInFlight(cacheDir: string): () => void {
  const dir = path.join(cacheDir, 'inflight');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-test.json`);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, source: 'other.c', function: 'other', phase: 'probe', started: new Date().toISOString() }));
  return () => fs.rmSync(file, { force: true });
}

describe('the pending policy', () => {
  it('retries a busy function on the next builds, and leaves it alone after three busy attempts', () => {
    const root = tempDir();
    const key = 'ab'.repeat(32);
    markPending(root, key, 'machine busy: other processes used 0.9 cores during the probe');
    expect(isSticky(readPending(root, key)!)).toBe(false);
    markPending(root, key, 'machine busy');
    expect(isSticky(readPending(root, key)!)).toBe(false);
    markPending(root, key, 'machine busy');
    expect(readPending(root, key)!.attempts).toBe(STICKY_AFTER);
    expect(isSticky(readPending(root, key)!)).toBe(true);
  });

  it('leaves a function alone at once when a parallel build was deciding something else', () => {
    const root = tempDir();
    markPending(root, 'cd'.repeat(32), 'another slmcc compile was deciding at the same time', { sticky: true });
    expect(isSticky(readPending(root, 'cd'.repeat(32))!)).toBe(true);
  });
});

describe('a build pays once', () => {
  it('leaves a function pending while another compile decides, keeps it pending without checks, and decides it in a quiet retry', () => {
    const dir = tempDir();
    writeFiles(dir, { 'k.c': KERNEL('scale2', 1) });
    const log = path.join(dir, 'decisions.jsonl');
    const env = slmccEnv({ SLMCC_LOG: log, SLMCC_CACHE_DIR: path.join(dir, 'cache') });
    const done = otherDecisionInFlight(path.join(dir, 'cache'));
    try {
      const first = run(SLMCC, ['-O2', '-c', 'k.c', '-o', 'k.o'], { cwd: dir, env });
      expect(first.status).toBe(0);
      expect(first.stderr).toBe('');
    } finally {
      done();
    }
    const [a] = records(log);
    expect(a.verdict.kind).toBe('undecided');
    expect(a.reason).toMatch(/pending: another slmcc compile was deciding/);
    expect(a.candidates).toHaveLength(0);

    // Nothing changed and nothing else runs: still no checks, no timing.
    fs.rmSync(path.join(dir, 'k.o'));
    expect(run(SLMCC, ['-O2', '-c', 'k.c', '-o', 'k.o'], { cwd: dir, env }).status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'k.o'))).toBe(true);
    const after = records(log).slice(1);
    for (const r of after) {
      expect(r.candidates).toHaveLength(0);
      expect(r.reason).toMatch(/pending/);
    }

    const retry = run(SLMCC, ['-O2', '-c', 'k.c', '-o', 'k.o'], { cwd: dir, env: { ...env, SLMCC_RETRY_PENDING: '1' } });
    expect(retry.status).toBe(0);
    const last = records(log).at(-1)!;
    expect(last.function).toBe('scale2');
    expect(last.candidates.length).toBeGreaterThan(0);
  }, 180_000);

  it('a second make -j2 with nothing changed checks nothing', () => {
    const dir = tempDir();
    const files: Record<string, string> = {
      Makefile: 'OBJS=$(patsubst %.c,%.o,$(wildcard f*.c))\nall: $(OBJS)\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\nclean:\n\trm -f *.o\n',
    };
    for (let i = 0; i < 4; i++) files[`f${i}.c`] = KERNEL(`k${i}`, i);
    writeFiles(dir, files);
    const log = path.join(dir, 'decisions.jsonl');
    const env = slmccEnv({ SLMCC_LOG: log, SLMCC_CACHE_DIR: path.join(dir, 'cache') });
    // Nothing is decided inside a parallel make (test/shell-direct.test.ts
    // pins what a later serial build decides): no record has a candidate.
    expect(run('make', ['-s', '-j2', `CC=${SLMCC}`], { cwd: dir, env }).status).toBe(0);
    for (const r of records(log)) expect(r.candidates).toHaveLength(0);
    run('make', ['-s', 'clean'], { cwd: dir, env });
    expect(run('make', ['-s', '-j2', `CC=${SLMCC}`], { cwd: dir, env }).status).toBe(0);
    for (let i = 0; i < 4; i++) expect(fs.existsSync(path.join(dir, `f${i}.o`))).toBe(true);
    for (const r of records(log)) expect(r.candidates).toHaveLength(0);
    expect(fs.existsSync(path.join(dir, 'cache', 'locks'))).toBe(false);
  }, 300_000);

  it('keeps the value of a macro given as a separate -D argument in the key', () => {
    const dir = tempDir();
    writeFiles(dir, {
      // N reaches the function's text only through the flag, given as two
      // arguments: the preprocessed text in the key must carry its value.
      'm.c': `void sc(int n, double *restrict b) {\n  for (int i = 0; i < n; i++) b[i] = b[i] * N + 1.0;\n}\n`,
    });
    const log = path.join(dir, 'decisions.jsonl');
    const env = slmccEnv({ SLMCC_LOG: log, SLMCC_CACHE_DIR: path.join(dir, 'cache') });
    // With another decision in flight, each compile only records its key as pending: cheap.
    const done = otherDecisionInFlight(path.join(dir, 'cache'));
    try {
      expect(run(SLMCC, ['-O2', '-D', 'N=1', '-c', 'm.c', '-o', 'm1.o'], { cwd: dir, env }).status).toBe(0);
      expect(run(SLMCC, ['-O2', '-D', 'N=2', '-c', 'm.c', '-o', 'm2.o'], { cwd: dir, env }).status).toBe(0);
    } finally {
      done();
    }
    const keys = records(log)
      .filter((r) => r.function === 'sc')
      .map((r) => r.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  }, 60_000);

  it('serves a checkout in another folder from the warm cache, and keeps folders apart when debug info records them', () => {
    const cache = tempDir();
    const files = { 'src/k.c': '#include "k.h"\n' + KERNEL('scale2', 4), 'src/k.h': '#define K 4\n' };
    const a = tempDir();
    const b = tempDir();
    writeFiles(a, files);
    writeFiles(b, files);
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache });
    const hits = () => JSON.parse(run(SLMCC, ['--slmcc', 'cache', 'stats', '--json'], { cwd: a, env }).stdout).stats.objectHits ?? 0;
    const done = otherDecisionInFlight(cache);
    try {
      expect(run(SLMCC, ['-O2', '-c', 'src/k.c', '-o', 'k.o'], { cwd: a, env }).status).toBe(0);
      expect(run(SLMCC, ['-O2', '-g', '-c', 'src/k.c', '-o', 'kg.o'], { cwd: a, env }).status).toBe(0);
    } finally {
      done();
    }
    expect(hits()).toBe(0);
    expect(run(SLMCC, ['-O2', '-c', 'src/k.c', '-o', 'k.o'], { cwd: b, env }).status).toBe(0);
    expect(hits()).toBe(1);
    expect(fs.readFileSync(path.join(b, 'k.o')).equals(fs.readFileSync(path.join(a, 'k.o')))).toBe(true);
    expect(run(SLMCC, ['-O2', '-g', '-c', 'src/k.c', '-o', 'kg.o'], { cwd: b, env }).status).toBe(0);
    expect(hits()).toBe(1);
  }, 60_000);

  it('does not build a harness for a loop over a linked list, and says why in the record and in explain', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'list.c': `struct node { struct node *next; long v; };
long sum_list(const struct node *p, int rounds) {
  long s = 0;
  for (int r = 0; r < rounds; r++)
    for (const struct node *q = p; q; q = q->next) s += q->v * r;
  return s;
}
`,
    });
    const log = path.join(dir, 'decisions.jsonl');
    const env = slmccEnv({ SLMCC_LOG: log, SLMCC_CACHE_DIR: path.join(dir, 'cache'), SLMCC_MAX_FUNCTIONS: '4' });
    expect(run(SLMCC, ['-O2', '-c', 'list.c'], { cwd: dir, env }).status).toBe(0);
    const recs = records(log).filter((r) => r.function === 'sum_list');
    expect(recs).toHaveLength(1);
    expect(recs[0].candidates).toHaveLength(0);
    expect(recs[0].reason).toMatch(/not decided at compile time: its loops index no arrays.*tune/);
    const explained = run(SLMCC, ['--slmcc', 'explain', 'list.c'], { cwd: dir, env });
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/sum_list .*not decided at compile time/);
  }, 60_000);

  it('works as a launcher: slmcc clang-19 -c x.c, then a link through it', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'k.c': KERNEL('scale2', 3),
      'main.c': '#include <stdio.h>\nvoid scale2(int, const double *, double *);\nint main(void) { double a[4] = {1, 2, 3, 4}, b[4]; scale2(2, a, b); printf("%g %g\\n", b[0], b[3]); return 0; }\n',
    });
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache'), SLMCC_MODE: 'cache-only' });
    expect(run(SLMCC, [CLANG, '-O2', '-c', 'k.c', '-o', 'k.o'], { cwd: dir, env }).status).toBe(0);
    expect(run(SLMCC, [CLANG, '-O2', '-c', 'main.c', '-o', 'main.o'], { cwd: dir, env }).status).toBe(0);
    expect(run(SLMCC, [CLANG, 'main.o', 'k.o', '-o', 'prog'], { cwd: dir, env }).status).toBe(0);
    expect(run(path.join(dir, 'prog'), [], { cwd: dir }).stdout).toBe('5 11\n');
  }, 60_000);
});
