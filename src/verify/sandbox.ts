// Containment for every harness run: candidates are code from a model. Each run
// gets a wall-clock limit (SIGKILL to its process group), CPU-time and memory
// limits set by `ulimit` in a tiny sh wrapper, an empty temporary working
// directory, stdin from /dev/null and, where the kernel lets this user create
// a network namespace, no network (`unshare -n`, else `unshare -rn`).
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunLimits {
  wallMs: number;
  cpuSeconds: number;
  /** Virtual memory in MiB; omitted for sanitizer builds, which reserve terabytes of shadow. */
  memoryMb?: number;
}

export interface RunResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

let netPrefix: string[] | undefined;

/** Which `unshare` works here, found once per process. */
export async function noNetworkPrefix(): Promise<string[]> {
  if (netPrefix) return netPrefix;
  for (const p of [['unshare', '-n'], ['unshare', '-rn']]) {
    try {
      const r = await execa(p[0], [...p.slice(1), 'true'], { reject: false, timeout: 2000, stdin: 'ignore' });
      if (r.exitCode === 0) return (netPrefix = p);
    } catch {
      /* not installed */
    }
  }
  return (netPrefix = []);
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function runContained(exe: string, args: string[], limits: RunLimits, env: Record<string, string> = {}): Promise<RunResult> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-run-'));
  const prefix = await noNetworkPrefix();
  const ulimits = [`ulimit -t ${Math.max(1, Math.ceil(limits.cpuSeconds))}`, 'ulimit -c 0'];
  if (limits.memoryMb) ulimits.push(`ulimit -v ${Math.ceil(limits.memoryMb * 1024)}`);
  const script = `${ulimits.join(' && ')} && exec ${[...prefix, exe, ...args].map(shQuote).join(' ')}`;
  const t0 = performance.now();
  try {
    const sub = execa('sh', ['-c', script], {
      cwd,
      stdin: 'ignore',
      reject: false,
      timeout: limits.wallMs,
      killSignal: 'SIGKILL',
      forceKillAfterDelay: false,
      detached: true,
      cleanup: true,
      maxBuffer: 4 * 1024 * 1024,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      extendEnv: false,
    });
    const pid = sub.pid;
    const r = await sub;
    // The wrapper execs the harness, so its pid leads the group OpenMP threads and any children share.
    if (r.timedOut && pid) killGroup(pid);
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

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
