// `npm run bench:polybench -- DIR`: PolyBench/C 4.2.1 as distributed (DIR
// holds utilities/ and the 30 programs), each program built the way its
// README says a user builds it, with clang-19 -O3, with -O3 + Polly, and
// through slmcc with no model server (so its builtin provider) into a fresh
// cache. A second build of each with -DPOLYBENCH_DUMP_ARRAYS checks the
// outputs against -O3's; the timed builds run interleaved, and the table
// shows medians, speedups over -O3 and what slmcc shipped per kernel.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { execa } from 'execa';
import { readDecisions, type Decision } from './build.js';
import { kernelVerdicts, outputMismatch, type KernelVerdict } from './corpus.js';
import { textTable } from './report.js';
import { geomean, median, rotated } from './stats.js';
import { availableVariants, type VariantId } from './variants.js';

export const DATASETS = ['MINI', 'SMALL', 'MEDIUM', 'LARGE', 'EXTRALARGE'] as const;
export type Dataset = (typeof DATASETS)[number];

export const PB_VARIANTS = ['o3', 'polly', 'slmcc'] as const;
export type PbVariant = (typeof PB_VARIANTS)[number];
const FROM_VARIANT: Partial<Record<VariantId, PbVariant>> = { O3: 'o3', polly: 'polly', 'slmcc-builtin': 'slmcc' };

/** Relative tolerance of the second output comparison: slmcc's default SLMCC_TOLERANCE. */
export const DUMP_RTOL = 1e-9;
/** The thread count of every run: the two cores of the machine the other benchmarks were measured on. */
export const OMP_THREADS = 2;
const BUILD_TIMEOUT_MS = 60 * 60_000;

export interface PolybenchOptions {
  /** A copy of PolyBench/C 4.2.1: the folder holding utilities/. */
  dir: string;
  /** Programs whose name matches (default all 30). */
  only?: string;
  dataset: Dataset;
  repeats: number;
  /** Scratch: builds, dumps, slmcc's cache and decision logs go to DIR/polybench. */
  outDir: string;
  json?: string;
  /** The command for the slmcc row (default <repo>/bin/slmcc). */
  slmcc?: string;
  /** Build slmcc's row with SLMCC_REASSOCIATE=1: its outputs then count as right within DUMP_RTOL. */
  reassociate: boolean;
  /** Per program run, seconds. */
  timeoutSec: number;
  repo: string;
  log: (line: string) => void;
  out: (text: string) => void;
}

export interface PolybenchProgram {
  name: string;
  /** Relative to DIR, as the build command names it. */
  source: string;
}

/** The 30 programs: each `X/X.c` under DIR (which leaves out utilities/ and medley/nussinov/Nussinov.orig.c). */
export function polybenchPrograms(dir: string): PolybenchProgram[] {
  const out: PolybenchProgram[] = [];
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'utilities') visit(p);
      else if (e.isFile() && e.name.endsWith('.c') && path.basename(d) === e.name.slice(0, -2)) out.push({ name: e.name.slice(0, -2), source: path.relative(dir, p) });
    }
  };
  visit(dir);
  return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** Why slmcc may rightly not run an original: it prints, or needs polybench.c's functions, which are in the other unit. */
export const expectedRefusal = (why: string): boolean => /^body does I\/O|from another translation unit/.test(why);

interface Compiled {
  ok: boolean;
  seconds: number;
  command: string;
  error?: string;
}

export interface TimedRun {
  ok: boolean;
  /** Wall time of the process, seconds. */
  wall: number;
  /** What POLYBENCH_TIME printed (the kernel alone), seconds; NaN without it. */
  kernel: number;
  failure?: string;
}

interface DumpRun {
  ok: boolean;
  sha256?: string;
  bytes: number;
  file: string;
  failure?: string;
}

export type OutputStatus = 'exact' | '~1e-9' | 'DIFFERS' | 'FAILED';

export interface OutputCheck {
  status: OutputStatus;
  /** Exact, or within DUMP_RTOL from a variant allowed to reassociate. */
  accepted: boolean;
  sha256?: string;
  detail?: string;
}

