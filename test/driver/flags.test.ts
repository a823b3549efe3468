// The flag table: sorted, every flag's kind and value form as the table says,
// joined and separate values, and no meaning that depends on the order of
// the prefix rules.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/driver/classify.js';
import { EXACT_FLAGS, PREFIX_FLAGS, lookupFlag, lookupIn, type FlagSpec } from '../../src/driver/flags.js';
import type { Arg } from '../../src/core/command-line.js';

const parsed = (args: string[]): Arg[] => {
  const r = parseArgs(args);
  if (!Array.isArray(r)) throw new Error(`unknown flag ${r.unknown}`);
  return r;
};

describe('the flag tables', () => {
  it('are sorted', () => {
    const exact = Object.keys(EXACT_FLAGS);
    expect(exact).toEqual([...exact].sort());
    const prefixes = PREFIX_FLAGS.map(([p]) => p);
    expect(prefixes).toEqual([...prefixes].sort());
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  describe.each(Object.entries(EXACT_FLAGS))('exact %s', (name, spec: FlagSpec) => {
    it(`is a ${spec.kind} flag taking ${spec.arg === 'none' ? 'no value' : `a ${spec.arg} value`}`, () => {
      if (spec.arg === 'none') {
        expect(parsed([name, 'x.c'])[0]).toEqual({ role: 'flag', kind: spec.kind, name, value: undefined, tokens: [name] });
      } else {
        expect(parsed([name, 'V'])).toEqual([{ role: 'flag', kind: spec.kind, name, value: 'V', tokens: [name, 'V'] }]);
        expect(parseArgs([name]), 'a value-taking flag at the end is not understood').toEqual({ unknown: name });
      }
    });
  });

  describe.each(PREFIX_FLAGS.map(([p, s]) => [p, s] as const))('prefix %s', (prefix, spec) => {
    it(`reads ${prefix}Z9 as one ${spec.kind} argument with the value Z9`, () => {
      expect(parsed([`${prefix}Z9`])).toEqual([{ role: 'flag', kind: spec.kind, name: prefix, value: 'Z9', tokens: [`${prefix}Z9`] }]);
    });
  });
});

describe('joined and separate values', () => {
  it.each([
    [['-o', 'out.o'], ['-oout.o'], 'output', '-o', 'out.o'],
    [['-D', 'N=1'], ['-DN=1'], 'preprocessor', '-D', 'N=1'],
    [['-I', 'inc'], ['-Iinc'], 'preprocessor', '-I', 'inc'],
    [['-isystem', 'sys'], ['-isystemsys'], 'preprocessor', '-isystem', 'sys'],
    [['-MF', 'a.d'], ['-MFa.d'], 'depfile', '-MF', 'a.d'],
    [['-x', 'c'], ['-xc'], 'language', '-x', 'c'],
    [['-l', 'm'], ['-lm'], 'link', '-l', 'm'],
  ] as const)('%j and %j are the same %s flag', (separate, joined, kind, name, value) => {
    const [a] = parsed([...separate]);
    const [b] = parsed([...joined]);
    expect(a).toEqual({ role: 'flag', kind, name, value, tokens: [...separate] });
    expect(b).toEqual({ role: 'flag', kind, name, value, tokens: [...joined] });
  });

  it('takes the next argument of a separate-only flag even when it looks like a flag', () => {
    expect(parsed(['-Xlinker', '--as-needed', '-mllvm', '-polly'])).toEqual([
      { role: 'flag', kind: 'link', name: '-Xlinker', value: '--as-needed', tokens: ['-Xlinker', '--as-needed'] },
      { role: 'flag', kind: 'unsupported', name: '-mllvm', value: '-polly', tokens: ['-mllvm', '-polly'] },
    ]);
  });

  it('leaves joined forms without a prefix rule unknown (-Tscript.ld), so the call passes through', () => {
    expect(parseArgs(['-Tscript.ld'])).toEqual({ unknown: '-Tscript.ld' });
    expect(parsed(['-T', 'script.ld'])[0]).toMatchObject({ kind: 'link', value: 'script.ld' });
  });

  it('lets the longest prefix decide: -Wl, is link, -Wall diagnostic, -flto unsupported, -fPIC code', () => {
    expect(lookupFlag('-Wl,-rpath,/x')).toMatchObject({ name: '-Wl,', spec: { kind: 'link' }, joinedValue: '-rpath,/x' });
    expect(lookupFlag('-Wall')).toMatchObject({ name: '-W', spec: { kind: 'diagnostic' } });
    expect(lookupFlag('-flto=thin')).toMatchObject({ name: '-flto', spec: { kind: 'unsupported' } });
    expect(lookupFlag('-fPIC')).toMatchObject({ name: '-f', spec: { kind: 'code' } });
    expect(lookupFlag('-fopenmp=libomp')).toMatchObject({ name: '-fopenmp', spec: { kind: 'code' } });
  });
});

describe('order independence', () => {
  const samples = [
    ...Object.keys(EXACT_FLAGS),
    ...PREFIX_FLAGS.flatMap(([p]) => [p, `${p}x`, `${p}=1`, `${p},a`]),
    '-Wl,--gc-sections',
    '-Wa,-g',
    '-Wp,-MD',
    '-fno-color-diagnostics',
    '-fdiagnostics-color',
    '-fsyntax-only-x',
    '--print-file-name=libomp.so',
    '-print-prog-name=ld',
    '-frobnicate',
    '--frobnicate',
    '-Q',
  ];
  const reversed = [...PREFIX_FLAGS].reverse();
  // A fixed shuffle, so a failure is reproducible.
  const shuffled = PREFIX_FLAGS.map((r, i) => [((i * 7919) % 101) + i / 1000, r] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, r]) => r);

  it('gives every sample the same reading whatever order the prefix rules are in', () => {
    expect(shuffled.map(([p]) => p)).not.toEqual(PREFIX_FLAGS.map(([p]) => p));
    for (const arg of samples) {
      const want = lookupFlag(arg);
      expect(lookupIn(EXACT_FLAGS, reversed, arg), arg).toEqual(want);
      expect(lookupIn(EXACT_FLAGS, shuffled, arg), arg).toEqual(want);
    }
  });
});
