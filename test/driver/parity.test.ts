// slmcc must be indistinguishable from clang-19 wherever it does not rewrite:
// same status, same stdout and stderr, same files left behind, byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG, SLMCC, run, slmccEnv, snapshot, tempDir, writeFiles, type Outcome } from '../support/driver-env.js';

const FILES: Record<string, string> = {
  'a.c': '#include "util.h"\nint twice(int x) { return x * UTIL_K; }\n',
  'b.c': '#include <stdio.h>\n#include "util.h"\nint twice(int);\nint main(void) { printf("%d\\n", twice(21)); return 0; }\n',
  'util.h': '#define UTIL_K 2\n',
  'loops.c': 'void scale(int n, double *restrict a, double k) { for (int i = 0; i < n; i++) a[i] *= k; }\n',
  'bad.c': 'int f(void) { return 1 }\n',
  'warn.c': 'int f(int x) { int unused; if (x = 2) return 1; return 0; }\n',
  'x.cpp': 'template <class T> T id(T x) { return x; }\nint g() { return id(3); }\n',
  'args.rsp': '-c a.c -o rsp.o\n',
  's.S': '.globl f\nf: ret\n',
};

/**
 * Runs the same command line with clang-19 and with slmcc in two identical
 * folders; `setup` commands run with clang-19 in both first.
 */
function both(
  args: string[],
  input?: string,
  env: Record<string, string> = {},
  setup: string[][] = [],
): { clang: Outcome & { files: Map<string, Buffer> }; slmcc: Outcome & { files: Map<string, Buffer> } } {
  const res = {} as ReturnType<typeof both>;
  for (const who of ['clang', 'slmcc'] as const) {
    const root = tempDir(`parity-${who}-`);
    const dir = path.join(root, 'w');
    fs.mkdirSync(dir);
    writeFiles(dir, FILES);
    for (const cmd of setup) expect(run(CLANG, cmd, { cwd: dir }).status).toBe(0);
    const r = who === 'clang' ? run(CLANG, args, { cwd: dir, input }) : run(SLMCC, args, { cwd: dir, input, env: slmccEnv(env) });
    res[who] = { ...r, files: snapshot(dir) };
    fs.rmSync(root, { recursive: true, force: true });
  }
  return res;
}

function normalise(s: string): string {
  return s.replace(/\/tmp\/parity-(clang|slmcc)-\w+/g, '/tmp/parity');
}

const CASES: [string, string[], string?][] = [
  ['compile', ['-O2', '-c', 'a.c', '-o', 'a.o']],
  ['compile with loops, nothing cached', ['-O2', '-c', 'loops.c', '-o', 'loops.o']],
  ['compile and link', ['-O2', 'a.c', 'b.c', '-o', 'prog']],
  ['several sources with -c', ['-c', 'a.c', 'b.c']],
  ['-E', ['-E', 'a.c']],
  ['-S -o -', ['-S', 'a.c', '-o', '-']],
  ['-M', ['-M', 'a.c']],
  ['-MM -MF', ['-MM', 'a.c', '-MF', 'deps.d']],
  ['-MD -MF -MT', ['-c', 'a.c', '-MD', '-MF', 'a.d', '-MT', 'custom-target']],
  ['-MMD with default names', ['-c', 'a.c', '-MMD']],
  ['syntax error', ['-c', 'bad.c']],
  ['warnings', ['-Wall', '-c', 'warn.c']],
  ['warnings with -Werror', ['-Wall', '-Werror', '-c', 'warn.c']],
  ['missing file', ['-c', 'nope.c']],
  ['--version', ['--version']],
  ['-dumpversion', ['-dumpversion']],
  ['-v', ['-v']],
  ['-fsyntax-only', ['-fsyntax-only', 'a.c']],
  ['stdin', ['-x', 'c', '-c', '-', '-o', 'stdin.o'], 'int k(void){return 7;}\n'],
  ['@file', ['@args.rsp']],
  ['-o /dev/null', ['-c', 'a.c', '-o', '/dev/null']],
  ['a C++ file', ['-c', 'x.cpp']],
  ['an assembler file', ['-c', 's.S']],
  ['-print-prog-name=ld', ['-print-prog-name=ld']],
  ['no arguments', []],
  ['an unknown flag', ['-fno-such-flag-at-all', '-c', 'a.c']],
];

