// Argument classification: which calls slmcc works on and, for every other
// call, the reason it goes to the real compiler unchanged.
import { describe, expect, it } from 'vitest';
import { PASS_REASONS, type PassReason } from '../../src/core/command-line.js';
import { classify, flagTokens, objectPathFor, preprocessFlags } from '../../src/driver/classify.js';

const passthroughs: Array<[PassReason, string[]]> = [
  ['no input', ['-c', '-O2']],
  ['query', ['--version']],
  ['query', ['-print-search-dirs']],
  ['preprocess only', ['-E', 'a.c']],
  ['assembly output', ['-S', 'a.c']],
  ['dependencies only', ['-MM', 'a.c']],
  ['syntax only', ['-fsyntax-only', 'a.c']],
  ['stdin input', ['-x', 'c', '-c', '-']],
  ['output to stdout', ['-c', 'a.c', '-o', '-']],
  ['output not a regular file', ['-c', 'a.c', '-o', '/dev/null']],
  ['not C input', ['-c', 'a.cpp']],
  ['not C input', ['-c', 'a.c', 'b.s']],
  ['language not C', ['-x', 'c++', '-c', 'a.c']],
  ['several -arch', ['-arch', 'x86_64', '-arch', 'arm64', '-c', 'a.c']],
  ['build-system probe', ['-c', 'conftest.c']],
  ['unknown flag', ['-c', 'a.c', '--frobnicate']],
  ['unsupported flag', ['-c', 'a.c', '-flto']],
  ['several outputs with -o', ['-c', 'a.c', 'b.c', '-o', 'x.o']],
];

describe('classify', () => {
  it.each(passthroughs)('passes %s through: %j', (reason, argv) => {
    expect(classify(argv)).toMatchObject({ kind: 'passthrough', reason });
  });

  it('has a case above for every pass-through reason', () => {
    expect(new Set(passthroughs.map(([r]) => r))).toEqual(new Set(PASS_REASONS));
  });

  it('takes a -c compile of C sources, with its output', () => {
    const c = classify(['-O2', '-c', 'a.c', '-o', 'out/a.o', '-DN=4', '-Wall']);
    expect(c).toMatchObject({ kind: 'compile', sources: ['a.c'], link: false, output: 'out/a.o', objects: [] });
  });

  it('takes a compile-and-link, naming the objects linked beside the sources', () => {
    expect(classify(['a.c', 'lib.o', '-lm', '-o', 'prog'])).toMatchObject({ kind: 'compile', sources: ['a.c'], link: true, output: 'prog', objects: ['lib.o'] });
  });

  it('takes a link of objects as a link', () => {
    expect(classify(['a.o', 'b.o', '-o', 'prog', '-fopenmp'])).toMatchObject({ kind: 'link', objects: ['a.o', 'b.o'] });
  });

  it('reads `-x c` as C even for a file with another extension', () => {
    expect(classify(['-x', 'c', '-c', 'kernel.inc'])).toMatchObject({ kind: 'compile', sources: ['kernel.inc'] });
  });

  it('splits the parsed line by role', () => {
    const c = classify(['-c', 'a.c', '-O3', '-Iinc', '-D', 'N=4', '-MD', '-MF', 'a.d', '-Wall', '-o', 'a.o']);
    if (c.kind !== 'compile') throw new Error(`not a compile: ${JSON.stringify(c)}`);
    expect(flagTokens(c.parsed, ['code'])).toEqual(['-O3']);
    expect(flagTokens(c.parsed, ['depfile'])).toEqual(['-MD', '-MF', 'a.d']);
    expect(preprocessFlags(c.parsed)).toEqual(['-O3', '-Iinc', '-D', 'N=4']);
  });
});

describe('objectPathFor', () => {
  it('is the -o value, else the source base name with .o in the current folder', () => {
    expect(objectPathFor('src/a.c', 'build/a.o')).toBe('build/a.o');
    expect(objectPathFor('src/kernel.c', undefined)).toBe('kernel.o');
  });
});
