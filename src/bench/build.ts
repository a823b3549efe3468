// Building the kernels with one variant through kernels/Makefile, exactly as
// a user would (`make CC=... CFLAGS=...`), each variant in its own BUILD dir.
// slmcc variants get a fresh cache, a cold build, then `make clean` and a
// warm build that should be served from that cache.
import fs from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { summarise } from '../cache/index.js';
import type { DecisionRecord } from '../core/decision.js';
import type { Variant } from './variants.js';

export interface Decision {
  kernel: string;
  function: string;
  verdict: string;
  speedup?: number;
  reason: string;
  from: string;
  /** For a candidate verdict: the provider that proposed the shipped candidate (builtin, ollama, ...). */
  proposer?: string;
}

export interface BuildPhase {
  seconds: number;
  modelRequests?: number;
  hits?: number;
  misses?: number;
  decisions: Decision[];
}

export interface BuildResult {
  ok: boolean;
  /** Wall time of the build whose programs are run (the warm one for slmcc). */
  seconds: number;
  buildDir: string;
  error?: string;
  cold?: BuildPhase;
  warm?: BuildPhase;
  rebuild?: RebuildComparison;
}

/** `make -j2` from clean with every verdict cached, against clang-19 -O3: what a developer's rebuild costs. */
export interface RebuildComparison {
  slmcc: number;
  clang: number;
  ratio: number;
  rounds: number;
}

export interface BuildPaths {
  kernelsDir: string;
  /** Root for this variant's files: build/ and, for slmcc, cache/ and the decision logs. */
  root: string;
  /** For slmcc variants: the plain build a warm rebuild is compared with, and how many interleaved rounds. */
  baseline?: { variant: Variant; rounds: number };
}

const BUILD_TIMEOUT_MS = 60 * 60_000;

async function make(kernelsDir: string, v: Variant, buildDir: string, targets: string[], jobs: number, env: Record<string, string>) {
  const t0 = performance.now();
  const r = await execa('make', ['-C', kernelsDir, `-j${jobs}`, `BUILD=${buildDir}`, `CC=${v.cc}`, `CFLAGS=${v.cflags}`, ...targets], {
    reject: false,
    timeout: BUILD_TIMEOUT_MS,
    env: { ...v.env, ...env },
    stdin: 'ignore',
    all: true,
  });
  const seconds = (performance.now() - t0) / 1000;
  const all = String(r.all ?? '');
  const tail = all.trim().split('\n').slice(-8).join('\n');
  return { ok: r.exitCode === 0 && !r.timedOut, seconds, error: r.timedOut ? 'build timed out' : tail, all };
}

export async function readDecisions(log: string): Promise<Decision[]> {
  let text: string;
  try {
    text = await fs.readFile(log, 'utf8');
  } catch {
    return [];
  }
  const out: Decision[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let d: Partial<DecisionRecord>;
    try {
      d = JSON.parse(line);
    } catch {
      continue;
    }
    const verdict = d.verdict;
    out.push({
      kernel: path.basename(String(d.source ?? '?')).replace(/\.c$/, ''),
      function: String(d.function ?? '?'),
      verdict: verdict?.kind ?? '?',
      speedup: verdict && 'speedup' in verdict ? verdict.speedup : undefined,
      reason: String(d.reason ?? (verdict && 'reason' in verdict ? verdict.reason : '')),
      from: String(d.from ?? '?'),
      proposer: verdict?.kind === 'candidate' ? (d.candidates?.find((c) => c.id === verdict.candidateId)?.provider ?? d.provider) : undefined,
    });
  }
  return out;
}

async function cacheCounters(cacheDir: string): Promise<Record<string, number>> {
  try {
    return (await summarise(cacheDir)).stats;
  } catch {
    return {};
  }
}

