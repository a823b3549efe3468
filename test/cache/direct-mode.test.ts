// Direct mode: a rebuild finds the whole object from the command line and the
// files the preprocessor read, without -E, a parse or a verdict lookup; any
// change to those inputs is a miss and goes the long way round. These tests
// pin Node's direct mode; bin/slmcc's own (test/shell-direct.test.ts) would
// serve most of these rebuilds first, so a setting the script does not vouch
// for sends every call here to Node.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG, SLMCC, run, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';
import { SCALE, SCALE_MAIN as PROGRAM } from '../support/scale-program.js';

// A loop with a dependence from one iteration to the next: nothing to parallelise.
const PREFIX = 'void prefix(int n, double *a) { for (int i = 1; i < n; i++) a[i] += a[i - 1]; }\n';

function stats(env: NodeJS.ProcessEnv, cwd: string): Record<string, number> {
  const r = run(SLMCC, ['--slmcc', 'cache', 'stats', '--json'], { cwd, env });
  return JSON.parse(r.stdout).stats;
}

function setUp() {
  const dir = tempDir('slmcc-direct-');
  writeFiles(dir, { 'scale.c': SCALE, 'k.h': '#define K 3.0\n', 'main.c': PROGRAM, 'prefix.c': PREFIX });
  const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache'), SLMCC_VERBOSE: '0' });
  const cc = (args: string[]) => {
    const r = run(SLMCC, args, { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  };
  const output = () => {
    expect(run(CLANG, ['-O2', '-c', 'main.c'], { cwd: dir }).status).toBe(0);
    expect(run(SLMCC, ['main.o', 'scale.o', '-o', 'prog'], { cwd: dir, env }).status).toBe(0);
    return run(path.join(dir, 'prog'), [], { cwd: dir }).stdout;
  };
  const objects = () => {
    const root = path.join(dir, 'cache', 'objects');
    return fs.existsSync(root) ? fs.readdirSync(root).flatMap((s) => fs.readdirSync(path.join(root, s)).map((n) => path.join(root, s, n))) : [];
  };
  // The first build of a command line stores its object only once every
  // verdict is final; a timing probe that found the machine busy leaves a
  // function undecided, to be decided by the next build. So build until it is.
  const stamp = () =>
    objects()
      .map((f) => `${f}@${fs.statSync(f).mtimeMs}`)
      .join();
  const settle = (args: string[]) => {
    const before = stamp();
    for (let i = 0; i < 4 && stamp() === before; i++) cc(args);
    expect(stamp(), 'no final verdict after 4 builds').not.toBe(before);
  };
  return { dir, env, cc, settle, objects, output, objectHits: () => stats(env, dir).objectHits ?? 0 };
}

describe('direct mode', () => {
  it('serves a rebuild its whole object, byte-identical, and logs the decisions as cached', () => {
    const { dir, cc, settle, objectHits } = setUp();
    settle(['-O2', '-c', 'scale.c']);
    const first = fs.readFileSync(path.join(dir, 'scale.o'));
    expect(objectHits()).toBe(0);
    fs.rmSync(path.join(dir, 'scale.o'));
    cc(['-O2', '-c', 'scale.c']);
    expect(objectHits()).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'scale.o')).equals(first)).toBe(true);
    const log = fs
      .readFileSync(path.join(dir, 'cache', 'decisions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.at(-2)).toMatchObject({ function: 'scale', from: 'checked' });
    expect(log.at(-1)).toMatchObject({ function: 'scale', from: 'cache' });
  });

  it('the decision cache alone rebuilds the same object when the objects are gone', () => {
    const { dir, cc, settle } = setUp();
    settle(['-O2', '-c', 'scale.c']);
    const first = fs.readFileSync(path.join(dir, 'scale.o'));
    fs.rmSync(path.join(dir, 'cache', 'objects'), { recursive: true });
    cc(['-O2', '-c', 'scale.c']);
    expect(fs.readFileSync(path.join(dir, 'scale.o')).equals(first)).toBe(true);
  });

  it('a changed header is a miss, and the program follows the header', () => {
    const { dir, settle, output, objectHits } = setUp();
    settle(['-O2', '-c', 'scale.c']);
    expect(output()).toBe('4.0 2998.0\n');
    writeFiles(dir, { 'k.h': '#define K 5.0\n' });
    settle(['-O2', '-c', 'scale.c']);
    expect(objectHits()).toBe(0);
    expect(output()).toBe('6.0 4996.0\n');
  });

  it('a changed flag is a miss', () => {
    const { cc, settle, objectHits } = setUp();
    settle(['-O2', '-c', 'scale.c']);
    settle(['-O3', '-c', 'scale.c']);
    expect(objectHits()).toBe(0);
    cc(['-O3', '-c', 'scale.c']);
    expect(objectHits()).toBe(1);
  });

  it("remembers that the original stands, and then leaves clang-19's object alone", () => {
    const { dir, cc, settle, objectHits } = setUp();
    settle(['-O2', '-c', 'prefix.c', '-o', 'a.o']);
    settle(['-O2', '-c', 'prefix.c', '-o', 'b.o']);
    expect(run(CLANG, ['-O2', '-c', 'prefix.c', '-o', 'c.o'], { cwd: dir }).status).toBe(0);
    expect(objectHits()).toBe(0); // -o is part of the command line, so b.o was a miss
    cc(['-O2', '-c', 'prefix.c', '-o', 'b.o']);
    expect(objectHits()).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'b.o')).equals(fs.readFileSync(path.join(dir, 'c.o')))).toBe(true);
  });

  it('a truncated or corrupted object is a miss and is removed; the build is still right', () => {
    const { cc, settle, objects, output, objectHits } = setUp();
    settle(['-O2', '-c', 'scale.c']);
    const files = objects();
    expect(files).toHaveLength(1);
    fs.truncateSync(files[0], Math.floor(fs.statSync(files[0]).size / 2));
    cc(['-O2', '-c', 'scale.c']);
    expect(objectHits()).toBe(0);
    expect(output()).toBe('4.0 2998.0\n');
    const bytes = fs.readFileSync(files[0]);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(files[0], bytes);
    cc(['-O2', '-c', 'scale.c']);
    expect(objectHits()).toBe(0);
    expect(output()).toBe('4.0 2998.0\n');
  });

  it('stores nothing for a source that reads the clock', () => {
    const { dir, env } = setUp();
    writeFiles(dir, { 'clock.c': 'const char *built = __DATE__;\n' + SCALE });
    expect(run(SLMCC, ['-O2', '-c', 'clock.c'], { cwd: dir, env }).status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'cache', 'objects'))).toBe(false);
  });
});