export interface PolybenchRow {
  program: string;
  source: string;
  builds: Partial<Record<PbVariant, Compiled>>;
  dumpBuilds: Partial<Record<PbVariant, Compiled>>;
  times: Partial<Record<PbVariant, { wall: number; kernel: number; walls: number[]; kernels: number[]; ok: boolean; failures: string[] }>>;
  /** Runs back to back per sample (a program under MIN_SAMPLE_S at -O3), whose mean is the sample. */
  runsPerSample?: number;
  /** median wall(o3) / median wall(variant). */
  overO3: Partial<Record<PbVariant, number>>;
  /** The same over the POLYBENCH_TIME seconds. */
  kernelOverO3: Partial<Record<PbVariant, number>>;
  /** slmcc: min(median o3, median polly) / median slmcc, by wall time. */
  slmccOverBest?: number;
  /**
   * The same by PolyBench's own timer (POLYBENCH_TIME: the kernel alone).
   * A short program's wall time is mostly polybench_flush_cache's 32 MB
   * calloc and sum, which Polly's row runs in parallel only because its
   * -fopenmp switches on PolyBench's own pragma there.
   */
  slmccOverBestKernel?: number;
  o3Dump?: { sha256?: string; bytes: number; failure?: string };
  outputs: Partial<Record<PbVariant, OutputCheck>>;
  /** slmcc's verdict per kernel_ function in the timed build, and in the dump build (decided again: its flags differ). */
  shipped: KernelVerdict[];
  shippedInDumpBuild: KernelVerdict[];
  /** Every function of the program's source slmcc logged in the timed build. */
  decisions: Decision[];
  /** Where the original itself failed: -O3's build or runs, or slmcc's harness. */
  originalFailures: string[];
}

export interface PolybenchResult {
  version: 1;
  date: string;
  machine: { cpus: number; model: string; loadavg: number[]; loadavgStart: number[] };
  dir: string;
  dataset: Dataset;
  repeats: number;
  threads: number;
  variants: { id: PbVariant; cc: string; cflags: string; env: Record<string, string> }[];
  rows: PolybenchRow[];
  /** utilities/polybench.c's functions, as slmcc decided them (once: later builds find them in the cache). */
  utilities: Decision[];
  summary: {
    geomeanPollyOverO3: number;
    geomeanSlmccOverO3: number;
    /** Programs where slmcc is below 0.95x of the faster of o3 and Polly. */
    slmccBelowBest: string[];
    /** By the kernel's own timer. */
    slmccBelowBestKernel?: string[];
    /** Programs (and utilities/polybench.c) whose original failed anywhere. */
    originalsFailed: string[];
    outputsNotAccepted: string[];
  };
  seconds: number;
}

/** A loopback port nothing listens on: slmcc finds no Ollama there at once and uses its builtin provider. */
async function deadLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The environment of every build and run: the caller's, without slmcc's own
 * settings, a model server's address or a make's job server (inside `make
 * -jN` slmcc decides nothing), so that only what each variant sets counts.
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^SLMCC_|^OLLAMA_HOST$|^MAKEFLAGS$|^MFLAGS$|^MAKELEVEL$/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