/** Builds `kernels` with `v`; returns where the programs are and what it cost. */
export async function buildVariant(v: Variant, kernels: string[], p: BuildPaths): Promise<BuildResult> {
  const buildDir = path.join(p.root, 'build');
  const targets = kernels.map((k) => path.join(buildDir, k));
  await fs.rm(buildDir, { recursive: true, force: true });
  if (!v.slmcc) {
    const r = await make(p.kernelsDir, v, buildDir, targets, 2, {});
    return { ok: r.ok, seconds: r.seconds, buildDir, error: r.ok ? undefined : r.error };
  }

  // slmcc times candidates while it builds: one compile at a time keeps its
  // timing probe from competing with another compile for the two cores.
  const cacheDir = path.join(p.root, 'cache');
  await fs.rm(cacheDir, { recursive: true, force: true });
  const phase = async (name: 'cold' | 'warm', before: Record<string, number>) => {
    const log = path.join(p.root, `decisions-${name}.jsonl`);
    await fs.rm(log, { force: true });
    await fs.rm(buildDir, { recursive: true, force: true });
    // The cold build is the quiet warm-up that decides (another slmcc elsewhere
    // on the machine must not leave the kernels pending); the warm one is a
    // plain rebuild served from the cache.
    const r = await make(p.kernelsDir, v, buildDir, targets, 1, { SLMCC_CACHE_DIR: cacheDir, SLMCC_LOG: log, ...(name === 'cold' ? { SLMCC_RETRY_PENDING: '1' } : {}) });
    await fs.writeFile(path.join(p.root, `build-${name}.log`), r.all).catch(() => {});
    const after = await cacheCounters(cacheDir);
    const delta = (k: string) => (k in after ? (after[k] ?? 0) - (before[k] ?? 0) : undefined);
    const info: BuildPhase = {
      seconds: r.seconds,
      modelRequests: delta('modelRequests'),
      hits: delta('hits'),
      misses: delta('misses'),
      decisions: await readDecisions(log),
    };
    return { r, info, after };
  };
  const cold = await phase('cold', {});
  if (!cold.r.ok) return { ok: false, seconds: cold.r.seconds, buildDir, error: cold.r.error, cold: cold.info };
  const warm = await phase('warm', cold.after);
  const rebuild = warm.r.ok && p.baseline ? await compareRebuilds(v, kernels, p, cacheDir) : undefined;
  return {
    ok: warm.r.ok,
    seconds: warm.r.seconds,
    buildDir,
    error: warm.r.ok ? undefined : warm.r.error,
    cold: cold.info,
    warm: warm.info,
    rebuild,
  };
}

/**
 * Rebuilds from clean with -j2, slmcc in cache-only mode (so nothing is
 * decided while the clock runs) against the baseline, alternating which goes
 * first, and compares medians. Builds into scratch folders: the programs the
 * benchmark runs stay those of the warm build.
 */
async function compareRebuilds(v: Variant, kernels: string[], p: BuildPaths, cacheDir: string): Promise<RebuildComparison | undefined> {
  const { variant: base, rounds } = p.baseline!;
  const times: { slmcc: number[]; clang: number[] } = { slmcc: [], clang: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['clang', 'slmcc'] as const) : (['slmcc', 'clang'] as const);
    for (const who of order) {
      const dir = path.join(p.root, `rebuild-${who}`);
      await fs.rm(dir, { recursive: true, force: true });
      const targets = kernels.map((k) => path.join(dir, k));
      const res =
        who === 'slmcc'
          ? await make(p.kernelsDir, v, dir, targets, 2, { SLMCC_CACHE_DIR: cacheDir, SLMCC_MODE: 'cache-only', SLMCC_LOG: path.join(p.root, 'decisions-rebuild.jsonl') })
          : await make(p.kernelsDir, base, dir, targets, 2, {});
      if (!res.ok) return undefined;
      times[who].push(res.seconds);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const slmcc = med(times.slmcc);
  const clang = med(times.clang);
  return { slmcc, clang, ratio: slmcc / clang, rounds };
}
