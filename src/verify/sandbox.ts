// Containment for code from a model: every harness run, and every compile of a
// harness, happens inside bubblewrap (`bwrap`, Debian's `bubblewrap`):
//
// - a run sees only the toolchain it needs, read-only: /usr (libc, libm,
//   libomp, Archer, the symbolizer), the loader's directories and cache, the
//   CPU topology libomp reads; no other file of /etc, no home, no /work, no
//   host /tmp, no /run (no Unix socket to reach, no secret to print into a
//   failure report). Its only writable place is a private, size-limited tmpfs
//   at /tmp (its scratch and working directory; nothing in it outlives the
//   run). A compile sees the host read-only and writes only its build
//   directory; /run and the temporary directories are hidden from it.
// - /proc is the sandbox's own; /proc/sys (and sysrq-trigger, irq, bus) are
//   read-only, which matters when slmcc runs as root; /dev is a minimal,
//   read-only one with a 1 MiB /dev/shm.
// - new PID, network, IPC, UTS, cgroup and user namespaces, no capabilities,
//   a new session (no TIOCSTI into the terminal). With --die-with-parent, the
//   sandbox's PID 1 dies with bwrap and takes every process of the run with it:
//   a `setsid` or double-forked child cannot outlive the run.
// - limits, set by prlimit right before the harness starts: CPU seconds, file
//   size, processes (RLIMIT_NPROC counts per user namespace since Linux 5.14, so
//   only the run's own threads count; the thread count the run is told), virtual
//   memory except for sanitizer builds, no core files; wall time is enforced
//   from here with SIGKILL.
// - the environment holds only PATH, OMP_*, KMP_* and the sanitizers' options.
// - when slmcc runs as root, runs drop to uid 65534 first (setpriv), so the
//   harness cannot read root's files and RLIMIT_NPROC applies at all.
//
// Only the executable itself is bound into the sandbox (read-only, at
// /run/slmcc/<name>): the rest of the verify directory is never visible to the
// run. As uid 65534, bwrap cannot reach the verify directory (mode 0700, the
// user's): the file is copied into a directory of its own that only group
// 65534 may enter; where the temporary directory's ancestors are closed to
// others, the bytes go through a pipe instead (--ro-bind-data), which costs the
// sanitizers their symbolized reports (they cannot reopen a deleted file).
//
// When the sandbox cannot be set up (sandboxProbe() not ok), runs and
// compiles fall back to plain processes with the same limits where `ulimit`
// can set them; the verify flow does not run a model's candidates then.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { swallowed } from '../core/swallowed.js';

export interface RunLimits {
  wallMs: number;
  /** Written to the run's stdin, which is then closed (the verdict's nonce: never in argv or the environment). */
  stdin?: string;
  cpuSeconds: number;
  /** Virtual memory in MiB; omitted for sanitizer builds, which reserve terabytes of shadow. */
  memoryMb?: number;
  /** Threads the run is told to use (an argument, not OMP_*): what RLIMIT_NPROC must leave room for. */
  threads?: number;
}

export interface RunResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface SandboxMode {
  /** slmcc runs as root: start bwrap as uid/gid 65534 (through setpriv). */
  dropToNobody: boolean;
}

const MiB = 1024 * 1024;
/** Largest file a run may write. */
export const RUN_FILE_LIMIT = 64 * MiB;
/** All a run may write in total (its /tmp). */
export const RUN_TMPFS = 128 * MiB;
/** Largest file a compile may write. */
export const COMPILE_FILE_LIMIT = 256 * MiB;
const COMPILE_TMPFS = 1024 * MiB;
/** Processes and threads a run may have beyond its OpenMP threads (sanitizer helper threads, bwrap's init). */
const SPARE_TASKS = 16;
const NOBODY = 65534;

const ENV_KEEP = /^(PATH|OMP_\w+|KMP_\w+|TSAN_OPTIONS|ASAN_OPTIONS|UBSAN_OPTIONS)$/;

/**
 * What a run's environment keeps: PATH, OpenMP's and the sanitizers'
 * variables that the caller passed. Nothing is added: a candidate must not be
 * able to tell a check from the program by an OMP_THREAD_LIMIT the program
 * would not have; RLIMIT_NPROC bounds the threads instead.
 */
export function runEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const [k, v] of Object.entries(env)) if (ENV_KEEP.test(k)) out[k] = v;
  return out;
}

let maskList: string[] | undefined;

