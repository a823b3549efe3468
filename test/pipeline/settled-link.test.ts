// `slmcc x.c -o x` of one source whose outcome is settled costs what the -c
// path costs: Node writes the outcome down for bin/slmcc, which serves the
// next such compile-and-link without starting Node, where the program the
// user's own command links is the outcome.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG, SLMCC, run, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

// Loops in main (never judged) and a while loop in a helper (left to tune):
// the shape of a test-suite program, whose outcome settles on the first build.
const PROGRAM = `#include <stdio.h>
static int gcd(int a, int b) {
  while (b) { int t = a % b; a = b; b = t; }
  return a;
}
int main(void) {
  int a[64], s = 0;
  for (int k = 0; k < 64; k++) a[k] = k * 3;
  for (int k = 0; k < 64; k++) s += a[k];
  printf("%d %d\\n", s, gcd(s, 48));
  return 0;
}
`;

function setUp() {
  const dir = tempDir('slmcc-link-');
  writeFiles(dir, { 'x.c': PROGRAM });
  const bin = path.join(dir, 'fake-bin');
  const mark = path.join(dir, 'node-starts');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'node'), `#!/bin/sh\necho >> '${mark}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache') });
  env.PATH = `${bin}:${env.PATH}`;
  const starts = () => (fs.existsSync(mark) ? fs.readFileSync(mark, 'utf8').split('\n').length - 1 : 0);
  const build = (args: string[]) => {
    const r = run(SLMCC, args, { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  };
  return { dir, starts, build };
}

describe('a settled compile-and-link of one source', () => {
  it('is served without Node the second time, into the program clang-19 links', () => {
    const { dir, starts, build } = setUp();
    build(['-O2', 'x.c', '-o', 'x']);
    expect(starts()).toBe(1);
    fs.rmSync(path.join(dir, 'x'));
    build(['-O2', 'x.c', '-o', 'x']);
    expect(starts()).toBe(1);
    expect(run(CLANG, ['-O2', 'x.c', '-o', 'clang-x'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'x')).equals(fs.readFileSync(path.join(dir, 'clang-x')))).toBe(true);
    expect(run(path.join(dir, 'x'), [], { cwd: dir }).stdout).toBe('6048 48\n');
  });

  it('goes to Node again when the source changed', () => {
    const { dir, starts, build } = setUp();
    build(['-O2', 'x.c', '-o', 'x']);
    fs.writeFileSync(path.join(dir, 'x.c'), PROGRAM.replace('k * 3', 'k * 5'));
    build(['-O2', 'x.c', '-o', 'x']);
    expect(starts()).toBe(2);
    expect(run(path.join(dir, 'x'), [], { cwd: dir }).stdout).toBe('10080 48\n');
  });

  it('keys the -c compile and the compile-and-link apart', () => {
    const { starts, build } = setUp();
    build(['-O2', '-c', 'x.c']);
    build(['-O2', 'x.c', '-o', 'x']);
    expect(starts()).toBe(2);
    build(['-O2', '-c', 'x.c']);
    build(['-O2', 'x.c', '-o', 'x']);
    expect(starts()).toBe(2);
  });
});
