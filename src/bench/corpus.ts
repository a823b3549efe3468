// `npm run bench -- --corpus`: the real-shaped programs of kernels/corpus
// (one file per kernel with init_array, kernel_<name>, a checksum and main;
// helpers in a second unit) built with clang-19 -O3, -O3 + Polly and slmcc
// (builtin provider, a fresh cache), run interleaved; the table shows median
// kernel times, slmcc's speedups, whether slmcc's output matches -O3's within
// a numeric tolerance, and the verdict slmcc reached for each kernel function.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { buildVariant, type BuildResult, type Decision } from './build.js';
import { textTable } from './report.js';
import { geomean, median, rotated } from './stats.js';
import { availableVariants, type Variant, type VariantId } from './variants.js';

/** The programs of kernels/corpus/Makefile, in its order. */
export const CORPUS_PROGRAMS = [
  'covariance',
  'correlation',
  'gemm',
  '2mm',
  'syrk',
  'trmm',
  'atax',
  'bicg',
  'mvt',
  'gesummv',
  'gemver',
  'jacobi_2d',
  'seidel_2d',
  'fdtd_2d',
  'heat_3d',
  'seam_dp',
  'blur',
  'histogram',
  'doitgen',
  'calls_out',
] as const;

/** The variants the corpus compares; gcc and Ollama rows belong to the kernels benchmark. */
const CORPUS_VARIANTS: VariantId[] = ['O3', 'polly', 'slmcc-builtin'];
export const VERDICT_KINDS = ['candidate', 'polly', 'original', 'unverifiable', 'undecided'] as const;
/** Relative tolerance for numbers when comparing slmcc's output with -O3's. */
export const OUTPUT_RTOL = 1e-6;

export interface CorpusOptions {
  quick: boolean;
  repeats: number;
  outDir: string;
  /** Program names (comma-separated entries allowed); default all. */
  kernels?: string[];
  /** The command for the slmcc row (default <repo>/bin/slmcc). */
  slmcc?: string;
  opt?: string;
  /** Preprocessor flags for every build, e.g. "-DN=200 -DTSTEPS=5" (the programs' size macros). */
  cppflags?: string;
  repo: string;
  ollamaHost: string;
  model: string;
  log: (line: string) => void;
  out: (text: string) => void;
}

export interface CorpusRun {
  ok: boolean;
  /** Kernel time the program printed on stderr (time=<s>s), NaN without one. */
  seconds: number;
  stdout: string;
  failure?: string;
}

export interface KernelVerdict {
  function: string;
  verdict: string;
  speedup?: number;
  reason: string;
  /** Who proposed the shipped candidate, for a candidate verdict. */
  proposer?: string;
}

export interface CorpusRow {
  program: string;
  times: Partial<Record<VariantId, { median: number; runs: number[]; ok: boolean; failures: string[] }>>;
  overO3: Partial<Record<VariantId, number>>;
  overBest: Partial<Record<VariantId, number>>;
  /** slmcc's stdout against -O3's: undefined when they match, else where they differ. */
  mismatch?: string;
  matches: boolean;
  verdicts: KernelVerdict[];
}

export interface CorpusResult {
  version: 1;
  date: string;
  machine: { cpus: number; model: string; loadavg: number[]; loadavgStart: number[] };
  repeats: number;
  opt: string;
  cppflags?: string;
  variants: { id: VariantId; label: string; short: string; cc: string; cflags: string }[];
  skipped: { id: VariantId; label: string; reason: string }[];
  builds: Partial<Record<VariantId, BuildResult>>;
  rows: CorpusRow[];
  geomean: { slmccOverO3: number; slmccOverBest: number; pollyOverO3: number };
  /** Kernel functions per verdict kind. */
  verdictShare: Record<string, number>;
  seconds: number;
}

const TIME = /^time=([\d.eE+-]+)s\b/m;

