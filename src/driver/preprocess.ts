import { execa } from 'execa';

export type Preprocessed = { ok: true; text: string } | { ok: false; stderr: string; exitCode: number };

/**
 * Runs the real compiler's preprocessor on one source with the flags that
 * shape what it sees (-D, -I, -std, -include, ...). Line markers are kept so
 * that analysis can tell the user's own functions from header code and so that
 * a spliced translation unit still points diagnostics and debug info at the
 * user's file.
 */
export async function preprocess(cc: readonly string[], flags: readonly string[], source: string, cwd: string = process.cwd()): Promise<Preprocessed> {
  const [cmd, ...pre] = cc;
  const r = await execa(cmd, [...pre, ...flags, '-E', '-x', 'c', source, '-o', '-'], {
    cwd,
    reject: false,
    stdin: 'ignore',
    encoding: 'utf8',
    stripFinalNewline: false,
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.exitCode !== 0) return { ok: false, stderr: r.stderr, exitCode: r.exitCode ?? 1 };
  return { ok: true, text: r.stdout };
}