// bin/slmcc answers loop-free compiles itself; a setting it does not vouch
// for (any but a few) sends every call to the Node driver. Both must be clang.
const PATHS: [string, Record<string, string>][] = [
  ['script fast path where it applies', {}],
  ['Node driver always', { SLMCC_THREADS: '2' }],
];

describe.each(PATHS)('slmcc behaves as clang-19 wherever it does not rewrite (%s)', (_path, pathEnv) => {
  it.each(CASES)('%s', (_name, args, input) => {
    // cache-only with an empty cache: slmcc analyses but never rewrites.
    const { clang, slmcc } = both(args, input, { SLMCC_MODE: 'cache-only', ...pathEnv });
    expect(slmcc.status).toBe(clang.status);
    expect(normalise(slmcc.stdout)).toBe(normalise(clang.stdout));
    expect(normalise(slmcc.stderr)).toBe(normalise(clang.stderr));
    expect([...slmcc.files.keys()].sort()).toEqual([...clang.files.keys()].sort());
    for (const [name, bytes] of clang.files) expect(slmcc.files.get(name)!.equals(bytes), `${name} differs`).toBe(true);
  });

  it('a program with no rewritten object links byte-identical to clang-19', () => {
    const { clang, slmcc } = both(['a.o', 'b.o', '-o', 'prog'], undefined, pathEnv, [['-O2', '-c', 'a.c', 'b.c']]);
    expect(slmcc.status).toBe(0);
    expect(slmcc.files.get('prog')!.equals(clang.files.get('prog')!)).toBe(true);
  });
});

describe('configuration errors', () => {
  it('a bad SLMCC_MODE names the value and the accepted ones, once, and the build goes on', () => {
    const dir = tempDir();
    writeFiles(dir, FILES);
    const r = run(SLMCC, ['-c', 'a.c', '-o', 'a.o'], { cwd: dir, env: slmccEnv({ SLMCC_MODE: 'fast' }) });
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual(['slmcc: SLMCC_MODE="fast" is not valid; accepted: full, cache-only, polly, off']);
    expect(fs.existsSync(path.join(dir, 'a.o'))).toBe(true);
  });

  it('an unreadable config file is one line and the build goes on', () => {
    const dir = tempDir();
    writeFiles(dir, FILES);
    const r = run(SLMCC, ['-c', 'a.c'], { cwd: dir, env: slmccEnv({ SLMCC_CONFIG: path.join(dir, 'missing.json') }) });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^slmcc: cannot read config file .*missing\.json \(ENOENT\); fix or unset SLMCC_CONFIG\n$/);
  });

  it('no compiler found: one line and status 127', () => {
    const dir = tempDir();
    writeFiles(dir, FILES);
    const r = run(SLMCC, ['-c', 'a.c'], { cwd: dir, env: slmccEnv({ SLMCC_CC: 'no-such-compiler-19' }) });
    expect(r.status).toBe(127);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no-such-compiler-19 not found');
  });

  it('SLMCC_CC may be a command with arguments', () => {
    const dir = tempDir();
    writeFiles(dir, FILES);
    const r = run(SLMCC, ['-c', 'a.c', '-o', 'a.o'], { cwd: dir, env: slmccEnv({ SLMCC_CC: 'env clang-19' }) });
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'a.o'))).toBe(true);
  });

  it('slmcc installed as clang earlier on PATH does not call itself', () => {
    const dir = tempDir();
    writeFiles(dir, FILES);
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(SLMCC, path.join(bin, 'clang-19'));
    fs.symlinkSync(SLMCC, path.join(bin, 'clang'));
    const env = slmccEnv({ PATH: `${bin}:${process.env.PATH}` });
    const r = run(path.join(bin, 'clang'), ['-c', 'a.c', '-o', 'a.o'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'a.o'))).toBe(true);
  });
});