/** Runs one corpus program: its checksums and "check: ok" on stdout, its kernel time on stderr. */
export async function runCorpusProgram(program: string, timeoutMs = 300_000): Promise<CorpusRun> {
  const r = await execa(program, [], { reject: false, timeout: timeoutMs, stdin: 'ignore' });
  const stdout = String(r.stdout);
  const m = TIME.exec(String(r.stderr));
  const seconds = m ? Number(m[1]) : NaN;
  if (r.timedOut) return { ok: false, seconds: NaN, stdout, failure: `timed out after ${timeoutMs / 1000} s` };
  if (r.signal) return { ok: false, seconds, stdout, failure: `killed by ${r.signal}` };
  if (!/^check: ok$/m.test(stdout)) {
    const why = /^check: FAILED.*$/m.exec(stdout)?.[0] ?? 'no "check: ok" line';
    return { ok: false, seconds, stdout, failure: r.exitCode ? `${why} (exit ${r.exitCode})` : why };
  }
  if (r.exitCode !== 0) return { ok: false, seconds, stdout, failure: `exit ${r.exitCode}` };
  if (!m) return { ok: false, seconds, stdout, failure: 'no time=<s>s line on stderr' };
  return { ok: true, seconds, stdout };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Where two program outputs differ: token by token, numbers within rtol relatively; undefined when they match. */
export function outputMismatch(want: string, got: string, rtol = OUTPUT_RTOL): string | undefined {
  const a = want.trim().split('\n');
  const b = got.trim().split('\n');
  if (a.length !== b.length) return `${a.length} lines against ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const ta = a[i].trim().split(/\s+/);
    const tb = b[i].trim().split(/\s+/);
    const same =
      ta.length === tb.length &&
      ta.every((x, t) => {
        const y = tb[t];
        if (!NUMBER.test(x) || !NUMBER.test(y)) return x === y;
        const p = Number(x);
        const q = Number(y);
        return Math.abs(p - q) <= rtol * Math.max(Math.abs(p), Math.abs(q)) + 1e-300;
      });
    if (!same) return `line ${i + 1}: "${a[i]}" against "${b[i]}"`;
  }
  return undefined;
}

/**
 * The verdict of each kernel_* function of a program. The warm build's record
 * wins over the cold one's: a function left undecided in the cold build is
 * decided again in the warm one, and the warm build made the programs that run.
 */
export function kernelVerdicts(program: string, cold: Decision[] = [], warm: Decision[] = []): KernelVerdict[] {
  // A nest outlined out of a kernel (it calls another file's code) is judged, and recorded, by itself.
  const mine = (ds: Decision[]) => ds.filter((d) => d.kernel === program && /^(?:__slmcc_loop_)?kernel_/.test(d.function));
  const byFunction = new Map<string, Decision>();
  for (const d of [...mine(cold), ...mine(warm)]) byFunction.set(d.function, d);
  return [...byFunction.values()].map((d) => ({ function: d.function, verdict: d.verdict, speedup: d.speedup, reason: d.reason, proposer: d.proposer }));
}

function pickPrograms(o: CorpusOptions): string[] | string {
  const wanted = o.kernels?.length ? o.kernels.flatMap((k) => k.split(',')).filter(Boolean) : [...CORPUS_PROGRAMS];
  const unknown = wanted.filter((k) => !(CORPUS_PROGRAMS as readonly string[]).includes(k));
  if (unknown.length) return `unknown corpus program(s): ${unknown.join(', ')}; known: ${CORPUS_PROGRAMS.join(', ')}`;
  return [...new Set(wanted)];
}

const fmtTime = (s: number | undefined) => (s === undefined || !Number.isFinite(s) ? '-' : s >= 0.1 ? s.toFixed(3) : s.toPrecision(3));
const fmtX = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `${x.toFixed(2)}x`);
const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '-');

function verdictCell(vs: KernelVerdict[]): string {
  if (!vs.length) return 'no record';
  return vs.map((v) => `${v.verdict}${v.speedup !== undefined && Number.isFinite(v.speedup) ? ` ${v.speedup.toFixed(2)}x` : ''}`).join(', ');
}

function outputCell(r: CorpusRow): string {
  const slmcc = r.times['slmcc-builtin'];
  const o3 = r.times.O3;
  if (!o3?.ok) return `-O3 FAILED (${o3?.failures.join('; ') ?? 'not run'})`;
  if (!slmcc) return '-';
  if (!slmcc.ok) return `NO (${slmcc.failures.join('; ')})`;
  return r.matches ? 'yes' : `NO (${r.mismatch})`;
}

export function corpusCells(res: CorpusResult): string[][] {
  const header = ['program', `${res.opt} s`, 'Polly s', 'slmcc s', `Polly x${res.opt}`, `slmcc x${res.opt}`, 'slmcc x-best', 'output matches', 'kernel verdict'];
  const rows = res.rows.map((r) => [
    r.program,
    fmtTime(r.times.O3?.median),
    fmtTime(r.times.polly?.median),
    fmtTime(r.times['slmcc-builtin']?.median),
    fmtX(r.overO3.polly),
    fmtX(r.overO3['slmcc-builtin']),
    fmtX(r.overBest['slmcc-builtin']),
    outputCell(r),
    verdictCell(r.verdicts),
  ]);
  const allMatch = res.rows.every((r) => r.matches && r.times['slmcc-builtin']?.ok);
  const geo = [
    'geomean',
    '',
    '',
    '',
    fmtX(res.geomean.pollyOverO3),
    fmtX(res.geomean.slmccOverO3),
    fmtX(res.geomean.slmccOverBest),
    allMatch ? 'all' : `${res.rows.filter((r) => !(r.matches && r.times['slmcc-builtin']?.ok)).length} not`,
    '',
  ];
  return [header, ...rows, geo];
}

export function renderCorpusText(res: CorpusResult): string {
  const out = textTable(corpusCells(res), new Set([0, 7, 8]));
  out.push('', `medians of ${res.repeats} interleaved runs; kernel time only (the program's time= line); ${res.machine.cpus} cores (${res.machine.model})`);
  const load = Math.max(res.machine.loadavgStart[0] ?? 0, res.machine.loadavg[0] ?? 0);
  if (load > res.machine.cpus * 0.5) out.push(`note: the machine was busy (1-minute load average up to ${load.toFixed(1)} on ${res.machine.cpus} cores); timings are noisy`);
  out.push(
    `x${res.opt}: speedup over clang-19 ${res.opt}; x-best: over the faster of ${res.opt} and Polly per program; output: slmcc's stdout against ${res.opt}'s, numbers within ${OUTPUT_RTOL} relative`,
  );
  if (res.cppflags) out.push(`sizes: CPPFLAGS='${res.cppflags}'`);
  const slmccRows = res.rows.filter((r) => Number.isFinite(r.overBest['slmcc-builtin'] ?? NaN));
  const atLeast = slmccRows.filter((r) => (r.overBest['slmcc-builtin'] ?? 0) >= 0.95).length;
  out.push(`slmcc at least 0.95x of the best of ${res.opt} and Polly: ${atLeast} of ${res.rows.length} programs`);
  const total = Object.values(res.verdictShare).reduce((s, n) => s + n, 0);
  out.push(
    `kernel functions: ${total}; ` +
      Object.entries(res.verdictShare)
        .map(([k, n]) => `${k} ${n} (${pct(n, total)})`)
        .join(', '),
  );
  for (const v of res.variants) {
    const b = res.builds[v.id];
    if (!b) continue;
    if (!b.ok) out.push(`${v.label}: build FAILED: ${b.error?.split('\n').slice(-1)[0] ?? ''}`);
    else if (b.cold) out.push(`${v.label}: cold build ${b.cold.seconds.toFixed(1)} s (${b.cold.decisions.length} decisions), warm rebuild ${b.warm?.seconds.toFixed(1) ?? '-'} s`);
    else out.push(`${v.label}: build ${b.seconds.toFixed(1)} s`);
  }
  for (const s of res.skipped) out.push(`skipped ${s.label}: ${s.reason}`);
  out.push('', 'kernel verdicts:');
  for (const r of res.rows) {
    if (!r.verdicts.length) out.push(`  ${r.program}: no decision record for a kernel_ function`);
    for (const v of r.verdicts) out.push(`  ${r.program}/${v.function}: ${v.verdict}${v.speedup !== undefined ? ` ${v.speedup.toFixed(2)}x` : ''}${v.reason ? ` - ${v.reason}` : ''}`);
  }
  return out.join('\n') + '\n';
}

export function renderCorpusMarkdown(res: CorpusResult): string {
  const cells = corpusCells(res);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const row = (r: string[]) => `| ${r.map(esc).join(' | ')} |`;
  const text = renderCorpusText(res).split('\n');
  const notes = text.slice(text.indexOf('') + 1);
  return [
    '# slmcc benchmark: the corpus (kernels/corpus)',
    '',
    `${res.date}`,
    '',
    row(cells[0]),
    row(cells[0].map((_, i) => (i === 0 || i >= 7 ? '---' : '---:'))),
    ...cells.slice(1).map(row),
    '',
    '```',
    ...notes,
    '```',
    '',
  ].join('\n');
}

async function writeOut(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, text);
}

/** Runs the corpus benchmark; resolves to an exit status (0 every output right, 1 a wrong output or failed build, 2 unusable). */
export async function runCorpusBench(o: CorpusOptions): Promise<number> {
  const started = performance.now();
  const loadavgStart = os.loadavg();
  const programs = pickPrograms(o);
  if (typeof programs === 'string') {
    o.log(`bench: ${programs}`);
    return 2;
  }
  const opt = o.opt ?? '-O3';
  const repeats = Math.max(1, Math.floor(o.quick ? Math.min(o.repeats, 3) : o.repeats));
  const outDir = path.resolve(o.outDir, 'corpus');
  const corpusDir = path.join(o.repo, 'kernels', 'corpus');
  const avail = await availableVariants({ repo: o.repo, slmcc: o.slmcc, ollamaHost: o.ollamaHost, model: o.model, opt });
  const extra: Record<string, string> = o.cppflags ? { CPPFLAGS: o.cppflags } : {};
  // The slmcc build is a quiet make -j1 with a fresh cache: decide every
  // function even when a compile elsewhere on the machine is deciding too
  // (SLMCC_RETRY_PENDING), instead of leaving it pending and the row at 1x.
  const quiet: Record<string, string> = { SLMCC_RETRY_PENDING: '1' };
  const variants: Variant[] = avail.variants.filter((v) => CORPUS_VARIANTS.includes(v.id)).map((v) => ({ ...v, env: { ...v.env, ...extra, ...(v.slmcc ? quiet : {}) } }));
  const skipped = avail.skipped.filter((s) => CORPUS_VARIANTS.includes(s.id));
  if (!variants.some((v) => v.id === 'O3')) {
    o.log('bench: clang-19 is needed for the baseline; install clang-19 (Debian: apt-get install clang-19 libomp-19-dev)');
    return 2;
  }
  for (const s of skipped) o.log(`bench: skipping ${s.label}: ${s.reason}`);

  const builds: Partial<Record<VariantId, BuildResult>> = {};
  const built: Variant[] = [];
  for (const v of variants) {
    o.log(`bench: building ${programs.length} corpus programs with ${v.label} (${v.cc} ${v.cflags})${v.slmcc ? ', a fresh cache, cold then warm' : ''}`);
    const b = await buildVariant(v, programs, { kernelsDir: corpusDir, root: path.join(outDir, v.id) });
    builds[v.id] = b;
    if (b.ok) built.push(v);
    else {
      o.log(`bench: ${v.label} failed to build:\n${b.error ?? ''}`);
      skipped.push({ id: v.id, label: v.label, reason: 'build failed' });
    }
  }

  // Interleaved, as the kernels benchmark: each repeat runs every program under
  // every variant back to back, in an order rotated per repeat and program.
  const runs = new Map(programs.map((p) => [p, new Map<VariantId, CorpusRun[]>(built.map((v) => [v.id, []]))]));
  for (let r = 0; r < repeats; r++) {
    o.log(`bench: run ${r + 1} of ${repeats}`);
    for (const [pi, p] of programs.entries()) {
      for (const v of rotated(built, r + pi)) {
        const res = await runCorpusProgram(path.join(builds[v.id]!.buildDir, p));
        runs.get(p)!.get(v.id)!.push(res);
        if (!res.ok) o.log(`bench: ${p} with ${v.label}: ${res.failure}`);
      }
    }
  }

  const slmccBuild = builds['slmcc-builtin'];
  const rows: CorpusRow[] = programs.map((p) => {
    const times: CorpusRow['times'] = {};
    for (const [id, rs] of runs.get(p)!) {
      times[id] = {
        median: median(rs.filter((x) => x.ok && Number.isFinite(x.seconds)).map((x) => x.seconds)),
        runs: rs.map((x) => x.seconds),
        ok: rs.length > 0 && rs.every((x) => x.ok),
        failures: [...new Set(rs.filter((x) => !x.ok).map((x) => x.failure ?? 'FAIL'))],
      };
    }
    const o3 = times.O3?.median ?? NaN;
    const best = Math.min(o3, times.polly?.ok ? times.polly.median : Infinity);
    const overO3: CorpusRow['overO3'] = {};
    const overBest: CorpusRow['overBest'] = {};
    for (const [id, t] of Object.entries(times) as [VariantId, NonNullable<CorpusRow['times'][VariantId]>][]) {
      if (!t.ok || !Number.isFinite(t.median)) continue;
      if (Number.isFinite(o3)) overO3[id] = o3 / t.median;
      if (Number.isFinite(best)) overBest[id] = best / t.median;
    }
    const want = runs
      .get(p)!
      .get('O3')
      ?.find((x) => x.ok)?.stdout;
    const gots = runs.get(p)!.get('slmcc-builtin') ?? [];
    let mismatch: string | undefined;
    if (want === undefined) mismatch = 'no -O3 output';
    else if (!gots.length) mismatch = 'no slmcc output';
    else for (const g of gots) mismatch ??= outputMismatch(want, g.stdout);
    return {
      program: p,
      times,
      overO3,
      overBest,
      mismatch,
      matches: mismatch === undefined,
      verdicts: kernelVerdicts(p, slmccBuild?.cold?.decisions, slmccBuild?.warm?.decisions),
    };
  });

  const verdictShare: Record<string, number> = Object.fromEntries(VERDICT_KINDS.map((k) => [k, 0]));
  for (const r of rows) for (const v of r.verdicts) verdictShare[v.verdict] = (verdictShare[v.verdict] ?? 0) + 1;
  const cpus = os.cpus();
  const result: CorpusResult = {
    version: 1,
    date: new Date().toISOString(),
    machine: { cpus: os.availableParallelism(), model: cpus[0]?.model.trim() ?? 'unknown', loadavg: os.loadavg(), loadavgStart },
    repeats,
    opt,
    cppflags: o.cppflags,
    variants: built.map((v) => ({ id: v.id, label: v.label, short: v.short, cc: v.cc, cflags: v.cflags })),
    skipped,
    builds,
    rows,
    geomean: {
      slmccOverO3: geomean(rows.map((r) => r.overO3['slmcc-builtin'] ?? NaN)),
      slmccOverBest: geomean(rows.map((r) => r.overBest['slmcc-builtin'] ?? NaN)),
      pollyOverO3: geomean(rows.map((r) => r.overO3.polly ?? NaN)),
    },
    verdictShare,
    seconds: (performance.now() - started) / 1000,
  };
  o.out(renderCorpusText(result));
  await writeOut(path.join(outDir, 'corpus.json'), JSON.stringify(result, null, 2) + '\n');
  await writeOut(path.join(outDir, 'corpus.md'), renderCorpusMarkdown(result));
  const wrong = rows.some((r) => !r.matches || !r.times['slmcc-builtin']?.ok || !r.times.O3?.ok);
  const failedBuild = variants.some((v) => !builds[v.id]?.ok);
  return wrong || failedBuild ? 1 : 0;
}
