// bin/slmcc reads the lists it shares with the TypeScript from
// bin/slmcc-spec.sh, which Node writes (src/pipeline/shell-spec.ts). These
// tests keep the committed file in step with the TypeScript, keep the lists
// out of the script itself, and pin what the script does without the file:
// it answers nothing itself and every call goes to Node.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHELL_FORMAT, SHELL_KEY_ENV } from '../../src/cache/shell-entries.js';
import { SHELL_SPEC_FILE, shellSpec } from '../../src/pipeline/shell-spec.js';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin');
const SCRIPT = path.join(BIN, 'slmcc');
const SPEC = path.join(BIN, SHELL_SPEC_FILE);

describe('bin/slmcc-spec.sh', () => {
  it('is what the TypeScript writes now (run `npm run build` after changing a list)', () => {
    expect(fs.readFileSync(SPEC, 'utf8')).toBe(shellSpec());
  });

  it('is what the script reads when sourced', () => {
    const r = spawnSync('sh', ['-c', 'SLMCC_SOURCE_ONLY=1 . "$0" && printf "%s\\n" "$spec_ok" "$spec_format" "$spec_key_env"', SCRIPT], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`1\n${SHELL_FORMAT}\n${SHELL_KEY_ENV.join(' ')}\n`);
  });

  it('holds the lists: the script spells none of them itself', () => {
    const script = fs.readFileSync(SCRIPT, 'utf8');
    for (const word of [SHELL_FORMAT, 'SOURCE_DATE_EPOCH', 'C_INCLUDE_PATH', 'cache-only', 'builtin', '__kmpc_', 'GOMP_', 'iomp5', '-e for']) expect(script).not.toContain(word);
  });
});

describe('without the spec file, bin/slmcc leaves every call to Node', () => {
  // A copy of the script with stand-ins for clang-19 and node on PATH that
  // name themselves: a loop-free compile, which the script runs itself when
  // it has its lists, shows who answered.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-spec-'));
  const stubs = path.join(work, 'stubs');
  fs.mkdirSync(stubs);
  for (const name of ['clang-19', 'node']) fs.writeFileSync(path.join(stubs, name), `#!/bin/sh\necho ${name}\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(work, 'loop-free.c'), 'int add(int a, int b) { return a + b; }\n');

  function answerer(spec: string | undefined): string {
    const dir = fs.mkdtempSync(path.join(work, 'install-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(SCRIPT, path.join(dir, 'bin', 'slmcc'));
    if (spec !== undefined) fs.writeFileSync(path.join(dir, 'bin', SHELL_SPEC_FILE), spec);
    const r = spawnSync(path.join(dir, 'bin', 'slmcc'), ['-c', 'loop-free.c'], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: `${stubs}:${process.env.PATH}`, HOME: work, SLMCC_CACHE_DIR: path.join(work, 'cache') },
    });
    expect(r.stderr).toBe('');
    return r.stdout.trim();
  }

  it('with the file, the script runs the compiler itself', () => {
    expect(answerer(shellSpec())).toBe('clang-19');
  });

  it('without it, Node answers', () => {
    expect(answerer(undefined)).toBe('node');
  });

  it('with a file cut short (no spec_ok at its end), Node answers', () => {
    const whole = shellSpec();
    expect(answerer(whole.slice(0, whole.lastIndexOf('spec_ok=')))).toBe('node');
  });

  it('with a file that is no shell, Node answers', () => {
    expect(answerer("spec_format='shell-v1\n")).toBe('node');
  });
});