async function compile(cc: string, cflags: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Compiled> {
  const [cmd, ...pre] = cc.split(/\s+/).filter(Boolean);
  const argv = [...pre, ...cflags.split(/\s+/).filter(Boolean), ...args];
  const t0 = performance.now();
  const r = await execa(cmd, argv, { cwd, env, extendEnv: false, reject: false, timeout: BUILD_TIMEOUT_MS, stdin: 'ignore', all: true });
  const seconds = (performance.now() - t0) / 1000;
  const ok = r.exitCode === 0 && !r.timedOut;
  const tail = String(r.all ?? '')
    .trim()
    .split('\n')
    .slice(-6)
    .join('\n');
  return { ok, seconds, command: [cc, cflags, ...args].join(' '), error: ok ? undefined : r.timedOut ? 'build timed out' : tail || `exit ${r.exitCode}` };
}

/** A sample of a short program is this long at least (its -O3 build's time, from the warm-up). */
const MIN_SAMPLE_S = 1;
const MAX_RUNS_PER_SAMPLE = 20;

/** `k` runs back to back: their mean wall and kernel time, or the first failure. */
async function runSample(exe: string, env: NodeJS.ProcessEnv, timeoutMs: number, k: number): Promise<TimedRun> {
  let wall = 0;
  let kernel = 0;
  for (let i = 0; i < k; i++) {
    const r = await runTimed(exe, env, timeoutMs);
    if (!r.ok) return r;
    wall += r.wall;
    kernel += r.kernel;
  }
  return { ok: true, wall: wall / k, kernel: kernel / k };
}

async function runTimed(exe: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<TimedRun> {
  const t0 = performance.now();
  const r = await execa(exe, [], { env, extendEnv: false, reject: false, timeout: timeoutMs, stdin: 'ignore' });
  const wall = (performance.now() - t0) / 1000;
  const last = String(r.stdout).trim().split('\n').pop() ?? '';
  const kernel = /^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(last) ? Number(last) : NaN;
  if (r.timedOut) return { ok: false, wall: NaN, kernel: NaN, failure: `timed out after ${timeoutMs / 1000} s` };
  if (r.signal) return { ok: false, wall: NaN, kernel: NaN, failure: `killed by ${r.signal}` };
  if (r.exitCode !== 0) return { ok: false, wall: NaN, kernel: NaN, failure: `exit ${r.exitCode}` };
  return { ok: true, wall, kernel };
}

/**
 * Runs a dump build: its stderr (the arrays, megabytes at the larger
 * datasets) is hashed as it streams and written to `file`, for the tolerant
 * comparison when the hashes differ; nothing of it is held in memory.
 */
async function runDump(exe: string, file: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<DumpRun> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    const sink = fs.createWriteStream(file);
    let bytes = 0;
    let tail = '';
    // Anywhere, not only last: fdtd-2d as distributed prints it after the first of its three arrays.
    let sawEnd = false;
    let timedOut = false;
    const child = spawn(exe, [], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (b: Buffer) => {
      hash.update(b);
      bytes += b.length;
      const seen = tail + b.toString('latin1');
      if (!sawEnd && /==END {3}DUMP_ARRAYS==/.test(seen)) sawEnd = true;
      tail = seen.slice(-64);
    });
    child.stderr.pipe(sink);
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let flushed = false;
    const done = () => {
      if (!exit || !flushed) return;
      clearTimeout(timer);
      const failure = timedOut
        ? `timed out after ${timeoutMs / 1000} s`
        : exit.signal
          ? `killed by ${exit.signal}`
          : exit.code !== 0
            ? `exit ${exit.code}`
            : !sawEnd
              ? 'the dump has no ==END   DUMP_ARRAYS== line'
              : undefined;
      resolve({ ok: !failure, sha256: failure ? undefined : hash.digest('hex'), bytes, file, failure });
    };
    sink.on('finish', () => {
      flushed = true;
      done();
    });
    child.on('error', (e) => {
      exit = { code: -1, signal: null };
      sink.end();
      resolve({ ok: false, bytes, file, failure: e.message });
    });
    child.on('close', (code, signal) => {
      exit = { code, signal };
      done();
    });
  });
}