/** Directories a compile's sandbox hides or works around: real directories (not symlinks), outermost only. */
function masks(): string[] {
  if (maskList) return maskList;
  const want = ['/home', '/root', '/run', '/var/run', '/var/tmp', '/mnt', '/media', os.homedir(), os.tmpdir()];
  const dirs: string[] = [];
  for (const d of want) {
    const p = path.resolve(d);
    // /tmp itself is replaced by the run's own tmpfs, which hides whatever lies under it too.
    if (p === '/' || p === '/tmp' || p.startsWith('/tmp/') || p === '/usr' || p.startsWith('/usr/') || p === '/proc' || p.startsWith('/proc/') || p.startsWith('/dev')) continue;
    try {
      if (!fs.lstatSync(p).isDirectory()) continue;
    } catch {
      continue;
    }
    dirs.push(p);
  }
  dirs.sort((a, b) => a.length - b.length);
  return (maskList = dirs.filter((d, i) => !dirs.slice(0, i).some((o) => d === o || d.startsWith(o + '/'))));
}

/** The parts every sandbox shares: own /proc and /dev, namespaces, no capabilities. */
function commonArgs(): string[] {
  return [
    '--dev',
    '/dev',
    // bwrap's /dev is a writable tmpfs as large as half the memory: only a small /dev/shm stays writable (libomp registers itself there).
    '--size',
    String(MiB),
    '--tmpfs',
    '/dev/shm',
    '--remount-ro',
    '/dev',
    '--proc',
    '/proc',
    '--ro-bind',
    '/proc/sys',
    '/proc/sys',
    '--ro-bind-try',
    '/proc/sysrq-trigger',
    '/proc/sysrq-trigger',
    '--ro-bind-try',
    '/proc/irq',
    '/proc/irq',
    '--ro-bind-try',
    '/proc/bus',
    '/proc/bus',
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
  ];
}

/** Top-level links of a merged /usr (/lib -> usr/lib, ...), or the directories themselves. */
const LOADER_DIRS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/** Files under /usr that say which system this is: a run reads them empty. */
const SYSTEM_IDENTITY = ['/usr/lib/os-release'];

/**
 * What a run sees of the host: the toolchain it needs and nothing else. /usr
 * (libc, libm, libomp, Archer, the symbolizer the sanitizers start), the
 * loader's directories and its cache, the CPU topology libomp reads, and the
 * directories of OpenMP tools the environment names. No /etc beyond the
 * loader's cache, no home, no /work, no /tmp but the run's own.
 */
function toolchainArgs(env: Record<string, string>): string[] {
  const argv = ['--ro-bind', '/usr', '/usr'];
  for (const d of LOADER_DIRS) {
    try {
      const st = fs.lstatSync(d);
      if (st.isSymbolicLink()) argv.push('--symlink', fs.readlinkSync(d), d);
      else if (st.isDirectory()) argv.push('--ro-bind', d, d);
    } catch (e) {
      swallowed('verify/sandbox', e);
      /* not on this system */
    }
  }
  argv.push('--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache');
  argv.push('--ro-bind-try', '/sys/devices/system/cpu', '/sys/devices/system/cpu');
  for (const lib of (env.OMP_TOOL_LIBRARIES ?? '').split(':')) {
    const dir = path.dirname(lib);
    if (path.isAbsolute(lib) && dir !== '/' && !dir.startsWith('/usr/') && fs.existsSync(lib)) argv.push('--ro-bind', dir, dir);
  }
  for (const f of SYSTEM_IDENTITY) if (fs.existsSync(f)) argv.push('--ro-bind', '/dev/null', f);
  return argv;
}

