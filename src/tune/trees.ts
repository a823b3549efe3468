// Scratch copies of the user's tree: tune builds and runs candidates there,
// never in the user's folder, so an interrupted tune leaves that folder as it
// was and no candidate object where a later plain build would pick it up.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';

export interface RecordedCompile {
  cwd: string;
  args: string[];
  sources: string[];
  output?: string;
  link: boolean;
}

/** A copy of `src` (without .git and without object files, so the build redoes every compile). */
export function copyTree(src: string, dst: string, skip: string[] = []): void {
  const skipped = new Set(skip.map((s) => path.resolve(s)));
  fs.cpSync(src, dst, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (from) => !skipped.has(path.resolve(from)) && path.basename(from) !== '.git' && !from.endsWith('.o'),
  });
}

/**
 * A copy of a scratch tree tune built itself, objects and all, with their
 * times: make sees every object up to date, so the copy's program is the
 * built one without a build, and a trial that removes one object rebuilds
 * that object and relinks.
 */
export function copyBuiltTree(src: string, dst: string): void {
  fs.cpSync(src, dst, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
}

export function readRecorded(file: string): RecordedCompile[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as RecordedCompile);
  } catch {
    return [];
  }
}

/** The object a recorded compile wrote, relative to the tree it was recorded in. */
export function objectOf(c: RecordedCompile, source: string, treeRoot: string): string | undefined {
  if (c.link) return undefined;
  const out = c.output ?? path.basename(source).replace(/\.[^.]*$/, '') + '.o';
  const abs = path.resolve(c.cwd, out);
  const rel = path.relative(treeRoot, abs);
  return rel.startsWith('..') ? undefined : rel;
}

/** Removes every recorded object in `tree`, so that the next build compiles (and links) everything again. */
export function removeObjects(tree: string, objects: string[]): void {
  for (const o of objects) fs.rmSync(path.join(tree, o), { force: true });
}

/** The build command in `tree`; one word is a shell command line, several are argv. */
export async function runBuild(build: string[], tree: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; ms: number; detail?: string; output: string }> {
  const t0 = performance.now();
  const r =
    build.length === 1
      ? await execa('sh', ['-c', build[0]], { cwd: tree, env, extendEnv: false, reject: false, all: true, stdin: 'ignore', maxBuffer: 256 << 20 })
      : await execa(build[0], build.slice(1), { cwd: tree, env, extendEnv: false, reject: false, all: true, stdin: 'ignore', maxBuffer: 256 << 20 });
  const ms = performance.now() - t0;
  const output = String(r.all ?? '');
  if (r.exitCode === 0) return { ok: true, ms, output };
  const lines = output.trim().split('\n');
  return { ok: false, ms, output, detail: `exit status ${r.exitCode}: ${lines.slice(-3).join(' | ').slice(0, 400)}` };
}
