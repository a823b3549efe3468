// SLMCC_CC and SLMCC_TUNE_FLAGS are split into words as sh would (with
// shell-quote), but nothing in them is expanded or run: a variable stays as
// written, and an operator, pattern or comment makes the setting wrong, with
// one line that names it and how to fix it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { findCompiler, splitCommand } from '../../src/driver/compiler.js';

const words = (value: string, setting = 'SLMCC_CC') => {
  const r = splitCommand(setting, value);
  if (!r.ok) throw new Error(r.message);
  return r.words;
};

const refusal = (value: string, setting = 'SLMCC_CC', holds?: string) => {
  const r = splitCommand(setting, value, holds);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(r.words)}`);
  return r.message;
};

describe('splitting a command setting into words', () => {
  it.each([
    ['distcc clang-19', ['distcc', 'clang-19']],
    ['  clang-19 \t -O2  ', ['clang-19', '-O2']],
    ['', []],
    ['   ', []],
    ['"/opt/my cc/clang" -fno-x', ['/opt/my cc/clang', '-fno-x']],
    ["'/opt/my cc/clang' -DMSG='a b'", ['/opt/my cc/clang', '-DMSG=a b']],
    ['/opt/my\\ cc/clang -DQ=\\"q\\"', ['/opt/my cc/clang', '-DQ="q"']],
    ['clang-19 "-DS=\\"x y\\""', ['clang-19', '-DS="x y"']],
    ['clang-19 -DQ="it\'s"', ['clang-19', "-DQ=it's"]],
    ['clang-19 "-DP=a|b" \'-DG=*.c\' "-DC=#x"', ['clang-19', '-DP=a|b', '-DG=*.c', '-DC=#x']],
  ])('%s', (value, expected) => {
    expect(words(value)).toEqual(expected);
  });

  it('keeps $HOME and its kin literal: slmcc expands nothing', () => {
    expect(words('$HOME/bin/cc -I$HOME/include')).toEqual(['$HOME/bin/cc', '-I$HOME/include']);
    expect(words('"$HOME/my cc" \'$HOME\'')).toEqual(['$HOME/my cc', '$HOME']);
    expect(words('clang-19 -Wl,-rpath,$ORIGIN/../lib')).toEqual(['clang-19', '-Wl,-rpath,$ORIGIN/../lib']);
    expect(words('cc $$ $')).toEqual(['cc', '$$', '$']);
    // shell-quote drops the braces, which change nothing where nothing expands.
    expect(words('cc -I${HOME}')).toEqual(['cc', '-I$HOME']);
  });

  it('splits plain words without shell-quote exactly as shell-quote would', () => {
    for (const value of ['clang-19', 'distcc clang-19 -O2', ' ccache\tclang-19 ', '/usr/lib/llvm-19/bin/clang -fsanitize=address,undefined -g1', '-Wl,-z,now -DA=1 -include@x.h -x%c+']) {
      expect(words(value)).toEqual(parse(value));
    }
  });

  it('refuses an operator with one line naming the setting and the fix', () => {
    expect(refusal('clang | tee log')).toBe(
      'slmcc: SLMCC_CC=clang | tee log: "|" is shell syntax, which slmcc does not run; set SLMCC_CC to the compiler and its arguments alone, quoting any word that holds | & ; < > ( ) * ? # or a space',
    );
    for (const value of ['clang-19 && true', 'clang-19; rm x', 'clang-19 > log', 'clang-19 2>&1', '$(which clang-19)', '(clang-19)', 'clang-19 &']) {
      const m = refusal(value);
      expect(m).toMatch(/^slmcc: SLMCC_CC=.*: ".+" is shell syntax, which slmcc does not run; set SLMCC_CC to /);
      expect(m).not.toContain('\n');
    }
  });

  it('refuses a pattern, a comment and a bad substitution', () => {
    expect(refusal('clang-19 -I/opt/*/include')).toContain('"-I/opt/*/include" is a pattern, which slmcc does not expand');
    expect(refusal('clang-19 -O? ')).toContain('is a pattern');
    expect(refusal('clang-19 # the compiler')).toContain('"#" starts a comment there');
    expect(refusal('clang-19 -I${}')).toContain('SLMCC_CC=clang-19 -I${}: Bad substitution');
  });

  it('names SLMCC_TUNE_FLAGS and what it holds', () => {
    expect(words('-fsanitize=thread -g1', 'SLMCC_TUNE_FLAGS')).toEqual(['-fsanitize=thread', '-g1']);
    expect(refusal('-fsanitize=thread | cat', 'SLMCC_TUNE_FLAGS', 'compiler flags')).toBe(
      'slmcc: SLMCC_TUNE_FLAGS=-fsanitize=thread | cat: "|" is shell syntax, which slmcc does not run; set SLMCC_TUNE_FLAGS to compiler flags alone, quoting any word that holds | & ; < > ( ) * ? # or a space',
    );
  });
});

describe('findCompiler with SLMCC_CC', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc compiler words '));
  const cc = path.join(dir, 'my cc');
  fs.writeFileSync(cc, '#!/bin/sh\n', { mode: 0o755 });
  const env = { PATH: dir };

  it('finds a quoted path with a space and keeps its arguments', () => {
    const r = findCompiler(`"${cc}" -fno-x '-DMSG=a b'`, env, undefined);
    expect(r).toEqual({ ok: true, argv: [cc, '-fno-x', '-DMSG=a b'], resolved: fs.realpathSync(cc) });
  });

  it('takes the launcher form word as it stands, space and all', () => {
    expect(findCompiler([cc], env, undefined)).toEqual({ ok: true, argv: [cc], resolved: fs.realpathSync(cc) });
  });

  it('reports an operator as a configuration error, before looking anything up', () => {
    const r = findCompiler(`"${cc}" | tee log`, env, undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^slmcc: SLMCC_CC=.*: "\|" is shell syntax, which slmcc does not run; set SLMCC_CC to the compiler and its arguments alone/);
  });
});