/** argv for one run of `exe` (bound read-only, or from fd 3 when `exe` is undefined) with `args`. */
function runArgv(mode: SandboxMode, exe: string | undefined, name: string, args: string[], limits: RunLimits, env: Record<string, string>): string[] {
  const inside = `/run/slmcc/${name.replace(/[^\w.-]/g, '_') || 'harness'}`;
  const argv: string[] = [];
  if (mode.dropToNobody) argv.push('setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--');
  argv.push('bwrap', ...toolchainArgs(env), ...commonArgs());
  argv.push('--size', String(RUN_TMPFS), '--tmpfs', '/tmp');
  if (exe === undefined) argv.push('--perms', '0555', '--ro-bind-data', '3', inside);
  else argv.push('--ro-bind', exe, inside);
  // bwrap's own root (a tmpfs holding the mount points) is writable until now; only /tmp and /dev/shm stay so.
  argv.push('--remount-ro', '/');
  argv.push('--chdir', '/tmp', '--');
  const tasks = Math.max(1, limits.threads ?? (Number(env.OMP_NUM_THREADS) || os.availableParallelism())) + SPARE_TASKS;
  argv.push('prlimit', `--cpu=${Math.max(1, Math.ceil(limits.cpuSeconds))}`, `--fsize=${RUN_FILE_LIMIT}`, `--nproc=${tasks}`, '--core=0');
  if (limits.memoryMb) argv.push(`--as=${Math.ceil(limits.memoryMb) * MiB}`);
  argv.push('--', inside, ...args);
  return argv;
}

async function runBwrap(mode: SandboxMode, exe: string, args: string[], limits: RunLimits, env: Record<string, string>): Promise<RunResult> {
  exe = path.resolve(exe);
  const staged = mode.dropToNobody ? stageForNobody(exe) : undefined;
  const source = mode.dropToNobody ? staged : exe;
  const clean = runEnv(env);
  const argv = runArgv(mode, source, path.basename(exe), args, limits, clean);
  const t0 = performance.now();
  try {
    return await runArgvContained(argv, source === undefined ? new Uint8Array(fs.readFileSync(exe)) : undefined, limits, clean, t0);
  } finally {
    if (staged) fs.rmSync(path.dirname(staged), { recursive: true, force: true });
  }
}

async function runArgvContained(argv: string[], data: Uint8Array | undefined, limits: RunLimits, clean: Record<string, string>, t0: number): Promise<RunResult> {
  const sub = execa(argv[0], argv.slice(1), {
    stdio: [limits.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe', data ?? 'ignore'],
    ...(limits.stdin !== undefined ? { input: limits.stdin } : {}),
    reject: false,
    timeout: limits.wallMs,
    killSignal: 'SIGKILL',
    forceKillAfterDelay: false,
    detached: true,
    cleanup: true,
    maxBuffer: 4 * MiB,
    env: clean,
    extendEnv: false,
  });
  const pid = sub.pid;
  const r = await sub;
  // Killing bwrap kills the sandbox's PID 1 (--die-with-parent) and so every process of the run.
  if ((r.timedOut || r.isMaxBuffer) && pid) killGroup(pid);
  // bwrap exits 128+N when the harness died of signal N: report it as the signal, as a direct run would.
  const died = !r.signal && r.exitCode !== undefined && r.exitCode > 128 ? signalName(r.exitCode - 128) : undefined;
  return {
    code: died ? null : (r.exitCode ?? null),
    signal: r.signal ?? died,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    timedOut: Boolean(r.timedOut),
    ms: performance.now() - t0,
  };
}

function signalName(n: number): string | undefined {
  return Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0];
}

/**
 * A copy of `exe` that uid 65534 can reach: alone in a directory
 * of mode 0710, group 65534. Undefined when the temporary directory's ancestors
 * are closed to others (then the bytes go through a pipe).
 */
