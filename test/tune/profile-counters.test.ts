// Tune weighs a loop nest outlined from a bigger function (main's nests,
// a sweep inside a printing solver) by the profile counters inside the
// nest, not by the whole function: four nests of one main once each
// weighed all of main and each was judged, at a workload's cost per round.
// The counters are clang's own; the test reads them from a real profile
// and checks that the walk of the source places every one of them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, profileCounterSpans } from '../../src/analysis/index.js';
import { parseProfileShow, profdataTool } from '../../src/tune/profile.js';
import { tempDir } from '../support/driver-env.js';

const SOURCE = `#include <stdio.h>
static int g(int x) {
  int s = 0;
  switch (x) { case 1: s = 1; break; case 2: s = 2; break; default: s = 3; }
  if (x > 0 && x < 10) s++;
  if (x < 0 || x > 100) s--;
lab:
  s += 1;
  if (s < 3) goto lab;
  do { s++; } while (s < 10);
  return s > 5 ? s : -s;
}
int main(int argc, char **argv) {
  double a[1000], t = 0;
  for (int i = 0; i < 1000; i++) a[i] = i * 0.5;
  for (int r = 0; r < 20; r++)
    for (int i = 0; i < 1000; i++) t += a[i] > 3 && a[i] < 400 ? a[i] : 1;
  int k = 0;
  while (k < 7) k += g(k) > 0 ? 1 : 2;
  printf("%g %d\\n", t, argc);
  return 0;
}
`;

function profileOf(dir: string) {
  const c = path.join(dir, 'p.c');
  fs.writeFileSync(c, SOURCE);
  execFileSync('clang-19', ['-O2', '-fprofile-instr-generate', c, '-o', path.join(dir, 'p')]);
  execFileSync(path.join(dir, 'p'), { env: { ...process.env, LLVM_PROFILE_FILE: path.join(dir, 'p.profraw') } });
  const tool = profdataTool()!;
  execFileSync(tool, ['merge', '-o', path.join(dir, 'p.profdata'), path.join(dir, 'p.profraw')]);
  return parseProfileShow(execFileSync(tool, ['show', '--all-functions', '--counts', path.join(dir, 'p.profdata')], { encoding: 'utf8' }));
}

describe("clang's profile counters, placed in the source", () => {
  it('the walk finds as many counters as clang made, in every kind of statement that has one', () => {
    const dir = tempDir('slmcc-counters-');
    const profile = profileOf(dir);
    const tu = analyze(execFileSync('clang-19', ['-E', path.join(dir, 'p.c')], { encoding: 'utf8' }));
    for (const name of ['g', 'main']) {
      const fn = tu.functions.find((f) => f.name === name)!;
      expect(profileCounterSpans(fn)?.length, name).toBe(profile.blocks.get(name)?.length);
    }
  });

  it("a nest's counters are its loops' iterations: main's second nest ran 20 and 20,000 times", () => {
    const dir = tempDir('slmcc-counters-');
    const profile = profileOf(dir);
    const tu = analyze(execFileSync('clang-19', ['-E', path.join(dir, 'p.c')], { encoding: 'utf8' }));
    const main = tu.functions.find((f) => f.name === 'main')!;
    const spans = profileCounterSpans(main)!;
    const blocks = profile.blocks.get('main')!;
    const nest = main.loops[1];
    const inside = spans.flatMap((s, i) => (s.start >= main.start + nest.start && s.end <= main.start + nest.end ? [blocks[i]] : []));
    // The two loops, the ?: and the && (two counters): 20 rows, 20,000 elements.
    expect(inside.slice(0, 2)).toEqual([20, 20_000]);
    expect(inside).toHaveLength(5);
  });
});
