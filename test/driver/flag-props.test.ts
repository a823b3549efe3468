// Each flag is classified once, into properties; every part reads the
// properties (and the facts they add up to), never the flag's text.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/driver/classify.js';
import { codeFlagsOf, dropFlagsWith, flagFacts, flagProps, readFlags, tokenFacts } from '../../src/core/flags.js';

const props = (...tokens: string[]) => [...flagProps(readFlags(tokens)[0])].sort();

describe('flag properties', () => {
  it('name what a flag does beyond its kind', () => {
    expect(props('-std=c99')).toEqual(['dialect', 'standard']);
    expect(props('-target', 'x86_64-linux-gnu')).toEqual(['dialect', 'target']);
    expect(props('-D', 'N=2')).toEqual(['macro']);
    expect(props('-g')).toEqual(['debug']);
    expect(props('-gdwarf-4')).toEqual(['debug']);
    expect(props('-g0')).toEqual([]);
    expect(props('-gcc-toolchain', '/usr')).toEqual([]);
    expect(props('-ffile-prefix-map=/a=.')).toEqual(['debug-path-map']);
    expect(props('-ffast-math')).toEqual(['finite-math', 'reassociation']);
    expect(props('-Ofast')).toEqual(['finite-math', 'opt-level']);
    expect(props('-fsanitize=thread')).toEqual(['sanitizer']);
    expect(props('-Wall')).toEqual(['warning']);
    expect(props('-Wa,--noexecstack')).toEqual([]);
    expect(props('-fsigned-char')).toEqual(['dialect']);
    expect(props('-fopenmp-version=51')).toEqual(['dialect']);
    expect(props('-x', 'c')).toEqual(['language']);
  });
});

describe('the facts of a command line', () => {
  it('are read from the classified line', () => {
    const c = classify(['-c', 'a.c', '-O2', '-D', 'N=4', '-UX', '--target=aarch64-linux-gnu', '-std=c89', '-g', '-ffast-math', '-o', 'a.o']);
    if (c.kind !== 'compile') throw new Error('not a compile');
    expect(flagFacts(c.parsed)).toEqual({
      standard: 'c89',
      target: 'aarch64-linux-gnu',
      macros: ['-DN=4', '-UX'],
      debugRecordsFolder: true,
      recordsPath: false,
      reassociates: true,
      finiteMath: true,
      noSignedZeros: false,
      strictAliasing: true,
    });
    expect(codeFlagsOf(c.parsed)).toEqual(['-O2', '--target=aarch64-linux-gnu', '-std=c89', '-g', '-ffast-math']);
  });

  it('follow the last flag that says either way, and -Ofast only while it is the last level', () => {
    expect(tokenFacts(['-ffast-math', '-fno-fast-math']).reassociates).toBe(false);
    expect(tokenFacts(['-Ofast', '-O2']).reassociates).toBe(false);
    expect(tokenFacts(['-Ofast', '-O2']).finiteMath).toBe(true);
    expect(tokenFacts(['-ansi']).standard).toBe('c89');
    expect(tokenFacts(['-g', '-fdebug-prefix-map=/x=.']).debugRecordsFolder).toBe(false);
    expect(tokenFacts(['-fprofile-arcs']).recordsPath).toBe(true);
    expect(tokenFacts(['-O2', '-fno-strict-aliasing']).strictAliasing).toBe(false);
    expect(tokenFacts(['-fno-strict-aliasing', '-fstrict-aliasing']).strictAliasing).toBe(true);
  });
});

describe('dropFlagsWith', () => {
  it('drops a flag with its separate value, and keeps what the table does not know', () => {
    expect(dropFlagsWith(['-target', 'x', '-O2', 'odd', '-Wall'], (_, p) => p.has('target') || p.has('warning'))).toEqual(['-O2', 'odd']);
  });
});
