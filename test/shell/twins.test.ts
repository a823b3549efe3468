// bin/slmcc answers some calls before Node starts, so each rule it shares
// with the TypeScript is written twice: once as a shell function, once in
// src/. Each table here feeds the same cases to the script's function
// (`SLMCC_SOURCE_ONLY=1 . bin/slmcc` defines them without running) and to its
// TypeScript twin, and expects the two to answer alike. A case that only one
// side gets right fails here, before any end-to-end build could show it. The
// lists the rules use come from the TypeScript alone (bin/slmcc-spec.sh, see
// spec.test.ts); these tables check the rules around them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellKey, shellKeyBytes, SHELL_KEY_ENV } from '../../src/cache/shell-entries.js';
import { loadConfig, MODES, PROVIDERS } from '../../src/config/index.js';
import { parseArgs } from '../../src/driver/classify.js';
import { openmpLinkArgs } from '../../src/driver/openmp-link.js';
import { mayHaveLoops } from '../../src/pipeline/loop-keywords.js';
import { shellSource } from '../../src/pipeline/direct-store.js';
import { inParallelMake } from '../../src/shared/parallel-make.js';

const SCRIPT = path.resolve(import.meta.dirname, '..', '..', 'bin', 'slmcc');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-twins-'));

interface Shell {
  status: number;
  stdout: Buffer;
}

