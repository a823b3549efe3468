// `slmcc --slmcc bench` / `npm run bench`: build the kernels with clang-19
// -O3, Polly, gcc's autopar and slmcc (builtin provider; Ollama when a server
// has the model), run every variant interleaved, and report medians.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/index.js';
import { buildVariant, type BuildResult } from './build.js';
import { renderMarkdown, renderSvg, renderText, type BenchResult, type KernelRow, type VariantSummary } from './report.js';
import { runKernel, type KernelRun } from './run-kernel.js';
import { geomean, median, rotated } from './stats.js';
import { availableVariants, type Variant, type VariantId } from './variants.js';

export const ALL_KERNELS = ['fft', 'jacobi', 'matmul', 'spmv', 'bfs', 'pagerank', 'sssp', 'conv2d', 'attention', 'pooling', 'nbody'] as const;
/** The quick form: kernels whose loops a dependence test can parallelise, so the first run shows a real speedup. */
export const QUICK_KERNELS = ['matmul', 'conv2d', 'attention', 'nbody'] as const;
export const QUICK_REPEATS = 3;

export interface BenchOptions {
  quick: boolean;
  json?: string;
  markdown?: string;
  svg?: string;
  outDir: string;
  repeats: number;
  kernels?: string[];
  /** The command for the slmcc rows (default <repo>/bin/slmcc); e.g. clang-19 to test the plumbing. */
  slmcc?: string;
  /** Optimisation level of the baseline, Polly, gcc and slmcc rows (default -O3). */
  opt?: string;
  /** Passed to every kernel program: a size ("small", or a number) in place of the benchmark size. */
  size?: string;
  /** The corpus of real-shaped programs (kernels/corpus) instead of the eleven kernels. */
  corpus?: boolean;
  /** With corpus: preprocessor flags for every build (the programs' size macros, e.g. "-DN=200"). */
  cppflags?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** The table (default: stdout). */
  out?: (text: string) => void;
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function pickKernels(o: BenchOptions): string[] | string {
  const wanted = o.kernels?.length ? o.kernels.flatMap((k) => k.split(',')).filter(Boolean) : o.quick ? [...QUICK_KERNELS] : [...ALL_KERNELS];
  const unknown = wanted.filter((k) => !(ALL_KERNELS as readonly string[]).includes(k));
  if (unknown.length) return `unknown kernel(s): ${unknown.join(', ')}; known: ${ALL_KERNELS.join(', ')}`;
  return [...new Set(wanted)];
}

function summarise(rows: KernelRow[], id: VariantId): VariantSummary {
  const over = rows.map((r) => r.overBest[id] ?? NaN).filter(Number.isFinite);
  return {
    geomeanOverO3: geomean(rows.map((r) => r.overO3[id] ?? NaN)),
    geomeanOverBest: geomean(over),
    minOverBest: over.length ? Math.min(...over) : NaN,
    wrong: rows.filter((r) => r.times[id]?.ok === false).length,
  };
}

function row(kernel: string, runs: Map<VariantId, KernelRun[]>): KernelRow {
  const times: KernelRow['times'] = {};
  for (const [id, rs] of runs) {
    const good = rs.filter((r) => Number.isFinite(r.seconds));
    times[id] = {
      median: median(good.map((r) => r.seconds)),
      runs: rs.map((r) => r.seconds),
      ok: rs.length > 0 && rs.every((r) => r.ok),
      failures: [...new Set(rs.filter((r) => !r.ok).map((r) => r.failure ?? 'FAIL'))],
      checksum: rs.find((r) => r.checksum !== undefined)?.checksum,
    };
  }
  const o3 = times.O3?.median;
  const best = Math.min(o3 ?? Infinity, times.polly?.median ?? Infinity);
  const overO3: KernelRow['overO3'] = {};
  const overBest: KernelRow['overBest'] = {};
  for (const [id, t] of Object.entries(times) as [VariantId, NonNullable<KernelRow['times'][VariantId]>][]) {
    if (!t.ok || !Number.isFinite(t.median)) continue;
    if (o3 !== undefined && Number.isFinite(o3)) overO3[id] = o3 / t.median;
    if (Number.isFinite(best)) overBest[id] = best / t.median;
  }
  const size = [...runs.values()].flat().find((r) => r.size !== undefined)?.size;
  return { kernel, size, times, overO3, overBest, correct: Object.values(times).every((t) => t?.ok) };
}

async function writeOut(file: string | undefined, text: string): Promise<void> {
  if (!file) return;
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, text);
}

