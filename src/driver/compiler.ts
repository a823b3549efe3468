import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { parse as Parse, ParseEntry } from 'shell-quote';
import { executablesOnPath as onPath } from '../core/path-lookup.js';

export type Compiler = { ok: true; argv: string[]; resolved: string } | { ok: false; message: string };

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

export type Words = { ok: true; words: string[] } | { ok: false; message: string };

/** Words made of these alone split at blanks, as shell-quote would split them, without loading it. */
const PLAIN = /^[\w \t@%+=:,./-]*$/;

let shellParse: typeof Parse | undefined;

/**
 * Splits a setting that holds a command or flags (`distcc clang-19`,
 * `"/opt/my cc/clang" -fno-x`) into words as sh would, with shell-quote:
 * quotes and backslashes work as in sh, and `$VAR` stays as written (slmcc
 * expands nothing; `${VAR}` becomes `$VAR`). Operators, patterns and comments
 * mean nothing without a shell, so they make the setting wrong, with a line
 * that names it and how to fix it. `holds` says what the setting is for.
 */
export function splitCommand(setting: string, value: string, holds = 'the compiler and its arguments'): Words {
  if (PLAIN.test(value)) return { ok: true, words: value.split(/[ \t]+/).filter((w) => w !== '') };
  // Loaded only for such a setting: every compiler call reads this module.
  shellParse ??= (createRequire(import.meta.url)('shell-quote') as { parse: typeof Parse }).parse;
  const wrong = (what: string): Words => ({
    ok: false,
    message: `slmcc: ${setting}=${value}: ${what}; set ${setting} to ${holds} alone, quoting any word that holds | & ; < > ( ) * ? # or a space`,
  });
  let entries: ParseEntry[];
  try {
    entries = shellParse<string>(value, (key) => `$${key}`);
  } catch (e) {
    return wrong((e as Error).message);
  }
  const words: string[] = [];
  for (const e of entries) {
    if (typeof e === 'string') words.push(e);
    else if ('comment' in e) return wrong('"#" starts a comment there, which slmcc does not run');
    else if (e.op === 'glob') return wrong(`"${e.pattern}" is a pattern, which slmcc does not expand`);
    else return wrong(`"${e.op}" is shell syntax, which slmcc does not run`);
  }
  return { ok: true, words };
}

/**
 * Finds the real compiler: SLMCC_CC (or the launcher form's word), else clang-19, else clang on PATH. slmcc
 * itself is skipped by resolved path, so that installing it as `clang` or
 * `cc` earlier on PATH does not make it call itself.
 */
export function findCompiler(configured: string | readonly [string], env: NodeJS.ProcessEnv, self: string | undefined): Compiler {
  const selfReal = self ? realpath(self) : undefined;
  const notSelf = (p: string) => realpath(p) !== selfReal;
  // A word (the launcher form's first argument) is the compiler as it stands.
  const split = typeof configured === 'string' ? splitCommand('SLMCC_CC', configured) : { ok: true as const, words: [...configured] };
  if (!split.ok) return split;
  if (split.words.length > 0) {
    const argv = split.words;
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
