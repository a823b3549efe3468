// Building a harness with the real compiler in one of the variants the checks need.
//
// The harness holds the user's whole translation unit, and real files call
// into other ones (`main` allocating through a timing library, `print_array`
// writing through a logging helper): linked alone, they would not resolve.
// The harness compiles to an object first, then links; symbols the link
// cannot find get a stub (a block of zeroed, non-executable memory: data
// reads see zeros, a call faults), and the build reports which function
// referenced each one, so that verify can refuse a kernel that really needs
// another file, naming the symbol, and let every other reference stand.
import fs from 'node:fs';
import path from 'node:path';
import { reduceDiagnostics } from './diagnostics.js';
import { runContainedCompile } from './sandbox.js';

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

/** A symbol the harness' link could not find, and the function whose code referenced it (when the linker says). */
export interface Unresolved {
  symbol: string;
  from?: string;
}

export interface BuildResult {
  ok: boolean;
  exe: string;
  ms: number;
  /** First lines of the compiler's diagnostics when it failed. */
  detail?: string;
  /** Symbols defined in no file the harness links, stubbed out; empty when the unit links alone. */
  unresolved?: Unresolved[];
}

/** What the linker says it could not resolve, with the function each reference sits in. */
export function parseUndefined(linkerOutput: string): Unresolved[] | undefined {
  const out: Unresolved[] = [];
  let from: string | undefined;
  let other = false;
  for (const line of linkerOutput.split('\n')) {
    const fn = /in function [`']([^`']+)'/.exec(line);
    if (fn) from = fn[1];
    const undef = /undefined reference to [`']([^`'@]+)(?:@[^`']*)?'/.exec(line);
    // A reference from an initialiser sits in a data section, not in the function named above it.
    if (undef) out.push({ symbol: undef[1], from: /\(\.(data|rodata|init_array|fini_array)/.test(line) ? undefined : from });
    else if (!fn && /error|multiple definition|relocation/.test(line) && !/linker command failed/.test(line)) other = true;
  }
  return out.length && !other ? out : undefined;
}

/** A stub per symbol: zeroed .bss, so a read sees 0 and a call faults (the page is not executable). */
function stubSource(symbols: string[]): string {
  return symbols.map((s) => `\t.bss\n\t.globl ${s}\n\t.p2align 6\n${s}:\n\t.zero 4096\n`).join('') + '\t.section .note.GNU-stack,"",@progbits\n';
}

const firstErrors = (all: string) =>
  all.split('\n').filter((l) => /error|fatal|undefined reference/.test(l)).slice(0, 4).join('\n') || all.slice(0, 400);

export async function buildHarness(cc: string[], codeFlags: string[], kind: BuildKind, source: string, dir: string, name: string): Promise<BuildResult> {
  const src = path.join(dir, `${name}.c`);
  const obj = path.join(dir, `${name}.${kind}.o`);
  const exe = path.join(dir, `${name}.${kind}`);
  fs.writeFileSync(src, source);
  const t0 = performance.now();
  // In the sandbox: the harness holds a model's code (sandbox.ts; LC_ALL=C there too).
  const run = (args: string[]) => runContainedCompile(cc[0], [...cc.slice(1), ...args], { cwd: dir, timeoutMs: 120_000 });
  const flags = [...harnessCodeFlags(codeFlags, kind), ...variantFlags(kind)];
  const compiled = await run([...flags, '-w', '-x', 'c', src, '-c', '-o', obj]);
  const failed = (r: { all?: unknown; exitCode?: number }): BuildResult => ({
    ok: false,
    exe,
    ms: performance.now() - t0,
    detail: (reduceDiagnostics(String(r.all ?? ''), { source, compiled: src }) || `compiler exited ${r.exitCode}`).slice(0, 800),
  });
  if (compiled.exitCode !== 0) return failed(compiled);
  // -mllvm options mean nothing to a link; everything else (-fopenmp, the sanitizers, -m*) does.
  const linkFlags = flags.filter((f, i) => f !== '-mllvm' && flags[i - 1] !== '-mllvm');
  const linked = await run([...linkFlags, '-w', obj, '-o', exe, '-lm']);
  if (linked.exitCode === 0) return { ok: true, exe, ms: performance.now() - t0, unresolved: [] };
  const unresolved = parseUndefined(String(linked.all ?? ''));
  if (!unresolved) return failed(linked);
  const stubs = path.join(dir, `${name}.${kind}.stubs.s`);
  fs.writeFileSync(stubs, stubSource([...new Set(unresolved.map((u) => u.symbol))]));
  const relinked = await run([...linkFlags, '-w', obj, stubs, '-o', exe, '-lm']);
  if (relinked.exitCode !== 0) return failed(relinked);
  return { ok: true, exe, ms: performance.now() - t0, unresolved };
}
