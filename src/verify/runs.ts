// Running a built harness on the input sets and reading what happened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildKind } from './build.js';
import { VALUE_CODES, type InputSet } from './harness.js';
import { randomBytes } from 'node:crypto';
import { harnessMismatch, reduceSanitizerReport, type CandidateScope } from './run-report.js';
import { runContained, type RunResult } from './sandbox.js';
import { swallowed } from '../core/swallowed.js';

/**
 * The harness prints its verdict with a nonce written to its stdin, which it
 * reads and closes before any code under test runs (it is in no argv and no
 * environment variable): a candidate that prints "OK" itself (or exits 0
 * early) does not pass.
 */
export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

export interface SetRun {
  set: InputSet;
  ok: boolean;
  /** The reference finished (its line was printed) before anything failed. */
  refDone: boolean;
  refNs?: number;
  timedOut: boolean;
  /**
   * What failed, in words run-report.ts rebuilds (a sanitizer's kind and the
   * candidate's lines, the harness' mismatch line): never the run's own output.
   */
  detail?: string;
  ms: number;
  /** A record member the reference left pointing at memory the harness did not give it (`g->u`): nothing could compare it. */
  untracked?: string;
}

export interface RunEnv {
  threads: number;
  /** Wall-clock limit of one run, derived from the reference's time. */
  wallMs: number;
}

let archer: string | undefined | null = null;

/** libomp dlopens Archer by bare name, which misses Debian's /usr/lib/llvm-N/lib; without it TSan cannot see OpenMP's barriers. */
function archerPath(): string | undefined {
  if (archer !== null) return archer;
  archer = undefined;
  try {
    const dirs = fs
      .readdirSync('/usr/lib')
      .filter((d) => /^llvm-\d+$/.test(d))
      .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5)));
    for (const d of dirs) {
      const p = path.join('/usr/lib', d, 'lib', 'libarcher.so');
      if (fs.existsSync(p)) return (archer = p);
    }
  } catch (e) {
    swallowed('verify/runs', e);
    /* no LLVM tree */
  }
  return archer;
}

/**
 * Only the sanitizers' own settings: no OMP_* variable a program would not
 * have. The thread count goes to the harness as an argument (its main calls
 * omp_set_num_threads), so omp_get_thread_limit() and the rest read their
 * defaults in the checks as in the program.
 */
function sanitizerEnv(kind: BuildKind): Record<string, string> {
  const env: Record<string, string> = {};
  if (kind === 'tsan' && archerPath()) env.OMP_TOOL_LIBRARIES = archerPath()!;
  if (kind === 'tsan') env.TSAN_OPTIONS = 'ignore_noninstrumented_modules=1:halt_on_error=1:exitcode=66:report_signal_unsafe=0:hard_rss_limit_mb=4096';
  if (kind === 'asan') {
    // The harness holds two copies of the user's unit on purpose (the
    // reference's, and the candidate's own object, renamed): ASan knows
    // globals by their source names, and would call that an ODR violation.
    env.ASAN_OPTIONS = 'detect_leaks=0:detect_odr_violation=0:halt_on_error=1:exitcode=67:allocator_may_return_null=1:hard_rss_limit_mb=4096';
    env.UBSAN_OPTIONS = 'halt_on_error=1:print_stacktrace=1:exitcode=68';
  }
  return env;
}

/** `errno after the call: 33 from ...` with the errno names added: `33 (EDOM)`. */
function withErrnoNames(line: string): string {
  if (!/^errno /.test(line)) return line;
  const names = new Map(Object.entries(os.constants.errno).map(([k, v]) => [v, k]));
  return line.replace(/: (\d+) from the original, (\d+) from the candidate/, (_m, a: string, b: string) => {
    const named = (n: string) => (Number(n) && names.get(Number(n)) ? `${n} (${names.get(Number(n))})` : n);
    return `: ${named(a)} from the original, ${named(b)} from the candidate`;
  });
}

