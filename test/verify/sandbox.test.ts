// Containment of harness runs and compiles (src/verify/sandbox.ts): small C
// programs built with clang-19 try to leave a mark outside their scratch
// directory, reach the network, outlive the run, run past their limits; and
// with no sandbox (SLMCC_SANDBOX=none) a model's candidate is refused while
// the builtin provider's is still checked.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { containment, resetContainment } from '../../src/verify/containment.js';
import { verifyFunction } from '../../src/verify/index.js';
import { runContained, runContainedCompile, RUN_FILE_LIMIT, sandboxProbe } from '../../src/verify/sandbox.js';

const PROGRAMS: Record<string, string> = {
  // argv: paths to create; prints one line per path: "<path> wrote" or "<path> refused"
  write: `#include <stdio.h>
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) { FILE *f = fopen(argv[i], "w"); if (f) { fputs("x", f); fclose(f); }
    printf("%s %s\\n", argv[i], f ? "wrote" : "refused"); }
  return 0; }`,
  // argv: paths to read; prints "<path> read" or "<path> hidden"
  read: `#include <stdio.h>
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) { FILE *f = fopen(argv[i], "r"); printf("%s %s\\n", argv[i], f ? "read" : "hidden"); if (f) fclose(f); }
  return 0; }`,
  connect: `#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  int r = connect(s, (struct sockaddr *)&a, sizeof a);
  printf("%s\\n", r == 0 ? "connected" : "no connection"); return 0; }`,
  // A grandchild in its own session, sleeping with a recognisable argv, then the parent exits.
  escape: `#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv) {
  pid_t p = fork();
  if (p == 0) { setsid(); if (fork() == 0) { execl("/bin/sleep", "sleep", argv[1], (char *)0); _exit(1); } _exit(0); }
  usleep(200000); puts("parent done"); return 0; }`,
  spin: `int main(void) { volatile unsigned long x = 0; for (;;) x++; }`,
  // Writes 200 MiB to one file in its working directory.
  big: `#include <stdio.h>
#include <string.h>
int main(void) { static char buf[1 << 20]; memset(buf, 'x', sizeof buf); FILE *f = fopen("big.out", "w"); if (!f) return 9;
  for (int i = 0; i < 200; i++) { if (fwrite(buf, 1, sizeof buf, f) != sizeof buf) { printf("short at %d MiB\\n", i); return 8; } fflush(f); }
  puts("wrote 200 MiB"); return 0; }`,
  forks: `#include <stdio.h>
#include <unistd.h>
int main(void) { int n = 0; for (int i = 0; i < 300; i++) { pid_t p = fork(); if (p < 0) break; if (p == 0) { sleep(5); _exit(0); } n++; }
  printf("forked %d\\n", n); return 0; }`,
  env: `#include <stdio.h>
#include <stdlib.h>
int main(void) { const char *k[] = { "HOME", "SLMCC_SECRET", "OMP_NUM_THREADS", "OMP_THREAD_LIMIT", "PATH" };
  for (int i = 0; i < 5; i++) printf("%s=%s\\n", k[i], getenv(k[i]) ? getenv(k[i]) : "(unset)"); return 0; }`,
  // Reads core_pattern and writes the same value back: harmless if it succeeds, which it must not.
  sysctl: `#include <stdio.h>
int main(void) { char v[256] = {0}; FILE *f = fopen("/proc/sys/kernel/core_pattern", "r"); if (f) { fgets(v, sizeof v, f); fclose(f); }
  FILE *w = fopen("/proc/sys/kernel/core_pattern", "w"); int ok = w && fputs(v, w) >= 0 && fclose(w) == 0;
  puts(ok ? "sysctl written" : "sysctl refused"); return 0; }`,
  omp: `#include <omp.h>
#include <stdio.h>
int main(void) { int seen[64] = {0}; double s = 0;
#pragma omp parallel for reduction(+:s)
  for (int i = 0; i < 100000; i++) { s += i; seen[omp_get_thread_num() & 63] = 1; }
  int n = 0; for (int i = 0; i < 64; i++) n += seen[i];
  printf("threads %d max %d sum %.0f\\n", n, omp_get_max_threads(), s); return 0; }`,
  race: `#include <stdio.h>
int main(void) { int s = 0;
#pragma omp parallel for
  for (int i = 0; i < 100000; i++) s += i;
  printf("%d\\n", s); return 0; }`,
  // argv: paths; prints "<path> read: <first line>", "<path> empty" or "<path> hidden"; then an OpenMP sum.
  prying: `#include <omp.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) { FILE *f = fopen(argv[i], "r"); char line[256] = {0};
    if (!f) printf("%s hidden\\n", argv[i]);
    else { if (fgets(line, sizeof line, f)) { line[strcspn(line, "\\n")] = 0; printf("%s read: %s\\n", argv[i], line); fprintf(stderr, "%s\\n", line); } else printf("%s empty\\n", argv[i]); fclose(f); } }
  double s = 0;
#pragma omp parallel for reduction(+:s)
  for (int i = 0; i < 100000; i++) s += i;
  printf("threads %d sum %.0f\\n", omp_get_max_threads(), s); return 0; }`,
  overflow: `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) { int *a = malloc(10 * sizeof *a); a[10 + argc - 1] = 1; printf("%d\\n", a[0]); free(a); return 0; }`,
};

