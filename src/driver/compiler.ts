import fs from 'node:fs';
import path from 'node:path';
import { executablesOnPath as onPath } from '../core/path-lookup.js';

export type Compiler = { ok: true; argv: string[]; resolved: string } | { ok: false; message: string };

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Splits `distcc clang-19` or `"/opt/my cc/clang" -fno-x` into words. */
export function splitCommand(cmd: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m; (m = re.exec(cmd));) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/**
 * Finds the real compiler: SLMCC_CC, else clang-19, else clang on PATH. slmcc
 * itself is skipped by resolved path, so that installing it as `clang` or
 * `cc` earlier on PATH does not make it call itself.
 */
export function findCompiler(configured: string, env: NodeJS.ProcessEnv, self: string | undefined): Compiler {
  const selfReal = self ? realpath(self) : undefined;
  const notSelf = (p: string) => realpath(p) !== selfReal;
  if (configured.trim() !== '') {
    const argv = splitCommand(configured);
    const hit = onPath(argv[0], env)[0];
    if (!hit) return { ok: false, message: `slmcc: SLMCC_CC=${configured}: ${argv[0]} not found; set SLMCC_CC to a C compiler (e.g. clang-19)` };
    if (!notSelf(hit)) return { ok: false, message: `slmcc: SLMCC_CC=${configured} is slmcc itself; set SLMCC_CC to the real compiler (e.g. clang-19)` };
    return { ok: true, argv: [hit, ...argv.slice(1)], resolved: realpath(hit) };
  }
  for (const name of ['clang-19', 'clang']) {
    const hit = onPath(name, env).find(notSelf);
    if (hit) return { ok: true, argv: [hit], resolved: realpath(hit) };
  }
  return {
    ok: false,
    message: 'slmcc: no C compiler found (looked for clang-19, clang on PATH); install it with `apt-get install clang-19 libomp-19-dev libclang-rt-19-dev` or set SLMCC_CC',
  };
}

/** Names a launcher's first argument may have: a C compiler, or a wrapper of one. */
const COMPILER_NAME = /^(clang|gcc|cc|c89|c99|c11|tcc|icx|ccache|distcc|sccache)(-[\w.]+)?$|-(gcc|cc|clang)(-[\w.]+)?$/;

/**
 * The launcher form (`slmcc clang-19 -c x.c`, as CMAKE_C_COMPILER_LAUNCHER
 * calls it): a first argument that is no flag and no input file but an
 * executable named like a compiler. Its words become the real compiler.
 */
export function launcherCompiler(args: string[], env: NodeJS.ProcessEnv): string | undefined {
  const first = args[0];
  if (!first || first.startsWith('-') || first.startsWith('@')) return undefined;
  if (!COMPILER_NAME.test(path.basename(first))) return undefined;
  return onPath(first, env).length > 0 ? first : undefined;
}
