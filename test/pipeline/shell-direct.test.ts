// bin/slmcc's direct mode: a compile whose outcome Node settled is served
// before Node starts (the user's own compile, then the stored object), and
// anything the entry does not vouch for (a changed header, a tampered object,
// another folder when debug info records it, a server that may have come up)
// goes to Node. Inside a parallel make nothing is decided; a serial build does.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG, SLMCC, run, runAsync, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';
import { WHOLE_SOURCE } from '../../src/core/decision.js';
import { SCALE, SCALE_MAIN as MAIN } from '../support/scale-program.js';

/** A folder whose `node` notes each start, then runs the real one. */
function counted(dir: string, extra: Record<string, string> = {}) {
  const bin = path.join(dir, 'fake-bin');
  const mark = path.join(dir, 'node-starts');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'node'), `#!/bin/sh\necho >> '${mark}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  const env = slmccEnv(extra);
  env.PATH = `${bin}:${env.PATH}`;
  const starts = () => (fs.existsSync(mark) ? fs.readFileSync(mark, 'utf8').split('\n').length - 1 : 0);
  return { env, starts };
}

function setUp(extra: Record<string, string> = {}) {
  const dir = tempDir('slmcc-shell-');
  writeFiles(dir, { 'scale.c': SCALE, 'k.h': '#define K 3.0\n', 'main.c': MAIN });
  const cache = path.join(dir, 'cache');
  const { env, starts } = counted(dir, { SLMCC_CACHE_DIR: cache, ...extra });
  // Async: a decision under load can take a minute, longer than vitest lets a worker block.
  const cc = async (args: string[], cwd = dir, e = env) => {
    const r = await runAsync(SLMCC, args, { cwd, env: e });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  };
  // A busy probe leaves a function undecided for the next builds; build until Node stops starting.
  const settle = async (args: string[], cwd = dir) => {
    for (let i = 0; i < 5; i++) {
      const before = starts();
      await cc(args, cwd);
      if (starts() === before) return;
    }
    throw new Error('Node still starts after 5 builds');
  };
  const program = (cwd = dir) => {
    expect(run(CLANG, ['-O2', '-c', 'main.c'], { cwd }).status).toBe(0);
    expect(run(SLMCC, ['main.o', 'scale.o', '-o', 'prog'], { cwd, env }).status).toBe(0);
    return run(path.join(cwd, 'prog'), [], { cwd }).stdout;
  };
  const stats = () => JSON.parse(run(SLMCC, ['--slmcc', 'cache', 'stats', '--json'], { cwd: dir, env }).stdout).stats as Record<string, number>;
  const storedObjects = () => {
    const o = path.join(cache, 'shell-v1', 'o');
    return fs.existsSync(o) ? fs.readdirSync(o).map((n) => path.join(o, n)) : [];
  };
  return { dir, env, cc, settle, starts, program, stats, storedObjects };
}

describe('the script serves settled compiles', () => {
  it('places the object Node placed, byte for byte, without starting Node, and counts the hit', async () => {
    const { dir, cc, settle, starts, program, stats } = setUp();
    await settle(['-O2', '-c', 'scale.c']);
    const placedByNode = fs.readFileSync(path.join(dir, 'scale.o'));
    fs.rmSync(path.join(dir, 'scale.o'));
    const before = starts();
    await cc(['-O2', '-c', 'scale.c']);
    expect(starts()).toBe(before);
    expect(fs.readFileSync(path.join(dir, 'scale.o')).equals(placedByNode)).toBe(true);
    expect(stats().shellHits).toBeGreaterThanOrEqual(1);
    expect(program()).toBe('4.0 2998.0\n');
  }, 300_000);

  it('goes to Node when a header changed, and the program follows the header', async () => {
    const { dir, cc, settle, starts, program } = setUp();
    await settle(['-O2', '-c', 'scale.c']);
    writeFiles(dir, { 'k.h': '#define K 5.0\n' });
    const before = starts();
    await cc(['-O2', '-c', 'scale.c']);
    expect(starts()).toBe(before + 1);
    expect(program()).toBe('6.0 4996.0\n');
  }, 300_000);

  it('goes to Node when the stored object was tampered with, and the build stays right', async (ctx) => {
    const { cc, settle, starts, program, storedObjects } = setUp();
    await settle(['-O2', '-c', 'scale.c']);
    // A probe a busy machine spoiled three times leaves the original: no object to tamper with.
    if (storedObjects().length === 0) ctx.skip();
    for (const f of storedObjects()) fs.writeFileSync(f, 'not an object');
    const before = starts();
    await cc(['-O2', '-c', 'scale.c']);
    expect(starts()).toBe(before + 1);
    expect(program()).toBe('4.0 2998.0\n');
  }, 300_000);

  it('serves another checkout without Node, except where debug info records the folder', async () => {
    const { dir, env, cc, settle, starts } = setUp();
    await settle(['-O2', '-c', 'scale.c']);
    await settle(['-O2', '-g', '-c', 'scale.c', '-o', 'scale-g.o']);
    const other = tempDir('slmcc-shell-other-');
    writeFiles(other, { 'scale.c': SCALE, 'k.h': '#define K 3.0\n' });
    let before = starts();
    await cc(['-O2', '-c', 'scale.c'], other, env);
    expect(starts()).toBe(before);
    expect(fs.readFileSync(path.join(other, 'scale.o')).equals(fs.readFileSync(path.join(dir, 'scale.o')))).toBe(true);
    before = starts();
    await cc(['-O2', '-g', '-c', 'scale.c', '-o', 'scale-g.o'], other, env);
    expect(starts()).toBe(before + 1);
  }, 300_000);

  it('under auto, holds an entry the builtin decided only while no server was found', async () => {
    const { dir, cc, settle, starts } = setUp({ SLMCC_PROVIDER: 'auto' });
    await settle(['-O2', '-c', 'scale.c']);
    // What Node does when it finds the server up again.
    fs.rmSync(path.join(dir, 'cache', 'shell-v1', 'no-server'));
    const before = starts();
    await cc(['-O2', '-c', 'scale.c']);
    expect(starts()).toBe(before + 1);
  }, 300_000);
});

describe('parallel makes', () => {
  const MAKEFILE = 'OBJS=$(patsubst %.c,%.o,$(wildcard f*.c))\nall: $(OBJS)\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\nclean:\n\trm -f *.o\n';
  const KERNEL = (name: string, k: number) => `void ${name}(int n, const double *restrict a, double *restrict b) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      b[i * n + j] = a[i * n + j] * 2.0 + ${k};
}
`;

  it('decide nothing, a second one starts no Node, and a serial build decides what they left', async () => {
    const dir = tempDir('slmcc-par-');
    const files: Record<string, string> = { Makefile: MAKEFILE };
    for (let i = 0; i < 4; i++) files[`f${i}.c`] = KERNEL(`k${i}`, i);
    writeFiles(dir, files);
    const { env, starts } = counted(dir, { SLMCC_CACHE_DIR: path.join(dir, 'cache') });
    const make = async (jobs: string) => {
      run('make', ['-s', 'clean'], { cwd: dir, env });
      const r = await runAsync('make', ['-s', jobs, `CC=${SLMCC}`], { cwd: dir, env });
      expect(r.status, r.stderr).toBe(0);
    };
    const logFile = path.join(dir, 'cache', 'decisions.jsonl');
    const records = () =>
      (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n') : [])
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { source: string; function: string; reason: string; candidates: unknown[] });
    // A source a parallel make left alone is recorded as waiting, whole (what `status` lists); the rest are functions decided.
    const log = () => records().filter((r) => r.function !== WHOLE_SOURCE);
    const usesOpenMP = (i: number) => /__kmpc_fork_call/.test(fs.readFileSync(path.join(dir, `f${i}.o`), 'latin1'));

    // An empty cache holds no verdict these sources could use: nothing is analysed.
    await make('-j2');
    expect(starts()).toBe(4);
    expect(log()).toHaveLength(0);
    expect(
      records()
        .map((r) => r.source)
        .sort(),
    ).toEqual(['f0.c', 'f1.c', 'f2.c', 'f3.c']);
    let before = starts();
    await make('-j2');
    expect(starts()).toBe(before);

    await make('-j1');
    const decided = log();
    expect(decided.map((r) => r.function).sort()).toEqual(['k0', 'k1', 'k2', 'k3']);
    for (const r of decided) expect(r.candidates.length, r.reason).toBeGreaterThan(0);

    // What the serial build stored, later parallel makes serve, without Node.
    // A verdict a busy machine left undecided (the suite's other tests run
    // beside this one) is not stored: its compile goes to Node again.
    const unsettled = decided.filter((r) => (r as { verdict?: { kind?: string } }).verdict?.kind === 'undecided').length;
    before = starts();
    await make('-j2');
    expect(starts()).toBe(before + unsettled);
    const rewritten = decided.filter((r) => /candidate/.test(JSON.stringify((r as { verdict?: unknown }).verdict))).map((r) => Number(r.function.slice(1)));
    for (const i of rewritten) expect(usesOpenMP(i)).toBe(true);
  }, 600_000);

  it('analyse a source only once some verdict in the cache may apply to it', async () => {
    const dir = tempDir('slmcc-par-');
    writeFiles(dir, { Makefile: MAKEFILE, 'f0.c': KERNEL('k0', 0), 'f1.c': KERNEL('k1', 1) });
    const cache = path.join(dir, 'cache');
    // Node on every call (a setting the script does not vouch for), so each compile's choice shows in the log.
    const { env } = counted(dir, { SLMCC_CACHE_DIR: cache, SLMCC_VERBOSE: '0' });
    const analysed = () =>
      fs.existsSync(path.join(cache, 'decisions.jsonl'))
        ? fs
            .readFileSync(path.join(cache, 'decisions.jsonl'), 'utf8')
            .trim()
            .split('\n')
            .map((l) => (JSON.parse(l) as { function: string }).function)
            .filter((f) => f !== WHOLE_SOURCE)
        : [];
    expect((await runAsync('make', ['-s', '-j2', `CC=${SLMCC}`], { cwd: dir, env })).status).toBe(0);
    expect(analysed()).toEqual([]);
    // What storing a candidate or Polly verdict for f0.c leaves (cache/verdict-sources.ts).
    fs.writeFileSync(path.join(cache, 'sources', createHash('sha256').update('f0.c').digest('hex')), 'f0.c\n');
    run('make', ['-s', 'clean'], { cwd: dir, env });
    expect((await runAsync('make', ['-s', '-j2', `CC=${SLMCC}`], { cwd: dir, env })).status).toBe(0);
    expect(analysed()).toEqual(['k0']);
  }, 600_000);
});