const SECRET_WORD = 'SLMCC_SECRET_5f2b9e0c41';
const ARCHER = '/usr/lib/llvm-19/lib/libarcher.so';

/** The environment verify's runs give each build kind (runs.ts' sanitizerEnv). */
function sanitizerEnvFor(kind: 'plain' | 'tsan' | 'asan'): Record<string, string> {
  const env: Record<string, string> = { OMP_NUM_THREADS: '2' };
  if (kind === 'tsan') {
    env.TSAN_OPTIONS = 'ignore_noninstrumented_modules=1:halt_on_error=1:exitcode=66:report_signal_unsafe=0';
    if (fs.existsSync(ARCHER)) env.OMP_TOOL_LIBRARIES = ARCHER;
  }
  if (kind === 'asan') {
    env.ASAN_OPTIONS = 'detect_leaks=0:halt_on_error=1:exitcode=67';
    env.UBSAN_OPTIONS = 'halt_on_error=1:print_stacktrace=1:exitcode=68';
  }
  return env;
}

let work: string; // test-owned: built programs (the verify scratch dir plays this role in slmcc)
let outside: string; // test-owned: a directory the sandbox must not write into
const exe = (name: string) => path.join(work, name);
const LIMITS = { wallMs: 10_000, cpuSeconds: 10, memoryMb: 1024 };

function build(name: string, flags: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.writeFileSync(path.join(work, `${name}.c`), PROGRAMS[name.replace(/-(plain|tsan|asan)$/, '')]);
    const p = spawn('clang-19', ['-O1', '-g', ...flags, path.join(work, `${name}.c`), '-o', exe(name)], { stdio: 'inherit' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`clang-19 failed on ${name}`))));
  });
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-sbx-test-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-sbx-outside-'));
  const plain = ['write', 'read', 'connect', 'escape', 'spin', 'big', 'forks', 'env', 'sysctl'];
  for (let i = 0; i < plain.length; i += 3) await Promise.all(plain.slice(i, i + 3).map((n) => build(n, [])));
  await Promise.all([build('omp', ['-fopenmp']), build('race-tsan', ['-fopenmp', '-fsanitize=thread'])]);
  await Promise.all([build('omp-tsan', ['-fopenmp', '-fsanitize=thread']), build('omp-asan', ['-fopenmp', '-fsanitize=address,undefined'])]);
  await build('overflow-asan', ['-fsanitize=address']);
  await Promise.all([build('prying-plain', ['-fopenmp']), build('prying-tsan', ['-fopenmp', '-fsanitize=thread']), build('prying-asan', ['-fopenmp', '-fsanitize=address,undefined'])]);
}, 300_000);

