// bin/slmcc runs clang-19 itself, without starting Node, for a compile whose
// sources have no loop keyword: that call is most of a build and Node's
// start-up would be most of its cost. Everything else must reach Node.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG, SLMCC, run, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

const FILES: Record<string, string> = {
  'plain.c': '#include <string.h>\nint len(const char *s) { return (int)strlen(s); } /* formatted */\n',
  'loop.c': 'int sum(const int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }\n',
  'while.c': 'int f(int n) { while (n > 1) n /= 2; return n; }\n',
  'args.rsp': '-c plain.c\n',
  'main.c': 'int len(const char *s);\nint main(void) { return len("abc") - 3; }\n',
  'omp.c': '#include <omp.h>\nint threads(void) { return omp_get_max_threads(); }\n',
  'usesomp.c': 'int threads(void);\nint main(void) { return threads() > 0 ? 0 : 1; }\n',
};

/** A folder whose `node` records that it was started, then runs the real one. */
function watchedNode(dir: string): { env: (extra?: Record<string, string>) => NodeJS.ProcessEnv; started: () => boolean } {
  const bin = path.join(dir, 'fake-bin');
  const mark = path.join(dir, 'node-started');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'node'), `#!/bin/sh\necho >> '${mark}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  return {
    env: (extra = {}) => {
      const env = slmccEnv(extra);
      delete env.SLMCC_PROVIDER;
      return { ...env, PATH: `${bin}:${env.PATH}`, ...extra };
    },
    started: () => fs.existsSync(mark),
  };
}

function setUp() {
  const dir = tempDir('slmcc-fast-');
  writeFiles(dir, FILES);
  return { dir, node: watchedNode(dir) };
}

describe('the script fast path', () => {
  it('compiles a loop-free file without starting Node, into the object clang-19 makes', () => {
    const { dir, node } = setUp();
    expect(run(SLMCC, ['-O2', '-c', 'plain.c', '-o', 'slmcc.o'], { cwd: dir, env: node.env() }).status).toBe(0);
    expect(run(CLANG, ['-O2', '-c', 'plain.c', '-o', 'clang.o'], { cwd: dir }).status).toBe(0);
    expect(node.started()).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'slmcc.o')).equals(fs.readFileSync(path.join(dir, 'clang.o')))).toBe(true);
  });

  it('keeps to settings it can vouch for: cache folder, log, model, a valid mode or provider', () => {
    const { dir, node } = setUp();
    const env = node.env({ SLMCC_CACHE_DIR: path.join(dir, 'c'), SLMCC_LOG: 'x', SLMCC_MODEL: 'm', SLMCC_MODE: 'cache-only', SLMCC_PROVIDER: 'builtin' });
    expect(run(SLMCC, ['-c', 'plain.c'], { cwd: dir, env }).status).toBe(0);
    expect(node.started()).toBe(false);
  });

  it.each([
    ['a for loop', ['-c', 'loop.c'], {}],
    ['a while loop', ['-c', 'while.c'], {}],
    ['one loop among several sources', ['-c', 'plain.c', 'loop.c'], {}],
    ['a compile and link with an object beside the sources', ['plain.c', 'main.o', '-o', 'prog'], {}],
    ['a call with no input', ['--version'], {}],
    ['a response file', ['@args.rsp'], {}],
    ['-x', ['-x', 'c', '-c', 'plain.c'], {}],
    ['stdin', ['-c', '-'], {}],
    ['a management command', ['--slmcc', 'version'], {}],
    ['a missing source', ['-c', 'nope.c'], {}],
    ['a bad mode, which Node must name', ['-c', 'plain.c'], { SLMCC_MODE: 'fast' }],
    ['a setting the script does not check', ['-c', 'plain.c'], { SLMCC_THREADS: '2' }],
    ['a chosen compiler', ['-c', 'plain.c'], { SLMCC_CC: CLANG }],
    ['a nested call', ['-c', 'plain.c'], { SLMCC_ACTIVE: '1' }],
  ] as [string, string[], Record<string, string>][])('leaves %s to Node', (_name, args, extra) => {
    const { dir, node } = setUp();
    run(SLMCC, args, { cwd: dir, env: node.env(extra), input: 'int k;\n' });
    expect(node.started()).toBe(true);
  });

  it('compiles and links loop-free sources without starting Node, into the program clang-19 links', () => {
    const { dir, node } = setUp();
    expect(run(SLMCC, ['-O2', 'plain.c', 'main.c', '-o', 'slmcc-prog'], { cwd: dir, env: node.env() }).status).toBe(0);
    expect(run(CLANG, ['-O2', 'plain.c', 'main.c', '-o', 'clang-prog'], { cwd: dir }).status).toBe(0);
    expect(node.started()).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'slmcc-prog')).equals(fs.readFileSync(path.join(dir, 'clang-prog')))).toBe(true);
  });

  it('links objects without starting Node, into the program clang-19 links', () => {
    const { dir, node } = setUp();
    expect(run(CLANG, ['-O2', '-c', 'plain.c', 'main.c'], { cwd: dir }).status).toBe(0);
    expect(run(SLMCC, ['plain.o', 'main.o', '-o', 'slmcc-prog'], { cwd: dir, env: node.env() }).status).toBe(0);
    expect(run(CLANG, ['plain.o', 'main.o', '-o', 'clang-prog'], { cwd: dir }).status).toBe(0);
    expect(node.started()).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'slmcc-prog')).equals(fs.readFileSync(path.join(dir, 'clang-prog')))).toBe(true);
  });

  it('adds the OpenMP runtime to a link whose objects call it, as the Node driver does', () => {
    const { dir, node } = setUp();
    expect(run(CLANG, ['-fopenmp', '-c', 'omp.c'], { cwd: dir }).status).toBe(0);
    expect(run(CLANG, ['-c', 'usesomp.c'], { cwd: dir }).status).toBe(0);
    expect(run(CLANG, ['omp.o', 'usesomp.o', '-o', 'clang-prog'], { cwd: dir }).status).not.toBe(0);
    const r = run(SLMCC, ['omp.o', 'usesomp.o', '-o', 'prog'], { cwd: dir, env: node.env() });
    expect(r.status, r.stderr).toBe(0);
    expect(node.started()).toBe(false);
    expect(run(path.join(dir, 'prog'), [], { cwd: dir }).status).toBe(0);
  });

  it('adds the runtime when such an object sits in an archive the link takes with -L and -l, in the script and in Node', () => {
    const { dir, node } = setUp();
    expect(run(CLANG, ['-fopenmp', '-c', 'omp.c'], { cwd: dir }).status).toBe(0);
    fs.mkdirSync(path.join(dir, 'lib'));
    expect(run('ar', ['rcs', 'lib/libk.a', 'omp.o'], { cwd: dir }).status).toBe(0);
    expect(run(CLANG, ['-c', 'usesomp.c'], { cwd: dir }).status).toBe(0);
    expect(run(CLANG, ['usesomp.o', '-Llib', '-lk', '-o', 'clang-prog'], { cwd: dir }).status).not.toBe(0);
    const script = run(SLMCC, ['usesomp.o', '-Llib', '-lk', '-o', 'prog'], { cwd: dir, env: node.env() });
    expect(script.status, script.stderr).toBe(0);
    expect(node.started()).toBe(false);
    expect(run(path.join(dir, 'prog'), [], { cwd: dir }).status).toBe(0);
    // `-L lib` as two words is Node's to read.
    const viaNode = run(SLMCC, ['usesomp.o', '-L', 'lib', '-lk', '-o', 'prog2'], { cwd: dir, env: node.env() });
    expect(viaNode.status, viaNode.stderr).toBe(0);
    expect(node.started()).toBe(true);
    expect(run(path.join(dir, 'prog2'), [], { cwd: dir }).status).toBe(0);
  });

  it('the Node driver adds the runtime when such an object is linked beside a source', () => {
    const { dir, node } = setUp();
    expect(run(CLANG, ['-fopenmp', '-c', 'omp.c'], { cwd: dir }).status).toBe(0);
    const r = run(SLMCC, ['usesomp.c', 'omp.o', '-o', 'prog'], { cwd: dir, env: node.env() });
    expect(r.status, r.stderr).toBe(0);
    expect(node.started()).toBe(true);
    expect(run(path.join(dir, 'prog'), [], { cwd: dir }).status).toBe(0);
  });

  it('leaves a folder with a slmcc.json to Node', () => {
    const { dir, node } = setUp();
    writeFiles(dir, { 'slmcc.json': '{"mode":"off"}' });
    expect(run(SLMCC, ['-c', 'plain.c'], { cwd: dir, env: node.env() }).status).toBe(0);
    expect(node.started()).toBe(true);
  });
});
