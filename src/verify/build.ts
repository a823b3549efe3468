// Building a harness with the real compiler in one of the variants the checks need.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';

export type BuildKind = 'plain' | 'polly' | 'tsan' | 'asan';

export const POLLY_FLAGS = ['-mllvm', '-polly', '-mllvm', '-polly-parallel', '-fopenmp'];

/** Flags per variant, added after the user's code-shaping flags. */
export function variantFlags(kind: BuildKind): string[] {
  switch (kind) {
    case 'plain':
      return ['-fopenmp'];
    case 'polly':
      // Only the reference copy: Polly on the harness' own driver code takes seconds.
      return [...POLLY_FLAGS, '-mllvm', '-polly-only-func=__slmcc_ref'];
    case 'tsan':
      return ['-fopenmp', '-fsanitize=thread', '-g1'];
    case 'asan':
      return ['-fopenmp', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer', '-g1'];
  }
}

/** The user's flags, minus what would break a sanitizer build or a C11 harness. */
export function harnessCodeFlags(codeFlags: string[], kind: BuildKind): string[] {
  return codeFlags
    .filter((f) => !(kind === 'tsan' || kind === 'asan') || !/^-f(no-)?sanitize/.test(f))
    .filter((f) => !/^-W/.test(f) && f !== '-pedantic' && f !== '-pedantic-errors')
    .map((f) => (/^-std=(c89|c90|gnu89|gnu90|iso9899:1990|iso9899:199409)$/.test(f) || f === '-ansi' ? '-std=gnu99' : f));
}

export interface BuildResult {
  ok: boolean;
  exe: string;
  ms: number;
  /** First lines of the compiler's diagnostics when it failed. */
  detail?: string;
}

export async function buildHarness(cc: string[], codeFlags: string[], kind: BuildKind, source: string, dir: string, name: string): Promise<BuildResult> {
  const src = path.join(dir, `${name}.c`);
  const exe = path.join(dir, `${name}.${kind}`);
  fs.writeFileSync(src, source);
  const t0 = performance.now();
  const args = [...cc.slice(1), ...harnessCodeFlags(codeFlags, kind), ...variantFlags(kind), '-w', '-x', 'c', src, '-o', exe, '-lm'];
  const r = await execa(cc[0], args, { reject: false, stdin: 'ignore', timeout: 120_000, cwd: dir, all: true });
  const ms = performance.now() - t0;
  if (r.exitCode === 0) return { ok: true, exe, ms };
  const text = String(r.all ?? '').split('\n').filter((l) => /error|fatal/.test(l)).slice(0, 4).join('\n');
  return { ok: false, exe, ms, detail: (text || String(r.all ?? '').slice(0, 400) || `compiler exited ${r.exitCode}`).slice(0, 800) };
}
