import fs from 'node:fs';
import path from 'node:path';
import type { Arg } from '../core/command-line.js';
import { preprocessFlags } from './classify.js';
import { makeTempDir, objectFor, replaceFile, runCaptured, type Replacement } from './rewritten-compile.js';

/**
 * Rebuilds a compile-and-link call (`cc -O2 a.c b.c -o prog`) with some of its
 * sources rewritten: each source to a temporary object (rewritten or not), then
 * the user's own link line with those objects in place of the sources, plus
 * the OpenMP runtime. The user's call already ran and showed its output; this
 * only replaces the program it wrote, and only when every step succeeded and
 * every rewritten object passed the link test.
 */
export async function relinkWithRewrites(
  cc: readonly string[],
  parsed: readonly Arg[],
  rewritten: ReadonlyMap<string, Replacement>,
  output: string | undefined,
  cwd: string,
): Promise<string | undefined> {
  const dir = makeTempDir();
  try {
    const objects = new Map<string, string>();
    let n = 0;
    for (const a of parsed) {
      if (a.role !== 'input' || a.lang !== 'c') continue;
      const obj = path.join(dir, `${n++}.o`);
      const rep = rewritten.get(a.path);
      const compileOriginal = async (to: string) => {
        const r = await runCaptured([...cc, ...preprocessFlags(parsed), '-w', '-c', a.path, '-o', to], { cwd });
        return r.code === 0 ? undefined : `compiling ${a.path} failed: ${r.stderr.split('\n')[0]}`;
      };
      if (rep) {
        const own = path.join(dir, `${n}.d`);
        fs.mkdirSync(own);
        const made = await objectFor(cc, parsed, rep, own, cwd);
        if ('error' in made) return made.error;
        // The same link test as a -c placement (link-test.ts), against the
        // object the user's own flags make of this source: a rewritten object
        // must not bring a new reference, global or start-up code into the program.
        const original = path.join(own, 'original.o');
        const failed = await compileOriginal(original);
        if (failed) return failed;
        const { linkTest } = await import('./link-test.js');
        const why = await linkTest(cc, made.obj, original);
        if (why) return `${a.path}: ${why}`;
        fs.renameSync(made.obj, obj);
      } else {
        const failed = await compileOriginal(obj);
        if (failed) return failed;
      }
      objects.set(a.path, obj);
    }
    const program = path.join(dir, 'program');
    const linkArgs: string[] = [];
    for (const a of parsed) {
      if (a.role === 'input') linkArgs.push(a.lang === 'c' ? objects.get(a.path)! : a.path);
      else if (a.kind === 'output' || a.kind === 'depfile' || a.kind === 'preprocessor' || a.kind === 'language') continue;
      else if (a.kind === 'diagnostic') continue;
      else linkArgs.push(...a.tokens);
    }
    const r = await runCaptured([...cc, ...linkArgs, '-fopenmp', '-o', program], { cwd });
    if (r.code !== 0) return `linking failed: ${r.stderr.split('\n')[0]}`;
    replaceFile(program, path.resolve(cwd, output ?? 'a.out'));
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
