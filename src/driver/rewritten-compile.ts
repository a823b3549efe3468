import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { POLLY_FLAGS, pollyOnlyFunc } from '../core/polly.js';
import type { Arg } from '../core/command-line.js';
import { compileFlagsOf } from '../core/flags.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command for slmcc's own use: output captured, never shown to the user. */
export async function runCaptured(argv: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Captured> {
  const { execa } = await import('execa');
  const r = await execa(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env, reject: false, stdin: 'ignore', encoding: 'utf8' });
  return { code: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The flags for compiling slmcc's own preprocessed text: the user's
 * code-shaping flags only. Preprocessor flags already did their work in -E
 * (and `-include` would include twice); dependency files were written by the
 * user's own compile; warnings were shown by it too, and preprocessed text
 * raises some that the original does not (macro expansions lose their
 * origin), so this compile is silent and cannot fail a -Werror build.
 */
export function preprocessedCompileFlags(parsed: readonly Arg[]): string[] {
  return [...compileFlagsOf(parsed), '-fopenmp', '-w'];
}

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-'));
}

export interface RewrittenUnit {
  /** The spliced preprocessed text, line markers pointing at the user's files. */
  main: string;
  /** Functions Polly helped: the unit is compiled with Polly restricted to them (rewrite/polly-unit.ts). */
  polly?: string[];
}

/** What replaces the user's object for one source: a unit to compile, or an object that an earlier build compiled from the same inputs. */
export type Replacement = { kind: 'unit'; unit: RewrittenUnit } | { kind: 'object'; bytes: Buffer };

/** The object now at the user's path, or why the user's object stayed. */
export type Placement = { ok: true; object: Buffer } | { ok: false; why: string };

/** The replacement as an object file inside `dir`; its path, or the failure text. */
export async function objectFor(cc: readonly string[], parsed: readonly Arg[], rep: Replacement, dir: string, cwd: string): Promise<{ obj: string } | { error: string }> {
  if (rep.kind === 'object') {
    const obj = path.join(dir, 'cached.o');
    fs.writeFileSync(obj, rep.bytes);
    return { obj };
  }
  const flags = preprocessedCompileFlags(parsed);
  const compileText = async (text: string, name: string, extra: readonly string[]) => {
    const src = path.join(dir, `${name}.i`);
    const obj = path.join(dir, `${name}.o`);
    fs.writeFileSync(src, text);
    const r = await runCaptured([...cc, ...flags, ...extra, '-c', '-x', 'cpp-output', src, '-o', obj], { cwd });
    return r.code === 0 ? { obj } : { error: `compiling the rewritten ${name} failed: ${r.stderr.trim().split('\n').slice(0, 5).join(' | ')}` };
  };
  const polly = rep.unit.polly?.length ? [...POLLY_FLAGS, '-mllvm', pollyOnlyFunc(rep.unit.polly)] : [];
  const main = await compileText(rep.unit.main, 'main', polly);
  if ('error' in main) return main;
  const obj = main.obj;
  return { obj };
}

/** Puts the replacement's object at `objectOut`, only over a regular file the user's command wrote. */
export async function placeReplacement(cc: readonly string[], parsed: readonly Arg[], rep: Replacement, objectOut: string, cwd: string): Promise<Placement> {
  const dir = makeTempDir();
  try {
    const made = await objectFor(cc, parsed, rep, dir, cwd);
    if ('error' in made) return { ok: false, why: made.error };
    const target = path.resolve(cwd, objectOut);
    if (!fs.statSync(target, { throwIfNoEntry: false })?.isFile()) return { ok: false, why: `link test: no original object at ${objectOut} to compare the rewritten one with` };
    // Link-test what ships against what the user's own command wrote: a
    // failure keeps the user's object (the build never breaks) and says why.
    // A stored object passed this test before it was stored, against the
    // object the same inputs compile to, so a hit does not pay for it again.
    if (rep.kind === 'unit') {
      const { linkTest } = await import('./link-test.js');
      const why = await linkTest(cc, made.obj, target);
      if (why) return { ok: false, why };
    }
    const object = rep.kind === 'object' ? rep.bytes : fs.readFileSync(made.obj);
    replaceFile(made.obj, target);
    return { ok: true, object };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Puts `from` in place of `to` atomically (copy beside the target, then
 * rename), and only over a regular file: the user's object must never be
 * half-written, and a device such as /dev/null must never be replaced.
 */
export function replaceFile(from: string, to: string): void {
  const st = fs.statSync(to, { throwIfNoEntry: false });
  if (st && !st.isFile()) throw new Error(`${to} is not a regular file`);
  const tmp = `${to}.slmcc-${process.pid}.tmp`;
  try {
    fs.copyFileSync(from, tmp);
    if (st) fs.chmodSync(tmp, st.mode & 0o7777);
    fs.renameSync(tmp, to);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