/** The harness' VALUES VARY_I VARY_V NULL_I GLOBAL_ALIAS MEMBER_ALIAS arguments (harness.ts' main). */
function hostileArgs(set: InputSet): string[] {
  return [set.values ? VALUE_CODES[set.values] : 0, set.vary?.[0] ?? -1, set.vary?.[1] ?? 0, set.nullParam ?? -1, set.globalAlias ?? -1, set.memberAlias ?? -1].map(String);
}

/** `scope`: where the candidate's code is, for the lines a sanitizer report names. */
export async function runSet(exe: string, kind: BuildKind, set: InputSet, which: 0 | 1, env: RunEnv, scope?: CandidateScope): Promise<SetRun> {
  const nonce = newNonce();
  const distinct = set.distinct ? (set.reversed ? 2 : 1) : 0;
  const threads = Math.max(1, env.threads);
  const args = [
    ...['check', set.n, distinct, set.alias ? set.alias[0] : -1, set.alias ? set.alias[1] : -1, set.mult, set.seed, which, set.offset ?? 0, set.signed ? 1 : 0, set.loose ?? 0, threads].map(String),
    ...hostileArgs(set),
  ];
  const sanitized = kind === 'tsan' || kind === 'asan';
  const limits = {
    wallMs: env.wallMs * (kind === 'tsan' ? 8 : sanitized ? 4 : 1),
    cpuSeconds: (env.wallMs * (kind === 'tsan' ? 8 : 4) * Math.max(2, threads)) / 1000 + 1,
    memoryMb: sanitized ? undefined : 4096,
    stdin: `${nonce}\n`,
    threads,
  };
  const r: RunResult = await runContained(exe, args, limits, sanitizerEnv(kind));
  const m = /REF_DONE (\d+)/.exec(r.stdout);
  const out: SetRun = { set, ok: false, refDone: Boolean(m), refNs: m ? Number(m[1]) : undefined, timedOut: r.timedOut, ms: r.ms };
  if (r.timedOut) {
    out.detail = `${set.name}, ${threads} threads: did not finish within ${Math.round(limits.wallMs)} ms (killed)`;
    return out;
  }
  const untracked = r.code === 4 ? new RegExp(`^UNTRACKED ${nonce} (\\S+)$`, 'm').exec(r.stdout) : null;
  if (untracked) {
    out.untracked = untracked[1];
    out.detail = `${set.name}: ${untracked[1]} points to memory the harness did not give it`;
    return out;
  }
  if (r.code === 0 && r.stdout.split('\n').includes(`OK ${nonce}`)) {
    out.ok = true;
    return out;
  }
  // Only a mismatch the harness vouched for with the nonce counts (run-report.ts).
  const mismatch = r.code === 3 ? harnessMismatch(r.stdout, nonce) : undefined;
  // Under a sanitizer, differing outputs are the differential check's finding, not a report.
  if (mismatch && sanitized) {
    out.ok = true;
    return out;
  }
  if (mismatch) {
    const what = mismatch.replace(/^MISMATCH /, '');
    const env = /^(errno|rounding mode|floating-point exception flags) /.test(what);
    out.detail = `${set.name}, ${threads} threads: ${env ? withErrnoNames(what) : `outputs differ at ${what}`}`;
    return out;
  }
  // The run's stderr is the candidate's to write: only the exit status and
  // signal choose the words, and a report's own lines only pick from known kinds.
  const report =
    r.code === 66
      ? 'ThreadSanitizer'
      : // ASan reads UBSAN_OPTIONS too, so its reports can exit 68: the report's own words decide.
        r.code === 67 || (r.code === 68 && /ERROR: AddressSanitizer/.test(r.stderr))
        ? 'AddressSanitizer'
        : r.code === 68
          ? 'UndefinedBehaviorSanitizer'
          : undefined;
  const what = report && sanitized ? reduceSanitizerReport(report, r.stderr, scope) : r.code === 5 ? 'out of memory' : r.signal ? `killed by ${r.signal}` : `exited with status ${r.code}`;
  out.detail = `${set.name}, ${threads} threads: ${what}`;
  return out;
}