afterAll(() => {
  for (const d of [work, outside]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('containment probe', () => {
  it('finds bubblewrap working on this machine', async () => {
    const k = await containment();
    console.log('containment:', k.level, k.detail);
    expect(k.level).toBe('bwrap');
  });
});

describe('a harness run', () => {
  it('cannot write outside its scratch directory, and can write inside it', async () => {
    const tag = `slmcc-sbx-${process.pid}-${Date.now()}`;
    const targets = ['/dev/escaped', path.join(outside, 'escaped'), path.join(os.homedir(), `.${tag}`), path.join(process.cwd(), `.${tag}`), path.join(work, 'escaped'), '/etc/slmcc-escaped'];
    const r = await runContained(exe('write'), [...targets, 'scratch.txt', '/tmp/scratch2.txt'], LIMITS);
    expect(r.code).toBe(0);
    for (const t of targets) {
      expect(r.stdout).toContain(`${t} refused`);
      expect(fs.existsSync(t)).toBe(false);
    }
    expect(r.stdout).toContain('scratch.txt wrote');
    expect(r.stdout).toContain('/tmp/scratch2.txt wrote');
  });

  it('cannot read files in the home directory, the verify scratch directory or /etc', async () => {
    const secret = path.join(os.homedir(), `.slmcc-sbx-secret-${process.pid}`);
    fs.writeFileSync(secret, 'secret');
    try {
      const r = await runContained(exe('read'), [secret, path.join(work, 'read.c'), '/etc/hostname', '/etc/os-release', '/etc/passwd', '/etc/ld.so.cache'], LIMITS);
      expect(r.stdout).toContain(`${secret} hidden`);
      expect(r.stdout).toContain(`${path.join(work, 'read.c')} hidden`);
      // Of /etc, only what the loader needs.
      for (const f of ['/etc/hostname', '/etc/os-release', '/etc/passwd']) expect(r.stdout).toContain(`${f} hidden`);
      expect(r.stdout).toContain('/etc/ld.so.cache read');
      expect(fs.statSync(work).mode & 0o777).toBe(0o700); // and the verify directory was not opened to others
    } finally {
      fs.rmSync(secret, { force: true });
    }
  });

  // A run of each build kind the checks make tries to print what it can read:
  // the system's identity, a file in $HOME, a file beside the source, /work,
  // the host's /tmp. It reads nothing of them; the same build still runs OpenMP.
  for (const kind of ['plain', 'tsan', 'asan'] as const) {
    it(`sees no file outside its scratch space but the toolchain (${kind} build)`, async () => {
      const home = path.join(os.homedir(), `.slmcc-sbx-home-${process.pid}-${kind}`);
      const beside = path.join(work, `prying-${kind}.c`); // the program's own source
      const hostTmp = path.join(outside, 'host-tmp-file');
      for (const f of [home, hostTmp]) fs.writeFileSync(f, `${SECRET_WORD}\n`);
      try {
        const targets = ['/etc/os-release', '/usr/lib/os-release', home, beside, hostTmp, '/work/shared/DESIGN.md'];
        const r = await runContained(exe(`prying-${kind}`), targets, { wallMs: 30_000, cpuSeconds: 60 }, sanitizerEnvFor(kind));
        expect(r.code, r.stderr.slice(0, 400)).toBe(0);
        for (const t of targets) expect(r.stdout, t).toMatch(new RegExp(`^${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (hidden|empty)$`, 'm'));
        expect(r.stdout + r.stderr).not.toContain(SECRET_WORD);
        expect(r.stdout + r.stderr).not.toMatch(/PRETTY_NAME|VERSION_ID/);
        expect(r.stdout).toContain('threads 2 sum 4999950000');
      } finally {
        for (const f of [home, hostTmp]) fs.rmSync(f, { force: true });
      }
    }, 120_000);
  }

  it('cannot write /proc/sys', async () => {
    const r = await runContained(exe('sysctl'), [], LIMITS);
    expect(r.stdout.trim()).toBe('sysctl refused');
  });

  it('has no network: a loopback server the test opens is not reached', async () => {
    let accepted = 0;
    const server = net.createServer((s) => {
      accepted++;
      s.destroy();
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as net.AddressInfo).port;
    try {
      // The control: outside the sandbox the same program connects.
      expect(execFileSync(exe('connect'), [String(port)], { encoding: 'utf8' }).trim()).toBe('connected');
      while (accepted === 0) await new Promise((res) => setTimeout(res, 10));
      const before = accepted;
      const r = await runContained(exe('connect'), [String(port)], LIMITS);
      expect(r.stdout.trim()).toBe('no connection');
      await new Promise((res) => setTimeout(res, 100));
      expect(accepted).toBe(before);
    } finally {
      server.close();
    }
  });

  it('leaves no process behind: a setsid, double-forked child dies with the run', async () => {
    const unique = `${4000 + (process.pid % 1000)}.${Date.now() % 100000}`;
    const alive = () => {
      try {
        return execFileSync('pgrep', ['-f', `^sleep ${unique}$`], { encoding: 'utf8' }).trim();
      } catch {
        return '';
      }
    };
    // The control: run directly, the grandchild outlives its parent (and pgrep sees it).
    execFileSync(exe('escape'), [unique], { stdio: 'ignore' });
    const stray = alive();
    expect(stray).not.toBe('');
    for (const pid of stray.split('\n').map(Number)) if (pid > 1) process.kill(pid, 'SIGKILL');
    const r = await runContained(exe('escape'), [unique], LIMITS);
    expect(r.stdout).toContain('parent done');
    expect(alive()).toBe('');
  });

  it('is killed at its wall-clock limit, and at its CPU limit', async () => {
    const wall = await runContained(exe('spin'), [], { wallMs: 800, cpuSeconds: 30 });
    expect(wall.timedOut).toBe(true);
    expect(wall.ms).toBeLessThan(5000);
    const cpu = await runContained(exe('spin'), [], { wallMs: 20_000, cpuSeconds: 1 });
    expect(cpu.timedOut).toBe(false);
    expect(cpu.signal).toMatch(/SIGXCPU|SIGKILL/);
    expect(cpu.ms).toBeLessThan(10_000);
  });

  it('is cut at the file-size limit', async () => {
    const r = await runContained(exe('big'), [], LIMITS);
    expect(r.stdout).not.toContain('wrote 200 MiB');
    expect(r.signal).toBe('SIGXFSZ');
    expect(RUN_FILE_LIMIT).toBeLessThan(200 * 1024 * 1024);
  });

  it('cannot fork beyond its thread allowance', async () => {
    const probe = await sandboxProbe();
    // RLIMIT_NPROC does not bind uid 0: as root the sandbox runs as uid 65534 when the kernel lets it.
    if (process.getuid?.() === 0 && !(probe.ok && probe.mode.dropToNobody)) return;
    const r = await runContained(exe('forks'), [], LIMITS, { OMP_NUM_THREADS: '2' });
    const n = Number(/forked (\d+)/.exec(r.stdout)?.[1]);
    expect(n).toBeLessThan(40);
  });

  // Issue 23: no OMP_THREAD_LIMIT of the sandbox's own, which a candidate
  // could read to tell a check from the program; RLIMIT_NPROC bounds threads.
  it('gets only PATH and the OpenMP and sanitizer variables it is given, adding none', async () => {
    const r = await runContained(exe('env'), [], LIMITS, { OMP_NUM_THREADS: '2', SLMCC_SECRET: 'x', HOME: '/root' });
    expect(r.stdout).toContain('HOME=(unset)');
    expect(r.stdout).toContain('SLMCC_SECRET=(unset)');
    expect(r.stdout).toContain('OMP_NUM_THREADS=2');
    expect(r.stdout).toContain('OMP_THREAD_LIMIT=(unset)');
  });

  it('runs OpenMP with 2 threads', async () => {
    const r = await runContained(exe('omp'), [], LIMITS, { OMP_NUM_THREADS: '2' });
    expect(r.stdout.trim()).toBe('threads 2 max 2 sum 4999950000');
  });

  it('runs TSan and ASan+UBSan builds, and their reports still come out', async () => {
    const archer = '/usr/lib/llvm-19/lib/libarcher.so';
    const tsanEnv = {
      OMP_NUM_THREADS: '2',
      TSAN_OPTIONS: 'ignore_noninstrumented_modules=1:halt_on_error=1:exitcode=66:report_signal_unsafe=0',
      ...(fs.existsSync(archer) ? { OMP_TOOL_LIBRARIES: archer } : {}),
    };
    const sanLimits = { wallMs: 30_000, cpuSeconds: 60 };
    const tsan = await runContained(exe('omp-tsan'), [], sanLimits, tsanEnv);
    expect(tsan.stderr).toBe('');
    expect(tsan.stdout.trim()).toBe('threads 2 max 2 sum 4999950000');
    const race = await runContained(exe('race-tsan'), [], sanLimits, tsanEnv);
    expect(race.code).toBe(66);
    expect(race.stderr).toContain('WARNING: ThreadSanitizer: data race');
    const asanEnv = { OMP_NUM_THREADS: '2', ASAN_OPTIONS: 'detect_leaks=0:halt_on_error=1:exitcode=67', UBSAN_OPTIONS: 'halt_on_error=1:exitcode=68' };
    const asan = await runContained(exe('omp-asan'), [], sanLimits, asanEnv);
    expect(asan.code).toBe(0);
    expect(asan.stdout.trim()).toBe('threads 2 max 2 sum 4999950000');
    // Not asanEnv: ASan reads UBSAN_OPTIONS too, and its exitcode=68 would win.
    const overflow = await runContained(exe('overflow-asan'), [], sanLimits, { ASAN_OPTIONS: asanEnv.ASAN_OPTIONS });
    expect(overflow.code, overflow.stderr.slice(0, 600)).toBe(67);
    expect(overflow.stderr).toContain('ERROR: AddressSanitizer: heap-buffer-overflow');
    expect(overflow.stderr).toMatch(/#0 0x[0-9a-f]+ in main .*overflow-asan\.c:\d+/); // symbolized: the symbolizer can read the executable
  }, 120_000);
});

describe('a harness compile', () => {
  it('writes its build directory and nothing outside it', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'build-'));
    fs.writeFileSync(path.join(dir, 'k.c'), 'int k(int x) { return 2 * x; }\n');
    const ok = await runContainedCompile('clang-19', ['-O2', '-c', path.join(dir, 'k.c'), '-o', path.join(dir, 'k.o')], { cwd: dir, timeoutMs: 60_000 });
    expect(ok.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dir, 'k.o'))).toBe(true);
    const escaped = path.join(outside, 'k.o');
    const bad = await runContainedCompile('clang-19', ['-O2', '-c', path.join(dir, 'k.c'), '-o', escaped], { cwd: dir, timeoutMs: 60_000 });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.all).toMatch(/Read-only file system|Permission denied|No such file/);
    expect(fs.existsSync(escaped)).toBe(false);
  });
});