function stageForNobody(exe: string): string | undefined {
  const tmp = os.tmpdir();
  try {
    for (let d = path.resolve(tmp); ; d = path.dirname(d)) {
      if (!(fs.statSync(d).mode & 0o001)) return undefined;
      if (d === '/') break;
    }
  } catch {
    return undefined;
  }
  const dir = fs.mkdtempSync(path.join(tmp, 'slmcc-exe-'));
  try {
    fs.chownSync(dir, process.getuid?.() ?? 0, NOBODY);
    fs.chmodSync(dir, 0o710);
    const dest = path.join(dir, 'exe');
    // A copy, not a link: the permissions set below must not change the caller's file.
    fs.copyFileSync(exe, dest, fs.constants.COPYFILE_FICLONE);
    fs.chownSync(dest, process.getuid?.() ?? 0, NOBODY);
    fs.chmodSync(dest, 0o750);
    return dest;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/**
 * Whether runs here go into bubblewrap, and how they start it: found once per
 * process by actually starting the sandbox the runs use (containment.ts says
 * what the answer means to a user). SLMCC_SANDBOX=none forces "no" without
 * probing: for tests, and to see what a machine without bubblewrap does. It is
 * read here, not through the config table, because it is a test knob rather
 * than a user setting.
 */
export type SandboxProbe =
  { ok: true; mode: SandboxMode; version: string } | { ok: false; why: 'forced off' } | { ok: false; why: 'not installed' } | { ok: false; why: 'cannot start'; version: string; error: string };

let probed: Promise<SandboxProbe> | undefined;

export function sandboxProbe(): Promise<SandboxProbe> {
  return (probed ??= probeOnce());
}

/** Forget the probe (tests that change SLMCC_SANDBOX). */
export function forgetSandboxProbe(): void {
  probed = undefined;
}

async function probeOnce(): Promise<SandboxProbe> {
  if (process.env.SLMCC_SANDBOX === 'none') return { ok: false, why: 'forced off' };
  let version: string;
  try {
    const v = await execa('bwrap', ['--version'], { reject: false, timeout: 5000, stdin: 'ignore' });
    if (v.exitCode !== 0) throw new Error(String(v.stderr));
    version = String(v.stdout).trim();
  } catch {
    return { ok: false, why: 'not installed' };
  }
  const r = await startsHere();
  return 'error' in r ? { ok: false, why: 'cannot start', version, error: r.error } : { ok: true, mode: r.mode, version };
}

/** Start the sandbox the way runs do, with /bin/true: the first mode that works, or why none does. */
async function startsHere(): Promise<{ mode: SandboxMode } | { error: string }> {
  const exe = ['/usr/bin/true', '/bin/true'].find((p) => fs.existsSync(p));
  if (!exe) return { error: 'no /usr/bin/true to test with' };
  const modes: SandboxMode[] = process.getuid?.() === 0 ? [{ dropToNobody: true }, { dropToNobody: false }] : [{ dropToNobody: false }];
  let error = '';
  for (const mode of modes) {
    try {
      const r = await runBwrap(mode, exe, [], { wallMs: 10_000, cpuSeconds: 5, memoryMb: 256 }, { OMP_NUM_THREADS: '1' });
      if (r.code === 0) {
        // Compiles run as the user itself, in a writable build directory: that must work too.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-probe-'));
        try {
          const argv = compileArgv(dir, exe, []);
          const c = await execa(argv[0], argv.slice(1), { reject: false, timeout: 10_000, stdin: 'ignore', all: true });
          if (c.exitCode === 0) return { mode };
          return {
            error: `compile sandbox: ${
              String(c.all ?? '')
                .trim()
                .split('\n')[0] || `exit ${c.exitCode}`
            }`.slice(0, 300),
          };
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
      error ||= (r.stderr.trim().split('\n')[0] || (r.timedOut ? 'timed out' : `exit ${r.code ?? r.signal}`)).slice(0, 300);
    } catch (e) {
      error ||= (e as Error).message.split('\n')[0];
    }
  }
  return { error };
}

export async function runContained(exe: string, args: string[], limits: RunLimits, env: Record<string, string> = {}): Promise<RunResult> {
  const k = await sandboxProbe();
  if (k.ok) return runBwrap(k.mode, exe, args, limits, env);
  return runUncontained(exe, args, limits, env);
}

/** argv for a compile: the host read-only but for `cwd` and a private /tmp; /run hidden (its sockets). */
function compileArgv(cwd: string, exe: string, args: string[]): string[] {
  const argv = ['bwrap', '--ro-bind', '/', '/', ...commonArgs()];
  for (const d of ['/run', '/var/run', '/var/tmp']) if (masks().includes(d)) argv.push('--size', '65536', '--tmpfs', d, '--remount-ro', d);
  argv.push('--size', String(COMPILE_TMPFS), '--tmpfs', '/tmp');
  // A compiler (or wrapper) that lives in a hidden directory stays reachable, read-only.
  const where = resolveCommand(exe);
  if (where && [...masks(), '/tmp'].some((m) => where === m || where.startsWith(m + '/'))) argv.push('--ro-bind', path.dirname(where), path.dirname(where));
  argv.push('--bind', cwd, cwd, '--chdir', cwd, '--');
  argv.push('prlimit', `--fsize=${COMPILE_FILE_LIMIT}`, '--core=0', '--', exe, ...args);
  return argv;
}

/** Where `cmd` is found (a path, or a name looked up on PATH). */
function resolveCommand(cmd: string): string | undefined {
  if (cmd.includes('/')) return path.resolve(cmd);
  for (const d of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const p = path.resolve(d, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch (e) {
      swallowed('verify/sandbox', e);
      /* not here */
    }
  }
  return undefined;
}

export interface CompileResult {
  exitCode: number | undefined;
  all: string;
}

/**
 * A compile of a harness: the host read-only, only `cwd` (the build directory)
 * and a private /tmp writable, no network, files up to COMPILE_FILE_LIMIT,
 * killed after timeoutMs.
 */
export async function runContainedCompile(cmd: string, args: string[], opts: { cwd: string; timeoutMs: number; signal?: AbortSignal }): Promise<CompileResult> {
  const k = await sandboxProbe();
  const cwd = path.resolve(opts.cwd);
  const exe = cmd.includes('/') ? path.resolve(cmd) : cmd;
  const common = {
    stdin: 'ignore' as const,
    reject: false,
    timeout: opts.timeoutMs,
    killSignal: 'SIGKILL' as const,
    forceKillAfterDelay: false as const,
    detached: true,
    cleanup: true,
    all: true,
    maxBuffer: 16 * MiB,
    // Another build of the same candidate failed: this one is killed, its whole process group with it.
    ...(opts.signal ? { cancelSignal: opts.signal } : {}),
  };
  let argv: string[];
  let env: NodeJS.ProcessEnv;
  if (k.ok) {
    argv = compileArgv(cwd, exe, args);
    env = { ...process.env, TMPDIR: '/tmp', LC_ALL: 'C' };
  } else {
    argv = ['prlimit', `--fsize=${COMPILE_FILE_LIMIT}`, '--core=0', '--', exe, ...args];
    env = { ...process.env, LC_ALL: 'C' };
  }
  const sub = execa(argv[0], argv.slice(1), { ...common, cwd, env, extendEnv: false });
  const pid = sub.pid;
  const r = await sub;
  if ((r.timedOut || r.isCanceled) && pid) killGroup(pid);
  if (r.isCanceled) return { exitCode: undefined, all: 'compile stopped: another build of the candidate failed' };
  const all = String(r.all ?? '');
  return { exitCode: r.exitCode ?? undefined, all: r.timedOut ? `${all}\ncompile timed out after ${opts.timeoutMs} ms`.trim() : all };
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Without a sandbox (only for code that is not a model's): ulimits and, where the kernel allows, no network. */
async function runUncontained(exe: string, args: string[], limits: RunLimits, env: Record<string, string>): Promise<RunResult> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-run-'));
  const prefix = await noNetworkPrefix();
  const ulimits = [`ulimit -t ${Math.max(1, Math.ceil(limits.cpuSeconds))}`, 'ulimit -c 0', `ulimit -f ${RUN_FILE_LIMIT / 512}`];
  if (limits.memoryMb) ulimits.push(`ulimit -v ${Math.ceil(limits.memoryMb * 1024)}`);
  const script = `${ulimits.join(' && ')} && exec ${[...prefix, exe, ...args].map(shQuote).join(' ')}`;
  const t0 = performance.now();
  try {
    const sub = execa('sh', ['-c', script], {
      cwd,
      ...(limits.stdin !== undefined ? { input: limits.stdin } : { stdin: 'ignore' as const }),
      reject: false,
      timeout: limits.wallMs,
      killSignal: 'SIGKILL',
      forceKillAfterDelay: false,
      detached: true,
      cleanup: true,
      maxBuffer: 4 * MiB,
      env: runEnv(env),
      extendEnv: false,
    });
    const pid = sub.pid;
    const r = await sub;
    if ((r.timedOut || r.isMaxBuffer) && pid) killGroup(pid);
    return {
      code: r.exitCode ?? null,
      signal: r.signal ?? undefined,
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      timedOut: Boolean(r.timedOut),
      ms: performance.now() - t0,
    };
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

let netPrefix: string[] | undefined;

/** Which `unshare` works here (uncontained runs only), found once per process. */
async function noNetworkPrefix(): Promise<string[]> {
  if (netPrefix) return netPrefix;
  for (const p of [
    ['unshare', '-n'],
    ['unshare', '-rn'],
  ]) {
    try {
      const r = await execa(p[0], [...p.slice(1), 'true'], { reject: false, timeout: 2000, stdin: 'ignore' });
      if (r.exitCode === 0) return (netPrefix = p);
    } catch (e) {
      swallowed('verify/sandbox', e);
      /* not installed */
    }
  }
  return (netPrefix = []);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (e) {
    swallowed('verify/sandbox', e);
    /* already gone */
  }
}
