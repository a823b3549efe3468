// Running one kernel program and reading its one-line report:
//   kernel=<name> size=<n> checksum=<x> time=<seconds>s ok|FAIL <why>
import { execa } from 'execa';

export interface KernelRun {
  ok: boolean;
  /** Kernel time as the program measured it, seconds; NaN when it did not report one. */
  seconds: number;
  size?: number;
  checksum?: number;
  /** Why the run does not count as correct. */
  failure?: string;
}

const LINE = /kernel=(\S+) size=(\d+) checksum=(\S+) time=([\d.eE+-]+)s (ok|FAIL)(?: (.*))?/;

export function parseKernelLine(stdout: string): KernelRun | undefined {
  const m = LINE.exec(stdout);
  if (!m) return undefined;
  return {
    ok: m[5] === 'ok',
    seconds: Number(m[4]),
    size: Number(m[2]),
    checksum: Number(m[3]),
    failure: m[5] === 'ok' ? undefined : m[6] || 'FAIL',
  };
}

export async function runKernel(program: string, args: string[] = [], timeoutMs = 180_000): Promise<KernelRun> {
  const r = await execa(program, args, { reject: false, timeout: timeoutMs, stdin: 'ignore' });
  const parsed = parseKernelLine(String(r.stdout));
  if (r.timedOut) return { ok: false, seconds: NaN, failure: `timed out after ${timeoutMs / 1000} s` };
  if (!parsed) {
    const why = r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}, no report line`;
    const err = String(r.stderr).trim().split('\n').slice(-1)[0];
    return { ok: false, seconds: NaN, failure: err ? `${why}: ${err}` : why };
  }
  if (parsed.ok && r.exitCode !== 0) return { ...parsed, ok: false, failure: `reported ok but exited ${r.exitCode}` };
  return parsed;
}