/** Runs the benchmark; resolves to an exit status (0 all correct, 1 a wrong output or failed build, 2 unusable). */
export async function runBench(opts: BenchOptions): Promise<number> {
  const log = opts.log ?? ((l: string) => void process.stderr.write(l + '\n'));
  const out = opts.out ?? ((t: string) => void process.stdout.write(t));
  const started = performance.now();
  const loadavgStart = os.loadavg();
  if (opts.corpus) {
    if (opts.opt !== undefined && !/^-O[0-3sz]?$|^-Ofast$/.test(opts.opt)) {
      log(`bench: --opt ${opts.opt} is not an optimisation level; use -O1, -O2, -O3, -Os or -Ofast (as --opt=-O2)`);
      return 2;
    }
    const { config } = loadConfig();
    const { runCorpusBench } = await import('./corpus.js');
    return runCorpusBench({
      quick: opts.quick,
      repeats: opts.repeats,
      outDir: opts.outDir,
      kernels: opts.kernels,
      slmcc: opts.slmcc,
      opt: opts.opt,
      cppflags: opts.cppflags,
      repo: REPO,
      ollamaHost: config.ollamaHost,
      model: config.model,
      log,
      out,
    });
  }
  const kernels = pickKernels(opts);
  if (typeof kernels === 'string') {
    log(`bench: ${kernels}`);
    return 2;
  }
  if (opts.opt !== undefined && !/^-O[0-3sz]?$|^-Ofast$/.test(opts.opt)) {
    log(`bench: --opt ${opts.opt} is not an optimisation level; use -O1, -O2, -O3, -Os or -Ofast (as --opt=-O2)`);
    return 2;
  }
  const repeats = Math.max(1, Math.floor(opts.quick ? Math.min(opts.repeats, QUICK_REPEATS) : opts.repeats));
  const outDir = path.resolve(opts.outDir);
  const { config } = loadConfig();
  const { variants, skipped } = await availableVariants({ repo: REPO, slmcc: opts.slmcc, ollamaHost: config.ollamaHost, model: config.model, opt: opts.opt });
  if (!variants.some((v) => v.id === 'O3')) {
    log('bench: clang-19 is needed for the baseline; install clang-19 (Debian: apt-get install clang-19 libomp-19-dev)');
    return 2;
  }
  for (const s of skipped) log(`bench: skipping ${s.label}: ${s.reason}`);

  const kernelsDir = path.join(REPO, 'kernels');
  const builds: Partial<Record<VariantId, BuildResult>> = {};
  const built: Variant[] = [];
  for (const v of variants) {
    log(`bench: building ${kernels.length} kernels with ${v.label} (${v.cc} ${v.cflags})${v.slmcc ? ', cold then warm' : ''}`);
    const baseline = v.slmcc ? { variant: variants.find((x) => x.id === 'O3')!, rounds: opts.quick ? 3 : 5 } : undefined;
    const b = await buildVariant(v, kernels, { kernelsDir, root: path.join(outDir, v.id), baseline });
    builds[v.id] = b;
    if (b.ok) built.push(v);
    else log(`bench: ${v.label} failed to build:\n${b.error ?? ''}`);
  }

  // Interleaved: every repeat runs each kernel under every variant back to
  // back, in an order rotated per repeat, so a burst of load from elsewhere
  // hits all variants alike instead of one variant's whole series.
  const runs = new Map<string, Map<VariantId, KernelRun[]>>(kernels.map((k) => [k, new Map(built.map((v) => [v.id, []]))]));
  const args = opts.size ? [opts.size] : [];
  for (let r = 0; r < repeats; r++) {
    log(`bench: run ${r + 1} of ${repeats}`);
    for (const k of kernels) {
      for (const v of rotated(built, r + kernels.indexOf(k))) {
        const res = await runKernel(path.join(builds[v.id]!.buildDir, k), args);
        runs.get(k)!.get(v.id)!.push(res);
        if (!res.ok) log(`bench: ${k} with ${v.label}: ${res.failure}`);
      }
    }
  }

  const rows = kernels.map((k) => row(k, runs.get(k)!));
  const summary: BenchResult['summary'] = {};
  for (const v of built) summary[v.id] = summarise(rows, v.id);
  const cpus = os.cpus();
  const result: BenchResult = {
    version: 1,
    date: new Date().toISOString(),
    machine: { cpus: os.availableParallelism(), model: cpus[0]?.model.trim() ?? 'unknown', loadavg: os.loadavg(), loadavgStart },
    quick: opts.quick,
    repeats,
    kernels,
    opt: opts.opt ?? '-O3',
    variants: built.map((v) => ({ id: v.id, label: v.label, short: v.short, cc: v.cc, cflags: v.cflags, env: v.env })),
    skipped: [...skipped, ...variants.filter((v) => !builds[v.id]?.ok).map((v) => ({ id: v.id, label: v.label, reason: 'build failed' }))],
    builds,
    rows,
    summary,
    seconds: (performance.now() - started) / 1000,
  };

  out(renderText(result));
  await writeOut(opts.json, JSON.stringify(result, null, 2) + '\n');
  await writeOut(opts.markdown, renderMarkdown(result));
  await writeOut(opts.svg, renderSvg(result));
  const wrong = rows.some((r) => !r.correct);
  const failedBuild = variants.some((v) => !builds[v.id]?.ok);
  return wrong || failedBuild ? 1 : 0;
}