/** Where two dump files differ line by line with numbers within `rtol` (corpus.ts's comparison, streamed); undefined when they agree. */
async function dumpMismatch(want: string, got: string, rtol: number): Promise<string | undefined> {
  const a = readline.createInterface({ input: fs.createReadStream(want), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const b = readline.createInterface({ input: fs.createReadStream(got), crlfDelay: Infinity })[Symbol.asyncIterator]();
  try {
    for (let line = 1; ; line++) {
      const [x, y] = await Promise.all([a.next(), b.next()]);
      if (x.done || y.done) return x.done && y.done ? undefined : `one dump ends at line ${line}`;
      if (outputMismatch(x.value, y.value, rtol) === undefined) continue;
      const ta = x.value.trim().split(/\s+/);
      const tb = y.value.trim().split(/\s+/);
      const at = ta.findIndex((t, i) => i >= tb.length || outputMismatch(t, tb[i], rtol) !== undefined);
      return at < 0 ? `line ${line}: ${ta.length} values against ${tb.length}` : `line ${line}, value ${at + 1}: ${ta[at]} against ${tb[at] ?? 'nothing'}`;
    }
  } finally {
    await Promise.all([a.return?.(), b.return?.()]);
  }
}

async function checkOutput(o3: DumpRun, v: DumpRun, reassociates: boolean): Promise<OutputCheck> {
  if (!v.ok) return { status: 'FAILED', accepted: false, detail: v.failure };
  if (v.sha256 === o3.sha256) return { status: 'exact', accepted: true, sha256: v.sha256 };
  const m = await dumpMismatch(o3.file, v.file, DUMP_RTOL);
  if (m === undefined)
    return {
      status: '~1e-9',
      accepted: reassociates,
      sha256: v.sha256,
      detail: `not bit-identical, within ${DUMP_RTOL} relative${reassociates ? '' : ', from a build not allowed to reassociate'}`,
    };
  return { status: 'DIFFERS', accepted: false, sha256: v.sha256, detail: m };
}

const fmtTime = (s: number | undefined) => (s === undefined || !Number.isFinite(s) ? '-' : s >= 0.1 ? s.toFixed(3) : s.toPrecision(3));
const fmtX = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `${x.toFixed(2)}x`);
const fmtS = (s: number | undefined) => (s === undefined || !Number.isFinite(s) ? '-' : s.toFixed(1));

/** One verdict as the table shows it: `builtin candidate 1.41x`, `polly 6.67x`, `original: <why, shortened>`. */
export function describeVerdict(v: KernelVerdict, short = true): string {
  const x = v.speedup !== undefined && Number.isFinite(v.speedup) ? ` ${v.speedup.toFixed(2)}x` : '';
  if (v.verdict === 'candidate') return `${v.proposer ?? ''} candidate${x}`.trim();
  if (v.verdict === 'polly') return `polly${x}`;
  const reason = withoutProviderNote(v.reason);
  const why = short ? reason.split(/; |\. | \(|: /)[0].slice(0, 60) : reason;
  return why ? `${v.verdict}: ${why}` : v.verdict;
}

/** Every record says the builtin provider stood in for the unreachable Ollama: the report says it once instead. */
const PROVIDER_NOTE = / \(builtin because Ollama at \S+ is unreachable: [^()]*(?:\([^()]*\))?[^()]*\)/g;
const withoutProviderNote = (reason: string) => reason.replace(PROVIDER_NOTE, '');

function shippedCell(r: PolybenchRow): string {
  if (!r.builds.slmcc?.ok) return 'build failed';
  if (!r.shipped.length) return 'no record for a kernel_ function';
  const dump = new Map(r.shippedInDumpBuild.map((v) => [v.function, v.verdict]));
  return r.shipped
    .map((v) => {
      const other = dump.get(v.function);
      return `${v.function}: ${describeVerdict(v)}${other && other !== v.verdict ? ` (dump build: ${other})` : ''}`;
    })
    .join('; ');
}

const outputCell = (c: OutputCheck | undefined) => (c ? c.status : '-');

export function polybenchCells(res: PolybenchResult): string[][] {
  const header = ['program', 'o3 s', 'o3 kernel s', 'polly x', 'slmcc x', 'kernel polly/slmcc x', 'outputs polly/slmcc', 'slmcc build s', 'slmcc shipped'];
  const rows = res.rows.map((r) => [
    r.program,
    r.times.o3?.ok ? fmtTime(r.times.o3.wall) : 'FAILED',
    fmtTime(r.times.o3?.kernel),
    fmtX(r.overO3.polly),
    fmtX(r.overO3.slmcc),
    `${fmtX(r.kernelOverO3.polly)}/${fmtX(r.kernelOverO3.slmcc)}`,
    r.o3Dump?.failure ? `o3 FAILED` : `${outputCell(r.outputs.polly)}/${outputCell(r.outputs.slmcc)}`,
    fmtS(r.builds.slmcc?.seconds),
    shippedCell(r),
  ]);
  const s = res.summary;
  const geo = ['geomean', '', '', fmtX(s.geomeanPollyOverO3), fmtX(s.geomeanSlmccOverO3), '', s.outputsNotAccepted.length ? `${s.outputsNotAccepted.length} not` : 'all', '', ''];
  return [header, ...rows, geo];
}

export function renderPolybenchText(res: PolybenchResult): string {
  const out = textTable(polybenchCells(res), new Set([0, 6, 8]));
  const s = res.summary;
  out.push(
    '',
    `PolyBench/C ${res.dataset}_DATASET, medians of ${res.repeats} interleaved runs, OMP_NUM_THREADS=${res.threads}; ${res.machine.cpus} cores (${res.machine.model})`,
    'x: speedup over clang-19 -O3 in wall time of the whole process; o3 kernel s: what POLYBENCH_TIME printed',
    `a program under ${MIN_SAMPLE_S} s at -O3 (in an uncounted warm-up run) runs back to back within each sample until it lasts that long: ${
      res.rows
        .filter((r) => (r.runsPerSample ?? 1) > 1)
        .map((r) => `${r.program} ${r.runsPerSample}`)
        .join(', ') || 'none here'
    }`,
  );
  const load = Math.max(res.machine.loadavgStart[0] ?? 0, res.machine.loadavg[0] ?? 0);
  if (load > res.machine.cpus * 0.5) out.push(`note: the machine was busy (1-minute load average up to ${load.toFixed(1)} on ${res.machine.cpus} cores); timings are noisy`);
  out.push(
    `outputs: each variant's -DPOLYBENCH_DUMP_ARRAYS dump against o3's: exact (same sha256), ~1e-9 (numbers within ${DUMP_RTOL} relative), DIFFERS`,
    `slmcc below 0.95x of the faster of o3 and polly: ${s.slmccBelowBest.length} of ${res.rows.length}${s.slmccBelowBest.length ? ` (${s.slmccBelowBest.join(', ')})` : ''}`,
    ...(s.slmccBelowBestKernel
      ? [`  by the kernel's own timer: ${s.slmccBelowBestKernel.length} of ${res.rows.length}${s.slmccBelowBestKernel.length ? ` (${s.slmccBelowBestKernel.join(', ')})` : ''}`]
      : []),
    `originals that failed anywhere: ${s.originalsFailed.length}${s.originalsFailed.length ? ` (${s.originalsFailed.join(', ')})` : ''}`,
  );
  for (const id of PB_VARIANTS) {
    const secs = res.rows.map((r) => r.builds[id]?.seconds ?? 0).reduce((a, b) => a + b, 0);
    const dump = res.rows.map((r) => r.dumpBuilds[id]?.seconds ?? 0).reduce((a, b) => a + b, 0);
    const failed = res.rows.filter((r) => r.builds[id] && !r.builds[id]!.ok).map((r) => r.program);
    out.push(`${id}: timed builds ${fmtS(secs)} s, dump builds ${fmtS(dump)} s${failed.length ? `; FAILED to build: ${failed.join(', ')}` : ''}`);
  }
  const v = res.variants.find((x) => x.id === 'slmcc');
  if (v)
    out.push(
      `slmcc: ${Object.entries(v.env)
        .map(([k, x]) => `${k}=${x}`)
        .join(' ')} ${v.cc} ${v.cflags} ... (no model server there: the builtin provider)`,
    );
  const undecided = res.rows.flatMap((r) => r.shipped.filter((k) => k.verdict === 'undecided').map(() => r.program));
  if (undecided.length)
    out.push(
      `slmcc left ${undecided.length} kernel function(s) undecided (${[...new Set(undecided)].join(', ')}): they ship the original code; on a busy machine slmcc does not time, so re-run on a quiet one`,
    );
  const notes: string[] = [];
  for (const r of res.rows) {
    for (const f of r.originalFailures) notes.push(`  ${r.program}: original failed: ${f}`);
    for (const id of PB_VARIANTS) {
      const c = r.outputs[id];
      if (c && c.status !== 'exact') notes.push(`  ${r.program}: ${id} output ${c.status}${c.detail ? `: ${c.detail}` : ''}`);
      if (r.builds[id] && !r.builds[id]!.ok) notes.push(`  ${r.program}: ${id} build failed: ${r.builds[id]!.error?.split('\n').pop()}`);
      for (const f of r.times[id]?.failures ?? []) notes.push(`  ${r.program}: ${id} run failed: ${f}`);
    }
  }
  if (notes.length) out.push('', 'problems:', ...notes);
  out.push('', 'slmcc decisions (timed build):');
  for (const r of res.rows) {
    if (!r.decisions.length) out.push(`  ${r.program}: no decision record`);
    for (const d of r.decisions) out.push(`  ${r.program}/${d.function}: ${describeVerdict(d, false)}${d.verdict === 'candidate' || d.verdict === 'polly' ? ` - ${d.reason}` : ''}`);
  }
  for (const d of res.utilities) out.push(`  utilities/polybench.c/${d.function}: ${describeVerdict(d, false)}`);
  return out.join('\n') + '\n';
}

/** The last record per function of one source, in the log's order. */
function latestPerFunction(ds: Decision[], source: string): Decision[] {
  const by = new Map<string, Decision>();
  for (const d of ds) if (d.kernel === source && !d.function.startsWith('(')) by.set(d.function, d);
  return [...by.values()];
}

/** Runs the PolyBench benchmark; resolves to an exit status (0 all outputs accepted, 1 a failure or a differing output, 2 unusable). */
export async function runPolybenchBench(o: PolybenchOptions): Promise<number> {
  const started = performance.now();
  const loadavgStart = os.loadavg();
  const dir = path.resolve(o.dir);
  if (!fs.existsSync(path.join(dir, 'utilities', 'polybench.c')) || !fs.existsSync(path.join(dir, 'utilities', 'polybench.h'))) {
    o.log(`bench: ${dir} is not a PolyBench/C 4.2.1 copy (no utilities/polybench.c and polybench.h)`);
    return 2;
  }
  let only: RegExp | undefined;
  try {
    only = o.only ? new RegExp(o.only) : undefined;
  } catch (e) {
    o.log(`bench: --only: ${(e as Error).message}`);
    return 2;
  }
  const programs = polybenchPrograms(dir).filter((p) => !only || only.test(p.name));
  if (!programs.length) {
    o.log(`bench: no PolyBench program in ${dir}${o.only ? ` matches ${o.only}` : ''}`);
    return 2;
  }
  const repeats = Math.max(1, Math.floor(o.repeats));
  const scratch = path.resolve(o.outDir, 'polybench');
  await fsp.rm(scratch, { recursive: true, force: true });
  const cacheDir = path.join(scratch, 'slmcc-cache');
  const logsDir = path.join(scratch, 'slmcc-logs');
  const dumpsDir = path.join(scratch, 'dumps');
  for (const d of [cacheDir, logsDir, dumpsDir, ...PB_VARIANTS.map((v) => path.join(scratch, v))]) await fsp.mkdir(d, { recursive: true });
  // An empty config file: a user's ~/.config/slmcc/config.json must not change what is measured.
  const emptyConfig = path.join(scratch, 'slmcc-config.json');
  await fsp.writeFile(emptyConfig, '{}\n');

  // availableVariants names the compilers and Polly's flags as the other
  // benchmarks use them; slmcc's provider setting is dropped for the one a
  // user without a model server gets (auto, falling back to builtin).
  const ollamaHost = `http://127.0.0.1:${await deadLoopbackPort()}`;
  const avail = await availableVariants({ repo: o.repo, slmcc: o.slmcc, ollamaHost, model: 'none' });
  const variants = avail.variants.flatMap((v) => {
    const id = FROM_VARIANT[v.id];
    if (!id) return [];
    const env: Record<string, string> =
      id === 'slmcc'
        ? {
            SLMCC_CONFIG: emptyConfig,
            SLMCC_CACHE_DIR: cacheDir,
            OLLAMA_HOST: ollamaHost,
            // A settler started in the background would compete with the timed runs.
            SLMCC_SETTLE: '0',
            ...(o.reassociate ? { SLMCC_REASSOCIATE: '1' } : {}),
          }
        : {};
    return [{ id, cc: v.cc, cflags: v.cflags, env }];
  });
  for (const s of avail.skipped) if (FROM_VARIANT[s.id]) o.log(`bench: skipping ${s.label}: ${s.reason}`);
  if (!variants.some((v) => v.id === 'o3')) {
    o.log('bench: clang-19 is needed for the baseline; install clang-19 (Debian: apt-get install clang-19 libomp-19-dev)');
    return 2;
  }
  const reassociates = (id: PbVariant) => id === 'slmcc' && o.reassociate;
  const runEnv = cleanEnv({ OMP_NUM_THREADS: String(OMP_THREADS) });
  const timeoutMs = o.timeoutSec * 1000;
  const exe = (id: PbVariant, p: PolybenchProgram, dump: boolean) => path.join(scratch, id, dump ? `${p.name}.dump` : p.name);
  const ds = `-D${o.dataset}_DATASET`;

  const rows: PolybenchRow[] = [];
  let utilities: Decision[] = [];
  // Builds and output checks, one program at a time and one process at a
  // time: slmcc times its candidates while it builds.
  for (const [i, p] of programs.entries()) {
    const row: PolybenchRow = {
      program: p.name,
      source: p.source,
      builds: {},
      dumpBuilds: {},
      times: {},
      overO3: {},
      kernelOverO3: {},
      outputs: {},
      shipped: [],
      shippedInDumpBuild: [],
      decisions: [],
      originalFailures: [],
    };
    rows.push(row);
    const dumps: Partial<Record<PbVariant, DumpRun>> = {};
    for (const v of variants) {
      for (const dump of [false, true]) {
        const what = dump ? '-DPOLYBENCH_DUMP_ARRAYS' : '-DPOLYBENCH_TIME';
        o.log(`bench: [${i + 1}/${programs.length}] ${p.name}: building ${v.id} ${what}`);
        const env = cleanEnv(v.id === 'slmcc' ? { ...v.env, SLMCC_LOG: path.join(logsDir, `${p.name}${dump ? '.dump' : ''}.jsonl`) } : v.env);
        const args = ['-I', 'utilities', ds, what, 'utilities/polybench.c', p.source, '-lm', '-o', exe(v.id, p, dump)];
        const b = await compile(v.cc, v.cflags, args, dir, env);
        (dump ? row.dumpBuilds : row.builds)[v.id] = b;
        if (!b.ok) o.log(`bench: ${p.name}: ${v.id} build failed: ${b.error}`);
      }
      if (row.dumpBuilds[v.id]?.ok) {
        dumps[v.id] = await runDump(exe(v.id, p, true), path.join(dumpsDir, `${p.name}.${v.id}.txt`), runEnv, timeoutMs);
        if (!dumps[v.id]!.ok) o.log(`bench: ${p.name}: ${v.id} dump run failed: ${dumps[v.id]!.failure}`);
      }
    }
    const o3 = dumps.o3;
    row.o3Dump = o3 ? { sha256: o3.sha256, bytes: o3.bytes, failure: o3.failure } : { bytes: 0, failure: 'not built' };
    for (const v of variants) {
      if (v.id === 'o3') continue;
      const d = dumps[v.id];
      if (!d) row.outputs[v.id] = { status: 'FAILED', accepted: false, detail: 'the dump build failed' };
      else if (!o3?.ok) row.outputs[v.id] = { status: 'FAILED', accepted: false, detail: 'no o3 dump to compare with' };
      else row.outputs[v.id] = await checkOutput(o3, d, reassociates(v.id));
    }
    for (const d of Object.values(dumps)) await fsp.rm(d.file, { force: true });

    if (!row.builds.o3?.ok) row.originalFailures.push(`o3 build: ${row.builds.o3?.error ?? 'not built'}`);
    if (!row.dumpBuilds.o3?.ok) row.originalFailures.push(`o3 dump build: ${row.dumpBuilds.o3?.error ?? 'not built'}`);
    if (o3 && !o3.ok) row.originalFailures.push(`o3 dump run: ${o3.failure}`);
    if (variants.some((v) => v.id === 'slmcc')) {
      const timed = await readDecisions(path.join(logsDir, `${p.name}.jsonl`));
      const dumped = await readDecisions(path.join(logsDir, `${p.name}.dump.jsonl`));
      row.shipped = kernelVerdicts(p.name, timed);
      row.shippedInDumpBuild = kernelVerdicts(p.name, dumped);
      row.decisions = latestPerFunction(timed, p.name);
      for (const d of [...latestPerFunction(timed, p.name), ...latestPerFunction(dumped, p.name)])
        if (d.verdict === 'unverifiable' && !expectedRefusal(d.reason)) row.originalFailures.push(`slmcc's harness, ${d.function}: ${d.reason}`);
      // polybench.c is decided by the first build only; later ones find it cached.
      if (!utilities.length) utilities = latestPerFunction([...timed, ...dumped], 'polybench');
    }
    row.originalFailures = [...new Set(row.originalFailures)];
  }

  // Interleaved as the other benchmarks: each repeat runs every program under
  // every variant back to back, the order rotated per repeat and program.
  const built = (p: PolybenchProgram) => variants.filter((v) => rows.find((r) => r.program === p.name)!.builds[v.id]?.ok);
  const runs = new Map(programs.map((p) => [p.name, new Map<PbVariant, TimedRun[]>(built(p).map((v) => [v.id, []]))]));
  // A warm-up round, not counted, gives each program's -O3 time; a program
  // shorter than MIN_SAMPLE_S runs back to back within one sample until the
  // sample lasts that long, so that start-up jitter does not decide a
  // 0.1 s program's ratio (durbin's binary, byte-identical to -O3's, read 0.78x).
  const perSample = new Map<string, number>();
  o.log('bench: warm-up run');
  for (const p of programs) {
    let o3Wall = NaN;
    for (const v of built(p)) {
      const res = await runTimed(exe(v.id, p, false), runEnv, timeoutMs);
      if (v.id === 'o3' && res.ok) o3Wall = res.wall;
    }
    perSample.set(p.name, Number.isFinite(o3Wall) ? Math.min(MAX_RUNS_PER_SAMPLE, Math.max(1, Math.ceil(MIN_SAMPLE_S / o3Wall))) : 1);
  }
  for (let r = 0; r < repeats; r++) {
    o.log(`bench: run ${r + 1} of ${repeats}`);
    for (const [pi, p] of programs.entries()) {
      for (const v of rotated(built(p), r + pi)) {
        const res = await runSample(exe(v.id, p, false), runEnv, timeoutMs, perSample.get(p.name) ?? 1);
        runs.get(p.name)!.get(v.id)!.push(res);
        if (!res.ok) o.log(`bench: ${p.name} with ${v.id}: ${res.failure}`);
      }
    }
  }

  for (const row of rows) {
    row.runsPerSample = perSample.get(row.program);
    for (const [id, rs] of runs.get(row.program)!) {
      const good = rs.filter((x) => x.ok);
      row.times[id] = {
        wall: median(good.map((x) => x.wall)),
        kernel: median(good.map((x) => x.kernel).filter(Number.isFinite)),
        walls: rs.map((x) => x.wall),
        kernels: rs.map((x) => x.kernel),
        ok: rs.length > 0 && rs.every((x) => x.ok),
        failures: [...new Set(rs.filter((x) => !x.ok).map((x) => x.failure ?? 'FAIL'))],
      };
    }
    if (row.times.o3 && !row.times.o3.ok) row.originalFailures.push(...row.times.o3.failures.map((f) => `o3 run: ${f}`));
    const o3 = row.times.o3;
    for (const [id, t] of Object.entries(row.times) as [PbVariant, NonNullable<PolybenchRow['times'][PbVariant]>][]) {
      if (!o3?.ok || !t.ok) continue;
      row.overO3[id] = o3.wall / t.wall;
      row.kernelOverO3[id] = o3.kernel / t.kernel;
    }
    const slmcc = row.times.slmcc;
    const polly = row.times.polly;
    if (o3?.ok && slmcc?.ok) row.slmccOverBest = Math.min(o3.wall, polly?.ok ? polly.wall : Infinity) / slmcc.wall;
    if (o3?.ok && slmcc?.ok && Number.isFinite(o3.kernel) && Number.isFinite(slmcc.kernel))
      row.slmccOverBestKernel = Math.min(o3.kernel, polly?.ok && Number.isFinite(polly.kernel) ? polly.kernel : Infinity) / slmcc.kernel;
  }

  const utilitiesFailed = utilities.some((d) => d.verdict === 'unverifiable' && !expectedRefusal(d.reason));
  const cpus = os.cpus();
  const result: PolybenchResult = {
    version: 1,
    date: new Date().toISOString(),
    machine: { cpus: os.availableParallelism(), model: cpus[0]?.model.trim() ?? 'unknown', loadavg: os.loadavg(), loadavgStart },
    dir,
    dataset: o.dataset,
    repeats,
    threads: OMP_THREADS,
    variants,
    rows,
    utilities,
    summary: {
      geomeanPollyOverO3: geomean(rows.map((r) => r.overO3.polly ?? NaN)),
      geomeanSlmccOverO3: geomean(rows.map((r) => r.overO3.slmcc ?? NaN)),
      slmccBelowBest: rows.filter((r) => r.slmccOverBest !== undefined && r.slmccOverBest < 0.95).map((r) => r.program),
      slmccBelowBestKernel: rows.filter((r) => r.slmccOverBestKernel !== undefined && r.slmccOverBestKernel < 0.95).map((r) => r.program),
      originalsFailed: [...rows.filter((r) => r.originalFailures.length).map((r) => r.program), ...(utilitiesFailed ? ['utilities/polybench.c'] : [])],
      outputsNotAccepted: rows.filter((r) => r.o3Dump?.failure || Object.values(r.outputs).some((c) => !c.accepted)).map((r) => r.program),
    },
    seconds: (performance.now() - started) / 1000,
  };
  o.out(renderPolybenchText(result));
  if (o.json) {
    await fsp.mkdir(path.dirname(path.resolve(o.json)), { recursive: true });
    await fsp.writeFile(o.json, JSON.stringify(result, null, 2) + '\n');
  }
  const failed =
    result.summary.originalsFailed.length > 0 ||
    result.summary.outputsNotAccepted.length > 0 ||
    rows.some((r) => PB_VARIANTS.some((id) => (r.builds[id] && !r.builds[id]!.ok) || (r.times[id] && !r.times[id]!.ok)));
  return failed ? 1 : 0;
}