describe("a harness compile stopped by another build's failure", () => {
  it('is killed at once, with everything it started', async () => {
    const unique = `${5000 + (process.pid % 1000)}.${Date.now() % 100000}`;
    const dir = fs.mkdtempSync(path.join(work, 'stop-'));
    const stop = new AbortController();
    const t0 = performance.now();
    // A "compiler" that starts a child and waits: the child must go too.
    const compile = runContainedCompile('sh', ['-c', `sleep ${unique} & wait`], { cwd: dir, timeoutMs: 60_000, signal: stop.signal });
    await new Promise((res) => setTimeout(res, 500));
    stop.abort();
    const r = await compile;
    expect(r.exitCode).toBeUndefined();
    expect(r.all).toMatch(/stopped/);
    expect(performance.now() - t0).toBeLessThan(10_000);
    await new Promise((res) => setTimeout(res, 200));
    let alive = '';
    try {
      alive = execFileSync('pgrep', ['-f', `^sleep ${unique}$`], { encoding: 'utf8' }).trim();
    } catch {
      /* none */
    }
    expect(alive).toBe('');
  });
});

describe('without a sandbox (SLMCC_SANDBOX=none)', () => {
  it("refuses a model's candidate and still checks the builtin provider's", async () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'verify');
    const pp = execFileSync('clang-19', ['-E', path.join(dir, 'kernels.c')], { encoding: 'utf8' });
    const tu = analyze(pp, { sourceFile: path.join(dir, 'kernels.c') });
    const fn = tu.functions.find((f) => f.name === 'total')!;
    const text = fs.readFileSync(path.join(dir, 'good', 'total.c'), 'utf8');
    // total reorders a double sum: the user's permission lets the builtin's candidate through the claim check.
    const config = { ...loadConfig({}).config, threads: 2, reassociate: true };
    process.env.SLMCC_SANDBOX = 'none';
    resetContainment();
    try {
      expect((await containment()).level).toBe('none');
      const r = await verifyFunction({
        tu,
        fn,
        cc: ['clang-19'],
        codeFlags: ['-O2'],
        config,
        candidates: [
          { id: 'model', origin: { provider: 'ollama', model: 'm' }, form: 'code', text },
          { id: 'own', origin: { provider: 'builtin' }, form: 'code', text },
        ],
      });
      const model = r.candidates.find((c) => c.id === 'model')!;
      const own = r.candidates.find((c) => c.id === 'own')!;
      expect(model.checks).toHaveLength(1);
      expect(model.checks[0].ok).toBe(false);
      expect(model.checks[0].detail).toMatch(/^no sandbox: SLMCC_SANDBOX=none/);
      for (const c of own.checks.filter((x) => x.check !== 'timing')) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
      expect(own.checks.map((c) => c.check)).toEqual(expect.arrayContaining(['compile', 'differential', 'tsan', 'asan']));
      if (r.verdict.kind === 'candidate') expect(r.verdict.candidateId).toBe('own');
    } finally {
      delete process.env.SLMCC_SANDBOX;
      resetContainment();
    }
  }, 300_000);
});
