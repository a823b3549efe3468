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
//
// A candidate is never pasted into the harness. It is compiled once, in its
// real translation unit (the spliced unit the driver compiles for the user,
// with the same flags), under its real name: the object that ships
// (`compileShipped`). The harness links that object after a rename
// (`linkableCandidate`): the candidate's own symbol becomes __slmcc_cand and
// every other symbol the object defines gets a prefix, so the candidate runs
// with its own unit's globals, helpers and recursion, exactly as in the
// user's program, beside the harness' copy of the original unit.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dropFlagsWith, relaxesDiagnostics, rewriteFlags, type FlagArg } from '../core/flags.js';
import { POLLY_FLAGS } from '../core/polly.js';
import { reduceDiagnostics } from './diagnostics.js';
import { allocationLinkFlags } from './harness.js';
import { runContainedCompile } from './sandbox.js';

export type BuildKind = 'plain' | 'polly' | 'tsan' | 'asan';

/** Flags per variant, added after the user's code-shaping flags. */
export function variantFlags(kind: BuildKind): string[] {
  switch (kind) {
    case 'plain':
      return ['-fopenmp'];
    case 'polly':
      // Only the reference copy: Polly on the harness' own driver code takes seconds.
      // Polly's regions run a team: the timing runs sample all of it (harness-prelude.c).
      return [...POLLY_FLAGS, '-mllvm', '-polly-only-func=__slmcc_ref', '-D__SLMCC_TEAM_BASELINE'];
    case 'tsan':
      return ['-fopenmp', '-fsanitize=thread', '-g1'];
    case 'asan':
      return ['-fopenmp', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer', '-g1'];
  }
}

/** The user's flags, minus what would break a sanitizer build or a C11 harness. */
export function harnessCodeFlags(codeFlags: string[], kind: BuildKind): string[] {
  const c89 = (f: FlagArg) => f.name === '-ansi' || (f.name === '-std=' && /^(c89|c90|gnu89|gnu90|iso9899:1990|iso9899:199409)$/.test(f.value ?? ''));
  return rewriteFlags(sanitizerSafeFlags(codeFlags, kind), (f) => (c89(f) ? ['-std=gnu99', ...C89_UNDER_C99] : f.tokens));
}

/**
 * What C89 allows and clang 19 refuses under C99 by default (`f(n) { ... }`,
 * a call to an undeclared function): the harness holds the user's code
 * under gnu99.
 */
const C89_UNDER_C99 = ['-Wno-implicit-int', '-Wno-implicit-function-declaration', '-Wno-int-conversion', '-Wno-incompatible-pointer-types', '-Wno-return-type'];

/** The user's flags minus what a sanitizer build cannot take; the language standard and the flags that relax diagnostics stay. */
function sanitizerSafeFlags(codeFlags: string[], kind: BuildKind): string[] {
  const sanitized = kind === 'tsan' || kind === 'asan';
  // -Wa, (an assembler option) goes too, as it always has: the harness needs none.
  return dropFlagsWith(codeFlags, (f, props) => (sanitized && props.has('sanitizer')) || (props.has('warning') && !relaxesDiagnostics(f)) || f.name === '-Wa,');
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
  all
    .split('\n')
    .filter((l) => /error|fatal|undefined reference/.test(l))
    .slice(0, 4)
    .join('\n') || all.slice(0, 400);

/**
 * The compile that ships, after the user's code flags: what
 * driver/rewritten-compile.ts adds (`preprocessedCompileFlags`). Kept equal
 * by test/verify/checked-is-shipped.test.ts, which compares the two objects byte for byte.
 */
export const SHIPPED_EXTRA_FLAGS = ['-fopenmp', '-w'];

/**
 * The flags a candidate's unit is compiled with for one build kind. `plain`
 * is exactly the shipped compile. The sanitizer builds cannot be: TSan and
 * ASan instrument the code at compile time, so they compile the same unit
 * again with their flags added (the plain run, the compared run at the probe's
 * size and the timing probe all use the shipped compile itself).
 */
export function candidateFlags(codeFlags: string[], kind: BuildKind): string[] {
  if (kind === 'plain') return [...codeFlags, ...SHIPPED_EXTRA_FLAGS];
  // The user's -std too: under -std=c89, `a //* x */ b` divides (no // comments), under C99 it does not.
  return [...sanitizerSafeFlags(codeFlags, kind), ...variantFlags(kind), '-w'];
}

export type ShippedObject = { ok: true; obj: string } | { ok: false; detail: string };

/**
 * Compiles `unit` (preprocessed text with line markers: the spliced unit)
 * the way the driver compiles the rewritten unit it places, in the sandbox.
 * `scope` says where the candidate's lines are, for the diagnostics.
 */
export async function compileShipped(
  cc: string[],
  codeFlags: string[],
  kind: BuildKind,
  unit: string,
  dir: string,
  name: string,
  scope: { file?: string; lines?: [number, number] },
  signal?: AbortSignal,
): Promise<ShippedObject> {
  const src = path.join(dir, `${name}.${kind}.i`);
  const obj = path.join(dir, `${name}.${kind}.unit.o`);
  fs.writeFileSync(src, unit);
  // The argument order of driver/rewritten-compile.ts's objectFor.
  const r = await runContainedCompile(cc[0], [...cc.slice(1), ...candidateFlags(codeFlags, kind), '-c', '-x', 'cpp-output', src, '-o', obj], { cwd: dir, timeoutMs: 120_000, signal });
  if (r.exitCode === 0) return { ok: true, obj };
  return { ok: false, detail: (reduceDiagnostics(String(r.all ?? ''), scope) || `compiler exited ${r.exitCode}`).slice(0, 800) };
}

/** Prefix of every symbol a candidate's object defines, except the candidate itself (which becomes __slmcc_cand). */
export const CAND_PREFIX = '__slmcc_c_';

/** `sizes`: bytes of each defined symbol as the object holds it (-O3 may shrink a static global to one byte). */
export type LinkableCandidate = { ok: true; obj: string; defines: Set<string>; sizes: Map<string, number> } | { ok: false; detail: string };

/**
 * The shipped object, renamed so that it links beside the harness' own copy
 * of the unit: `fnName` becomes `cand` (its calls to itself follow: recursion
 * stays in the candidate, as in the object), every other defined symbol gets
 * CAND_PREFIX (the candidate keeps its unit's globals and helpers to itself;
 * the harness reaches each of `globals` as CAND_PREFIX + g). References to what the
 * unit does not define (libc, libomp, other files) are left alone. `defines`
 * is the set of the unit's own names, before renaming.
 */
export async function linkableCandidate(obj: string, fnName: string, cand: string, dir: string, globals: readonly string[], signal?: AbortSignal): Promise<LinkableCandidate> {
  const tool = (cmd: string, args: string[]) => runContainedCompile(cmd, args, { cwd: dir, timeoutMs: 60_000, signal });
  const nm = await tool(process.env.SLMCC_NM || 'nm', ['-P', '--defined-only', obj]);
  if (nm.exitCode !== 0) return { ok: false, detail: `nm failed on the candidate's object: ${String(nm.all).trim().split('\n')[0]}` };
  const defines = new Set<string>();
  const types = new Map<string, string>();
  const sizes = new Map<string, number>();
  for (const line of String(nm.all).split('\n')) {
    const [sym, type, , size] = line.trim().split(/\s+/);
    if (!sym || !type || sym.startsWith('.L')) continue;
    defines.add(sym);
    types.set(sym, type);
    if (size && /^[0-9a-fA-F]+$/.test(size)) sizes.set(sym, parseInt(size, 16));
  }
  if (!/^[TtWi]$/.test(types.get(fnName) ?? '')) return { ok: false, detail: `the compiled unit holds no out-of-line copy of ${fnName} to check (an inline definition without static)` };
  const renames = [...defines].map((s) => `${s} ${s === fnName ? cand : CAND_PREFIX + s}`);
  const list = path.join(dir, `${path.basename(obj)}.renames`);
  fs.writeFileSync(list, renames.join('\n') + '\n');
  const out = obj.replace(/\.o$/, '.linkable.o');
  // Static symbols stay local under their new names unless the harness names them: the candidate, and the globals it compares.
  const globalize = [fnName, ...globals.filter((g) => defines.has(g))].map((s) => `--globalize-symbol=${s === fnName ? cand : CAND_PREFIX + s}`);
  const oc = await tool(process.env.SLMCC_OBJCOPY || 'objcopy', [`--redefine-syms=${list}`, ...globalize, obj, out]);
  if (oc.exitCode !== 0) return { ok: false, detail: `objcopy failed on the candidate's object: ${String(oc.all).trim().split('\n')[0]}` };
  return { ok: true, obj: out, defines, sizes };
}

/**
 * Builds a harness executable from `source` and, when given, a candidate's
 * linkable object. The harness' own object depends only on its source and
 * flags, so every candidate of a function shares it (compiled once per directory).
 */
export async function buildHarness(cc: string[], codeFlags: string[], kind: BuildKind, source: string, dir: string, name: string, candidateObj?: string, signal?: AbortSignal): Promise<BuildResult> {
  const flags = [...harnessCodeFlags(codeFlags, kind), ...variantFlags(kind)];
  const digest = createHash('sha256')
    .update(JSON.stringify([cc, flags, source]))
    .digest('hex')
    .slice(0, 16);
  const src = path.join(dir, `harness-${digest}.c`);
  const obj = path.join(dir, `harness-${digest}.${kind}.o`);
  const exe = path.join(dir, `${name}.${kind}`);
  const t0 = performance.now();
  // In the sandbox: the harness holds a model's code (sandbox.ts; LC_ALL=C there too).
  const run = (args: string[]) => runContainedCompile(cc[0], [...cc.slice(1), ...args], { cwd: dir, timeoutMs: 120_000, signal });
  const failed = (r: { all?: unknown; exitCode?: number }): BuildResult => ({
    ok: false,
    exe,
    ms: performance.now() - t0,
    detail: (reduceDiagnostics(String(r.all ?? ''), { source, compiled: src }) || `compiler exited ${r.exitCode}`).slice(0, 800),
  });
  if (!fs.existsSync(obj)) {
    fs.writeFileSync(src, source);
    const tmp = `${obj}.${name}.tmp`;
    const compiled = await run([...flags, '-w', '-x', 'c', src, '-c', '-o', tmp]);
    if (compiled.exitCode !== 0) return failed(compiled);
    fs.renameSync(tmp, obj);
  }
  const objs = candidateObj ? [obj, candidateObj] : [obj];
  // -mllvm options mean nothing to a link; everything else (-fopenmp, the sanitizers, -m*) does.
  const linkFlags = flags.filter((f, i) => f !== '-mllvm' && flags[i - 1] !== '-mllvm');
  linkFlags.push(...allocationLinkFlags(source));
  const linked = await run([...linkFlags, '-w', ...objs, '-o', exe, '-lm']);
  if (linked.exitCode === 0) return { ok: true, exe, ms: performance.now() - t0, unresolved: [] };
  const unresolved = parseUndefined(String(linked.all ?? ''));
  if (!unresolved) return failed(linked);
  const stubs = path.join(dir, `${name}.${kind}.stubs.s`);
  fs.writeFileSync(stubs, stubSource([...new Set(unresolved.map((u) => u.symbol))]));
  const relinked = await run([...linkFlags, '-w', ...objs, stubs, '-o', exe, '-lm']);
  if (relinked.exitCode !== 0) return failed(relinked);
  return { ok: true, exe, ms: performance.now() - t0, unresolved };
}
