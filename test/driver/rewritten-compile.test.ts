// When a rewrite is accepted, the object compiled from slmcc's spliced
// preprocessed text must still look like the user's own build: the same -o,
// dependency files naming the user's files, __FILE__, assert messages and
// debug lines pointing at the user's source, and no failure under -Werror.
// These tests fake the accepted rewrite by splicing a parallel function by hand.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, placeReplacement, preprocess, preprocessFlags } from '../../src/driver/index.js';
import { relinkWithRewrites } from '../../src/driver/compile-and-link.js';
import { CLANG, SLMCC, run, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

const HEADER = '#define SAME(a, b) ((a) == (b))\nlong total(int n, const int *v);\n';
const MAIN = `#include <assert.h>
#include <stdio.h>
#include "inc/total.h"

long total(int n, const int *v) {
  long s = 0;
  for (int i = 0; i < n; i++) s += v[i];
  return s;
}

int main(int argc, char **argv) {
  int v[1000];
  for (int i = 0; i < 1000; i++) v[i] = i;
  long t = total(1000, v);
  if (SAME(t, 499500)) printf("%s:%d %ld\\n", __FILE__, __LINE__, t);
  assert(argc < 3 && "too many arguments");
  return 0;
}
`;

const PARALLEL_TOTAL = `long total(int n, const int *v) {
  long s = 0;
#pragma omp parallel for reduction(+:s)
  for (int i = 0; i < n; i++) s += v[i];
  return s;
}`;

/** Replaces the definition of total in preprocessed text, with line markers as the rewrite part will. */
function spliceTotal(pp: string): string {
  const start = pp.indexOf('long total(int n, const int *v) {');
  const end = pp.indexOf('\n}', start) + 2;
  const line = MAIN.split('\n').findIndex((l) => l.startsWith('long total(int n, const int *v) {')) + 1;
  const after = line + 4;
  return `${pp.slice(0, start)}\n# ${line} "src/main.c"\n${PARALLEL_TOTAL}\n# ${after} "src/main.c"\n${pp.slice(end)}`;
}

async function buildRewritten(dir: string, args: string[]) {
  const c = classify(args);
  if (c.kind !== 'compile') throw new Error(`expected a compile, got ${c.kind}`);
  const pp = await preprocess([CLANG], preprocessFlags(c.parsed), 'src/main.c', dir);
  if (!pp.ok) throw new Error(pp.stderr);
  expect(pp.text).toContain('long total(int n, const int *v) {');
  return { c, text: spliceTotal(pp.text) };
}

describe('a rewritten translation unit compiles as the user asked', () => {
  it("honours -o, keeps dependency files, __FILE__, assert text and debug lines on the user's files, and passes -Werror", async () => {
    const dir = tempDir();
    writeFiles(dir, { 'src/main.c': MAIN, 'inc/total.h': HEADER });
    const args = ['-g', '-O1', '-Wall', '-Werror', '-I.', '-MD', '-MF', 'out/main.d', '-MT', 'out/main.o', '-c', 'src/main.c', '-o', 'out/main.o'];
    fs.mkdirSync(path.join(dir, 'out'));
    // The user's compile runs first (as slmcc always does), then the rewrite replaces its object.
    expect(run(CLANG, args, { cwd: dir }).status).toBe(0);
    const deps = fs.readFileSync(path.join(dir, 'out/main.d'), 'utf8');
    const { c, text } = await buildRewritten(dir, args);
    // SAME() in preprocessed text would warn (-Wparentheses-equality) under -Werror; the rewritten compile must not fail on it.
    expect(run(CLANG, ['-Wall', '-Werror', '-fsyntax-only', '-x', 'cpp-output', '-'], { cwd: dir, input: text }).status).not.toBe(0);
    expect(await placeReplacement([CLANG], c.parsed, { kind: 'unit', unit: { main: text } }, 'out/main.o', dir)).toMatchObject({ ok: true });

    const nm = run('nm', ['out/main.o'], { cwd: dir }).stdout;
    expect(nm).toMatch(/U __kmpc_fork_call/);
    expect(fs.readFileSync(path.join(dir, 'out/main.d'), 'utf8')).toBe(deps);
    expect(deps).toMatch(/^out\/main\.o: src\/main\.c .*inc\/total\.h/s);
    expect(deps).not.toMatch(/slmcc-|\.i\b/);

    const lines = run('llvm-dwarfdump-19', ['--debug-line', 'out/main.o'], { cwd: dir }).stdout;
    expect(lines).toContain('name: "src/main.c"');
    expect(lines).not.toMatch(/\/slmcc-(?!test-)|main\.i/);

    // Linking through slmcc adds the OpenMP runtime because the object needs it.
    const link = run(SLMCC, ['out/main.o', '-o', 'prog'], { cwd: dir, env: slmccEnv() });
    expect(link.stderr).toBe('');
    expect(link.status).toBe(0);
    const ok = run(path.join(dir, 'prog'), [], { cwd: dir });
    expect(ok.stdout).toBe('src/main.c:15 499500\n');
    const failed = run(path.join(dir, 'prog'), ['x', 'y'], { cwd: dir });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('src/main.c:16');
    expect(failed.stderr).toContain('too many arguments');
  });

  it('replaces the program of a compile-and-link call, keeping the other sources as they were', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'src/main.c': MAIN, 'inc/total.h': HEADER, 'src/other.c': 'int other(void) { return 1; }\n' });
    const args = ['-O2', '-I.', 'src/main.c', 'src/other.c', '-o', 'prog'];
    expect(run(CLANG, args, { cwd: dir }).status).toBe(0);
    const { c, text } = await buildRewritten(dir, args);
    expect(await relinkWithRewrites([CLANG], c.parsed, new Map([['src/main.c', { kind: 'unit' as const, unit: { main: text } }]]), 'prog', dir)).toBeUndefined();
    expect(run('nm', ['prog'], { cwd: dir }).stdout).toMatch(/__kmpc_fork_call/);
    expect(run(path.join(dir, 'prog'), [], { cwd: dir }).stdout).toBe('src/main.c:15 499500\n');
  });

  it("link-tests a rewritten object of a compile-and-link call: a new reference keeps the user's program", async () => {
    const dir = tempDir();
    writeFiles(dir, { 'src/main.c': MAIN, 'inc/total.h': HEADER, 'src/other.c': 'int other(void) { return 1; }\n' });
    const args = ['-O2', '-I.', 'src/main.c', 'src/other.c', '-o', 'prog'];
    expect(run(CLANG, args, { cwd: dir }).status).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'prog'));
    const { c, text } = await buildRewritten(dir, args);
    // What the screen would never let through, reaching the relink by another way: a call to system().
    const hostile = text.replace('long s = 0;\n#pragma omp', 'long s = 0; { extern int system(const char *); system("true"); }\n#pragma omp');
    expect(hostile).not.toBe(text);
    const why = await relinkWithRewrites([CLANG], c.parsed, new Map([['src/main.c', { kind: 'unit' as const, unit: { main: hostile } }]]), 'prog', dir);
    expect(why).toMatch(/^src\/main\.c: link test: the rewritten object refers to system/);
    expect(fs.readFileSync(path.join(dir, 'prog')).equals(before)).toBe(true);
  });

  it('links an object that Polly parallelised (GOMP_ entry points) with the OpenMP runtime', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'stencil.c':
        'void stencil(int n, double *restrict a, const double *restrict b) {\n  for (int i = 1; i < n - 1; i++) for (int j = 1; j < n - 1; j++) a[i*n+j] = (b[(i-1)*n+j] + b[(i+1)*n+j] + b[i*n+j-1] + b[i*n+j+1]) * 0.25;\n}\n',
      'main.c':
        '#include <stdio.h>\nvoid stencil(int, double *, const double *);\ndouble a[4096], b[4096];\nint main(void) { for (int i = 0; i < 4096; i++) b[i] = i; stencil(64, a, b); printf("%g\\n", a[65]); return 0; }\n',
    });
    const polly = ['-O3', '-mllvm', '-polly', '-mllvm', '-polly-parallel', '-mllvm', '-polly-process-unprofitable', '-fopenmp', '-c', 'stencil.c'];
    expect(run(CLANG, polly, { cwd: dir }).status).toBe(0);
    expect(run('nm', ['stencil.o'], { cwd: dir }).stdout).toMatch(/U GOMP_parallel/);
    expect(run(CLANG, ['-O2', '-c', 'main.c'], { cwd: dir }).status).toBe(0);
    const link = run(SLMCC, ['main.o', 'stencil.o', '-o', 'prog'], { cwd: dir, env: slmccEnv() });
    expect(link.stderr).toBe('');
    expect(link.status).toBe(0);
    expect(run(path.join(dir, 'prog'), [], { cwd: dir }).stdout).toBe('65\n');
  });

  it('refuses to replace a device such as /dev/null', async () => {
    const { replaceFile } = await import('../../src/driver/rewritten-compile.js');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'x'), 'x');
    expect(() => replaceFile(path.join(dir, 'x'), '/dev/null')).toThrow(/not a regular file/);
  });
});