interface ShellCase {
  /** The positional parameters, "$@". */
  args?: readonly string[];
  /** Exported for this case only, over a bare PATH and HOME. */
  env?: Record<string, string>;
  cwd?: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const END = Buffer.from('\x01\x02');

/**
 * Runs `body` once per case, each in a subshell of one sh that loaded the
 * script's functions: one process for a whole table, so the table stays
 * cheap however many cases it grows.
 */
function shellEach(body: string, cases: readonly ShellCase[]): Shell[] {
  const script = [
    'SLMCC_SOURCE_ONLY=1 . "$0" || exit 99',
    'unset SLMCC_SOURCE_ONLY',
    ...cases.map((c) =>
      [
        '(',
        c.cwd ? `cd ${quote(c.cwd)} || exit 98;` : '',
        ...Object.entries(c.env ?? {}).map(([k, v]) => `export ${k}=${quote(v)};`),
        `set -- ${(c.args ?? []).map(quote).join(' ')};`,
        body,
        `\n); printf '\\001\\002%d\\002\\001' $?`,
      ].join(' '),
    ),
  ].join('\n');
  const r = spawnSync('sh', ['-c', script, SCRIPT], { env: { PATH: process.env.PATH, HOME: path.join(work, 'home') }, cwd: work });
  if (r.error) throw r.error;
  expect(r.stderr.toString()).toBe('');
  expect(r.status).toBe(0);
  const out: Shell[] = [];
  let at = 0;
  while (out.length < cases.length) {
    const start = r.stdout.indexOf(END, at);
    const stop = r.stdout.indexOf(Buffer.from('\x02\x01'), start + 2);
    if (start < 0 || stop < 0) throw new Error(`sh answered ${out.length} of ${cases.length} cases`);
    out.push({ stdout: r.stdout.subarray(at, start), status: Number(r.stdout.subarray(start + 2, stop).toString()) });
    at = stop + 2;
  }
  return out;
}

/** One case: for the few that need no table. */
const shell = (body: string, c: ShellCase = {}): Shell => shellEach(body, [c])[0];

/** A table's answers from the script, computed once, when its first case runs. */
function answers(body: string, cases: () => readonly ShellCase[]): (i: number) => Shell {
  let memo: Shell[] | undefined;
  return (i) => (memo ??= shellEach(body, cases()))[i];
}

function file(name: string, content: string | Buffer): string {
  const p = path.join(work, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return name;
}

describe('bin/slmcc loads without running', () => {
  it('defines its functions and returns when sourced with SLMCC_SOURCE_ONLY=1', () => {
    const fns = 'check_settings has_loop_keyword mentions_openmp in_parallel_make key_bytes key_in_folder scan_args fast_path one_source_compile settled_compile';
    const r = shell(`for f in ${fns}; do command -V "$f" >/dev/null || echo "missing $f"; done; echo loaded`);
    expect(r.stdout.toString()).toBe('loaded\n');
    expect(r.status).toBe(0);
  });
});

describe('the loop test: a source with no loop keyword is left to the compiler', () => {
  const cases: [string, string | Buffer][] = [
    ['a for loop', 'int f(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s; }\n'],
    ['a while loop', 'void f(int n) { while (n--) ; }\n'],
    ['do ... while', 'void f(int n) { do { n--; } while (n); }\n'],
    ['the keyword in a comment', '/* for each */ int x;\n'],
    ['the keyword in a string', 'const char *s = "while";\n'],
    ['at the end of the file without a newline', 'int x; for'],
    ['no keyword', 'int add(int a, int b) { return a + b; }\n'],
    ['an empty file', ''],
    ['inside longer words', 'int format, fortune, whiles, _for, for_, for1, awhile;\n'],
    ['after a digit', 'int x = 1for;\n'],
    ['upper case', 'int FOR, While;\n'],
    ['next to a Latin-1 byte', Buffer.from([0xe9, ...Buffer.from('for'), 0x0a])],
    ['next to a UTF-8 letter', 'int \u00e9for;\n'],
  ];
  const sources = cases.map(([name, content]) => file(`loops/${name.replace(/\W+/g, '-')}.c`, content));
  const script = answers('has_loop_keyword "$1"', () => sources.map((src) => ({ args: [src] })));
  it.each(cases.map(([name], i) => [name, i] as const))('%s', (_, i) => {
    expect(script(i).status, 'the script: 0 loops, 1 none, 2 unreadable').toBe(mayHaveLoops(sources[i], work) ? 0 : 1);
  });

  it('an unreadable source: the script leaves the call to Node (status 2), Node finds no loop', () => {
    expect(shell('has_loop_keyword "$1"', { args: ['missing.c'] }).status).toBe(2);
    expect(mayHaveLoops('missing.c', work)).toBe(false);
  });
});

describe('the OpenMP test on objects: a link adds -fopenmp when an object calls the runtime', () => {
  const nul = (s: string) => Buffer.concat([Buffer.from('\x7fELF junk'), Buffer.from([0]), Buffer.from(s), Buffer.from([0])]);
  const objects: [string, Buffer][] = [
    ['__kmpc_fork_call', nul('__kmpc_fork_call')],
    ['GOMP_parallel', nul('GOMP_parallel')],
    ['omp_get_num_threads', nul('omp_get_num_threads')],
    ['omp_set_num_threads', nul('omp_set_num_threads')],
    // slmcc's start-up function in a unit with a Polly verdict calls it, parallel code or not.
    ['omp_in_parallel', nul('omp_in_parallel')],
    ['omp_in_parallel_x (another name)', nul('omp_in_parallel_x')],
    ['a marker without the NUL before it', Buffer.from('x__kmpc_fork_call\0')],
    ['no OpenMP at all', nul('printf')],
  ];
  const files = objects.map(([name, bytes]) => file(`omp/${name.replace(/\W+/g, '-')}.o`, bytes));
  const marks = answers('mentions_openmp "$1"', () => files.map((f) => ({ args: [f] })));
  it.each(objects.map(([name], i) => [name, i] as const))('an object naming %s', (_, i) => {
    const ts = openmpLinkArgs([], [path.join(work, files[i])]).length > 0;
    expect(marks(i).status === 0, 'the script').toBe(ts);
  });

  const omp = file('link/omp.o', nul('__kmpc_fork_call'));
  const plain = file('link/plain.o', nul('printf'));
  // A project's archives: libgraph.a holds an object of slmcc's that calls the runtime.
  file('link/lib/libgraph.a', Buffer.concat([Buffer.from('!<arch>\n'), nul('__kmpc_fork_call')]));
  file('link/lib/libplain.a', Buffer.concat([Buffer.from('!<arch>\n'), nul('printf')]));
  file('link/so/libgraph.a', Buffer.concat([Buffer.from('!<arch>\n'), nul('__kmpc_fork_call')]));
  file('link/so/libgraph.so', nul('printf'));
  const L = (dir: string) => `-L${path.join(work, 'link', dir)}`;
  const links: string[][] = [
    [omp, '-o', 'prog'],
    [plain, L('lib'), '-lgraph', '-o', 'prog'],
    [plain, L('lib'), '-lplain', '-o', 'prog'],
    [plain, '-lgraph', '-o', 'prog'],
    [plain, L('none'), L('lib'), '-lgraph'],
    // The linker takes the shared library where both are, unless the link is static.
    [plain, L('so'), '-lgraph'],
    [plain, L('so'), '-static', '-lgraph'],
    [plain, L('so'), '-l:libgraph.a'],
    [plain, L('lib'), '-lgraph', '-lomp'],
    [plain, '-o', 'prog'],
    [omp, plain, '-o', 'prog', '-lm'],
    [omp, '-fopenmp', '-o', 'prog'],
    [omp, '-fopenmp=libomp'],
    [omp, '-lomp'],
    [omp, '-lgomp'],
    [omp, '-liomp5'],
  ];
  const extra = answers('scan_args "$@" && fast_path && printf %s "$extra"', () => links.map((args) => ({ args })));
  it.each(links.map((argv, i) => [argv.join(' '), i] as const))('the extra arguments of the link %s', (_, i) => {
    const argv = links[i];
    const parsed = parseArgs(argv);
    if ('unknown' in parsed) throw new Error(`unknown flag ${parsed.unknown}`);
    const objectsOf = argv.filter((a) => a.endsWith('.o')).map((a) => path.join(work, a));
    expect(extra(i).status).toBe(0);
    expect(extra(i).stdout.toString()).toBe(openmpLinkArgs(parsed, objectsOf).join(' '));
  });
});

describe('the parallel-make test: part of the key of an outcome final only inside a parallel make', () => {
  const flags: (string | undefined)[] = [
    undefined,
    '',
    '-j',
    'j',
    '-j1',
    '-j2',
    '-j9',
    '-j10',
    '-j01',
    'k -j2',
    'kj2',
    'k',
    ' -j4',
    '-j --jobserver-auth=3,4',
    '--jobserver-fds=3,4 -j',
    ' --jobserver-auth=fifo:/tmp/GMfifo1',
    '-- -j2',
    'w -- CC=-j2',
  ];
  const script = answers('in_parallel_make', () => flags.map((f): ShellCase => ({ env: f === undefined ? {} : { MAKEFLAGS: f } })));
  it.each(flags.map((f, i) => [f === undefined ? 'unset' : JSON.stringify(f), i] as const))('MAKEFLAGS %s', (_, i) => {
    expect(script(i).status === 0, 'the script').toBe(inParallelMake(flags[i]));
  });
});

describe('the argv scan: which compiles the settled-compile path may serve, and their source', () => {
  file('a.c', 'int a(int n) { for (;;) ; }\n');
  file('b.c', 'int b(void) { return 0; }\n');
  file('dir with space/c.c', 'void c(void) { while (1) ; }\n');
  file('x.o', 'not an object\n');
  const argvs: string[][] = [
    ['-c', 'a.c'],
    ['-c', 'a.c', '-o', 'out/a.o'],
    ['-O2', '-c', 'a.c', '-o', 'a.o', '-Wall', '-DN=3'],
    ['-c', 'dir with space/c.c'],
    ['a.c', '-c'],
    ['-c', '-c', 'a.c'],
    ['-c', 'a.c', 'b.c'],
    ['a.c'],
    ['a.c', '-o', 'prog'],
    ['-E', 'a.c'],
    ['-c', '-E', 'a.c'],
    ['-E', '-c', 'a.c'],
    ['-S', 'a.c'],
    ['-c', '-M', 'a.c'],
    ['-c', '-MM', 'a.c'],
    ['-c', '-fsyntax-only', 'a.c'],
    ['-c', 'a.c', '-oa.o'],
    ['-c', 'a.c', '-o', 'a.o', '-o', 'b.o'],
    ['-c', 'a.c', 'x.o'],
    ['-c', '@args.rsp'],
    ['-c', '-x', 'c', 'a.c'],
    ['-c', '-xc', 'a.c'],
    ['-c', '-'],
    ['-c', 'a.c', '-MF', 'a.d', '-MD'],
    ['-c', 'a.c', '-include', 'b.c'],
  ];
  const script = answers('scan_args "$@" && one_source_compile && printf %s "$source"', () => argvs.map((args) => ({ args })));
  it.each(argvs.map((a, i) => [a.join(' '), i] as const))('%s', (_, i) => {
    const served = script(i).status === 0 ? script(i).stdout.toString() : undefined;
    expect(served, 'the script').toBe(shellSource(argvs[i]));
  });
});

describe('the key bytes of a settled compile', () => {
  const CC = '/usr/bin/clang-19';
  const envs: Record<string, string>[] = [
    {},
    { SLMCC_MODE: 'full', SLMCC_PROVIDER: 'builtin' },
    { SLMCC_MODE: '', SLMCC_MODEL: 'qwen2.5-coder:7b', OLLAMA_HOST: 'http://gpu:11434' },
    { CPATH: '/opt/inc:/usr/local/inc', C_INCLUDE_PATH: '/x', SOURCE_DATE_EPOCH: '1700000000' },
    // Not in the key: the script must not read them either.
    { SLMCC_CACHE_DIR: '/tmp/c', SLMCC_STRATEGY: 'react', CFLAGS: '-O3' },
  ];
  const argvs: string[][] = [
    ['-c', 'a.c'],
    ['-O2', '-c', 'a.c', '-o', 'out/a.o'],
    ['-c', 'dir with space/c.c', '-DMSG="a b"', '-DP=%s%d', '-DB=\\n', "-DQ='q'"],
    ['-c', 'caf\u00e9.c', '-DX=\u2603', ''],
    ['-c', 'a.c', '-DLINE=one\ntwo'],
  ];
  const cases = envs.flatMap((env) => argvs.flatMap((argv) => [false, true].map((parallelMake) => ({ cc: CC, env, argv, parallelMake }))));
  const asShell = cases.map((c) => ({ env: c.env, args: [c.parallelMake ? '1' : '0', CC, ...c.argv] }));
  const bytes = answers('par=$1 cc=$2; shift 2; key_bytes "$@"', () => asShell);
  it.each(cases.map((c, i) => [JSON.stringify(c), i] as const))('%s', (_, i) => {
    expect(bytes(i).status).toBe(0);
    expect(bytes(i).stdout).toEqual(Buffer.from(shellKeyBytes(cases[i]), 'utf8'));
  });

  it('hashed as settled_compile hashes them', () => {
    const some = [0, 5, 7, 9].map((i) => cases[i]);
    const sh = shellEach(
      'par=$1 cc=$2; shift 2; key=$(key_bytes "$@" | sha256sum) && printf %s "${key%% *}"',
      some.map((c) => ({ env: c.env, args: [c.parallelMake ? '1' : '0', CC, ...c.argv] })),
    );
    expect(sh.map((r) => r.stdout.toString())).toEqual(some.map((c) => shellKey(c)));
  });

  it('bound to a folder', () => {
    const input = { cc: CC, argv: ['-g', '-c', 'a.c'], env: {}, parallelMake: false };
    const folders = ['/work/project', '/tmp/dir with space', '/srv/caf\u00e9'];
    const free = shellKey(input);
    const sh = shellEach(
      'key_in_folder "$1" "$2"',
      folders.map((f) => ({ args: [free, f] })),
    );
    expect(sh.map((r) => r.stdout.toString().split(' ')[0])).toEqual(folders.map((folder) => shellKey({ ...input, folder })));
  });

  it('the script hashes the environment variables shellKeyBytes names, in its order', () => {
    const env = Object.fromEntries(SHELL_KEY_ENV.map((k, i) => [k, `value-${i}`]));
    const sh = shell('par=0 cc=cc; key_bytes', { env });
    expect(sh.stdout.toString().split('\0').slice(3, -1)).toEqual(SHELL_KEY_ENV.map((k) => env[k]));
  });
});

describe('the settings the script vouches for: only where Node reads exactly what the environment says', () => {
  const home = path.join(work, 'home');
  const nodeReads = (env: Record<string, string>, cwd = work) => loadConfig({ HOME: home, ...env }, cwd);
  const VOUCHED = 'check_settings; [ -n "$settings_ok" ]';

  // Where the script does not vouch, Node decides (and names a bad value);
  // where it does, Node must read no file, find nothing wrong and see the
  // same mode and provider.
  const envs: [Record<string, string>, boolean][] = [
    [{}, true],
    ...MODES.map((m): [Record<string, string>, boolean] => [{ SLMCC_MODE: m }, true]),
    ...PROVIDERS.map((p): [Record<string, string>, boolean] => [{ SLMCC_PROVIDER: p }, p !== 'openai']),
    [{ SLMCC_MODE: 'fast' }, false],
    [{ SLMCC_MODE: 'FULL' }, false],
    [{ SLMCC_MODE: '' }, false],
    // Two accepted words are no accepted value.
    [{ SLMCC_MODE: 'polly off' }, false],
    [{ SLMCC_PROVIDER: 'gpt' }, false],
    [{ SLMCC_MODEL: 'qwen2.5-coder:7b', SLMCC_CACHE_DIR: '/tmp/c', SLMCC_LOG: '/tmp/log', SLMCC_SELF: '/usr/bin/slmcc' }, true],
    // Tests and users turn the background settler off; a settled compile has nothing pending.
    [{ SLMCC_SETTLE: '0' }, true],
    [{ SLMCC_SETTLE: 'off' }, true],
    [{ SLMCC_SETTLE: 'sometimes' }, false],
    // Node reads any case; the script vouches only for the spellings listed, and leaves the rest to Node.
    [{ SLMCC_SETTLE: 'On' }, false],
    [{ SLMCC_THREADS: '4' }, false],
    [{ SLMCC_THREADS: 'many' }, false],
    [{ SLMCC_STRATEGY: 'react' }, false],
    [{ SLMCC_CONFIG: '/nonexistent.json' }, false],
    [{ SLMCC_ACTIVE: '1' }, false],
    [{ SLMCC_DISABLE: '1' }, false],
    [{ OLLAMA_HOST: 'http://gpu:11434', CC: 'gcc' }, true],
  ];
  const script = answers(VOUCHED, () => envs.map(([env]) => ({ env })));
  it.each(envs.map(([env, expected], i) => [JSON.stringify(env), expected, i] as const))('%s: vouched %s', (_, expected, i) => {
    expect(script(i).status === 0).toBe(expected);
    if (!expected) return;
    const env = envs[i][0];
    const node = nodeReads(env);
    expect(node.errors).toEqual([]);
    expect(node.file).toBeUndefined();
    expect(node.config.mode).toBe(env.SLMCC_MODE || 'full');
    expect(node.config.provider).toBe(env.SLMCC_PROVIDER || 'auto');
  });

  it('vouches for nothing while a config file is in play: Node would read it', () => {
    const project = path.join(work, 'with-config');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'slmcc.json'), '{"mode":"off"}');
    const xdg = path.join(work, 'xdg');
    fs.mkdirSync(path.join(xdg, 'slmcc'), { recursive: true });
    fs.writeFileSync(path.join(xdg, 'slmcc', 'config.json'), '{}');
    fs.mkdirSync(path.join(home, '.config', 'slmcc'), { recursive: true });
    const [inProject, inXdg] = shellEach(VOUCHED, [{ cwd: project }, { env: { XDG_CONFIG_HOME: xdg } }]);
    expect(inProject.status).not.toBe(0);
    expect(nodeReads({}, project).file).toBe(path.join(project, 'slmcc.json'));
    expect(inXdg.status).not.toBe(0);
    expect(nodeReads({ XDG_CONFIG_HOME: xdg }).file).toBe(path.join(xdg, 'slmcc', 'config.json'));
    fs.writeFileSync(path.join(home, '.config', 'slmcc', 'config.json'), '{}');
    expect(shell(VOUCHED).status).not.toBe(0);
    expect(nodeReads({}).file).toBe(path.join(home, '.config', 'slmcc', 'config.json'));
    fs.rmSync(path.join(home, '.config'), { recursive: true });
  });
});

// The twins differ on a few command lines no build system writes. Each is
// pinned here with why it is harmless, so that a new difference cannot hide
// among them.
describe('where the twins differ, harmlessly', () => {
  it('a trailing -o: the script looks up a key Node never writes (shellSource refuses the call), so it misses and Node runs', () => {
    const argv = ['-c', 'a.c', '-o'];
    const sh = shell('scan_args "$@" && one_source_compile && printf %s "$source"', { args: argv });
    expect(sh.stdout.toString()).toBe('a.c');
    expect(shellSource(argv)).toBeUndefined();
  });

  it('-l or -L with its value as the next word: the script leaves the call to Node, whose flag table reads both', () => {
    const omp = file('link/omp.o', Buffer.from('\x7fELF\0__kmpc_fork_call\0'));
    for (const argv of [
      [omp, '-l', 'omp'],
      [omp, '-L', 'lib', '-lgraph'],
    ])
      expect(shell('scan_args "$@"', { args: argv }).status).not.toBe(0);
    const parsed = parseArgs([omp, '-l', 'omp']);
    if ('unknown' in parsed) throw new Error(`unknown flag ${parsed.unknown}`);
    expect(openmpLinkArgs(parsed, [path.join(work, omp)])).toEqual([]);
  });
});
