import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loopFreeUnit } from './loop-free-unit.js';

/*
 * `slmcc --slmcc bench-builds`: what whole builds cost with slmcc against
 * clang-19, the measurement issue 12 ("builds pay once") asks for. Same
 * approach as `overhead` (driver-overhead.ts): generated sources, `make -jN`,
 * clang-19 and slmcc runs interleaved within each repeat, medians. slmcc runs
 * through bin/slmcc (the shell fast path included, as a user gets it) with
 * SLMCC_PROVIDER=builtin and a fresh SLMCC_CACHE_DIR per measured state.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SLMCC = path.join(ROOT, 'bin', 'slmcc');
const CLANG = 'clang-19';

export interface BenchBuildsOptions {
  repeats: number;
  /** row a: generated files with one loop nest each */
  loopUnits: number;
  /** row c: generated loop-free files */
  units: number;
  /** row b: a project with a Makefile that honours CC and has `clean` (default kernels/interp) */
  project: string;
  jobs: number;
  /** out: where the table goes (stdout) */
  out?: (s: string) => void;
}

interface Row {
  what: string;
  clang: number;
  slmcc: number;
  target?: number;
  note?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function load(): string {
  const [a, b, c] = os.loadavg();
  return `${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)}`;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const res = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${cwd} failed (${res.status}): ${(res.stderr ?? '').slice(-2000)}`);
}

/** `make clean`, then a timed `make -jN CC=cc`; seconds. */
function timedBuild(dir: string, cc: string, jobs: number, env: NodeJS.ProcessEnv): number {
  run('make', ['-s', 'clean'], dir, env);
  const t = performance.now();
  run('make', ['-s', `-j${jobs}`, `CC=${cc}`], dir, env);
  return (performance.now() - t) / 1000;
}

function slmccEnv(cacheDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SLMCC_PROVIDER: 'builtin', SLMCC_CACHE_DIR: cacheDir, ...extra };
  // Settings that would change what is measured.
  for (const k of ['SLMCC_LOG', 'SLMCC_RETRY_PENDING', 'SLMCC_DISABLE', 'SLMCC_MODE', 'SLMCC_REMOTE_STORAGE', 'SLMCC_VERBOSE', 'SLMCC_PROGRESS', 'SLMCC_RECORD']) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

/** One loop nest per file: the shape issue 12's first measurement used. */
function loopUnit(i: number): string {
  return `void k${i}(int n, const double *restrict a, double *restrict b) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      b[i * n + j] = a[i * n + j] * 2.0 + ${i};
}
`;
}

function generated(dir: string, n: number, unit: (i: number) => string): string {
  fs.mkdirSync(dir, { recursive: true });
  const objs: string[] = [];
  for (let i = 0; i < n; i++) {
    fs.writeFileSync(path.join(dir, `u${i}.c`), unit(i));
    objs.push(`u${i}.o`);
  }
  fs.writeFileSync(path.join(dir, 'Makefile'), `all: ${objs.join(' ')}\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\nclean:\n\trm -f *.o\n`);
  return dir;
}

interface Tally {
  records: number;
  decided: number;
  pendingParallel: number;
  pendingBusy: number;
  pendingOther: number;
  notWorth: number;
  other: number;
}

/** What the decision log of one cache says about the builds that wrote it. */
export function tallyDecisions(logFile: string): Tally {
  const t: Tally = { records: 0, decided: 0, pendingParallel: 0, pendingBusy: 0, pendingOther: 0, notWorth: 0, other: 0 };
  if (!fs.existsSync(logFile)) return t;
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let r: { reason?: string; verdict?: { kind?: string } | string; from?: string };
    try {
      r = JSON.parse(line);
    } catch {
      continue;
    }
    t.records++;
    const kind = typeof r.verdict === 'string' ? r.verdict : r.verdict?.kind;
    const reason = r.reason ?? '';
    if (kind === 'undecided' || /^pending/.test(reason) || /machine busy/.test(reason)) {
      if (/parallel build|deciding at the same time/.test(reason)) t.pendingParallel++;
      else if (/busy|load/.test(reason)) t.pendingBusy++;
      else t.pendingOther++;
    } else if (/not decided at compile time/.test(reason)) t.notWorth++;
    else if (kind === 'candidate' || kind === 'polly' || kind === 'original') t.decided++;
    else t.other++;
  }
  return t;
}

function describeTally(t: Tally): string {
  return (
    `${t.records} decision records: ${t.pendingParallel} pending because of the parallel build, ` +
    `${t.pendingBusy} undecided because the probe saw other load, ${t.decided} decided (harness + checks + probe), ` +
    `${t.notWorth} skipped as not worth deciding, ${t.pendingOther + t.other} other (unverifiable, no loops to judge)`
  );
}

/** A copy of a project without its build products, for a second checkout. */
function copyProject(src: string, dst: string): void {
  fs.cpSync(src, dst, {
    recursive: true,
    filter: (p) => {
      const rel = path.relative(src, p);
      return !(rel === 'obj' || rel.startsWith(`obj${path.sep}`) || /\.o$/.test(rel) || rel === 'il');
    },
  });
}

export async function runBenchBuilds(opts: BenchBuildsOptions): Promise<number> {
  const out = opts.out ?? ((s: string) => void process.stdout.write(s));
  const note = (s: string) => void process.stderr.write(`bench-builds: ${s}\n`);
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-bench-builds-'));
  const base = { ...process.env };
  const loads: string[] = [load()];
  const rows: Row[] = [];
  let cacheN = 0;
  const freshCache = () => path.join(top, `cache-${cacheN++}`);
  try {
    // a. loop files: clang; slmcc into an empty cache; slmcc again into that cache.
    const loopDir = generated(path.join(top, 'loops'), opts.loopUnits, loopUnit);
    const a = { clang: [] as number[], first: [] as number[], second: [] as number[] };
    const tallies: Tally[] = [];
    for (let r = 0; r < opts.repeats; r++) {
      note(`loop files, repeat ${r + 1}/${opts.repeats} (load ${load()})`);
      a.clang.push(timedBuild(loopDir, CLANG, opts.jobs, base));
      const cache = freshCache();
      a.first.push(timedBuild(loopDir, SLMCC, opts.jobs, slmccEnv(cache)));
      tallies.push(tallyDecisions(path.join(cache, 'decisions.jsonl')));
      a.second.push(timedBuild(loopDir, SLMCC, opts.jobs, slmccEnv(cache)));
    }
    const firstTally = tallies[0];
    rows.push({
      what: `${opts.loopUnits} loop files, first build, empty cache`,
      clang: median(a.clang),
      slmcc: median(a.first),
      note: describeTally(firstTally),
    });
    rows.push({ what: `${opts.loopUnits} loop files, second build, same cache`, clang: median(a.clang), slmcc: median(a.second), target: 1.3 });
    loads.push(load());

    // b. the project: clang; slmcc with an empty cache; slmcc with a cache warmed in another checkout.
    const name = path.basename(opts.project);
    const here = path.join(top, 'checkout-a', name);
    const there = path.join(top, 'checkout-b', name);
    copyProject(opts.project, here);
    copyProject(opts.project, there);
    // The warm-up a CI job would do in its own checkout: the ordinary build, then a
    // quiet -j1 build that settles what the parallel build left pending.
    const warm = freshCache();
    fs.mkdirSync(warm, { recursive: true });
    note(`warming a cache in ${there} (make -j${opts.jobs}, then SLMCC_RETRY_PENDING=1 make -j1)`);
    timedBuild(there, SLMCC, opts.jobs, slmccEnv(warm));
    run('make', ['-s', 'clean'], there, base);
    run('make', ['-s', '-j1', `CC=${SLMCC}`], there, slmccEnv(warm, { SLMCC_RETRY_PENDING: '1' }));
    const warmTally = tallyDecisions(path.join(warm, 'decisions.jsonl'));
    const b = { clang: [] as number[], empty: [] as number[], warm: [] as number[] };
    const emptyTallies: Tally[] = [];
    for (let r = 0; r < opts.repeats; r++) {
      note(`${name}, repeat ${r + 1}/${opts.repeats} (load ${load()})`);
      b.clang.push(timedBuild(here, CLANG, opts.jobs, base));
      const empty = freshCache();
      b.empty.push(timedBuild(here, SLMCC, opts.jobs, slmccEnv(empty)));
      emptyTallies.push(tallyDecisions(path.join(empty, 'decisions.jsonl')));
      // A copy of the warm cache each time, so every measured build is the first one from this checkout.
      const copy = freshCache();
      fs.cpSync(warm, copy, { recursive: true });
      b.warm.push(timedBuild(here, SLMCC, opts.jobs, slmccEnv(copy)));
    }
    const nfiles = fs.readdirSync(here, { recursive: true }).filter((f) => String(f).endsWith('.c')).length;
    rows.push({
      what: `${name} (${nfiles} .c files), empty cache`,
      clang: median(b.clang),
      slmcc: median(b.empty),
      target: 2,
      note: describeTally(emptyTallies[0]),
    });
    rows.push({
      what: `${name}, cache warmed in another checkout`,
      clang: median(b.clang),
      slmcc: median(b.warm),
      target: 1.2,
      note: `warm-up: ${describeTally(warmTally)}`,
    });
    loads.push(load());

    // c. loop-free files: slmcc's cost on what it leaves alone (driver-overhead.ts's measurement).
    const freeDir = generated(path.join(top, 'loop-free'), opts.units, loopFreeUnit);
    const freeCache = freshCache();
    const c = { clang: [] as number[], slmcc: [] as number[] };
    for (let r = 0; r < opts.repeats; r++) {
      note(`loop-free files, repeat ${r + 1}/${opts.repeats} (load ${load()})`);
      c.clang.push(timedBuild(freeDir, CLANG, opts.jobs, base));
      c.slmcc.push(timedBuild(freeDir, SLMCC, opts.jobs, slmccEnv(freeCache)));
    }
    rows.push({ what: `${opts.units} loop-free files`, clang: median(c.clang), slmcc: median(c.slmcc), target: 1.06 });
    loads.push(load());

    out(`make -j${opts.jobs}, SLMCC_PROVIDER=builtin, medians of ${opts.repeats} interleaved runs; load average (1/5/15 min) at each stage: ${loads.join(' | ')}\n\n`);
    out(`| what | clang-19 s | slmcc s | ratio | target | met? |\n|---|---|---|---|---|---|\n`);
    for (const row of rows) {
      const ratio = row.slmcc / row.clang;
      const target = row.target === undefined ? 'report' : `≤ ${row.target}x`;
      const met = row.target === undefined ? 'n/a' : ratio <= row.target ? 'yes' : 'no';
      out(`| ${row.what} | ${row.clang.toFixed(2)} | ${row.slmcc.toFixed(2)} | ${ratio.toFixed(2)}x | ${target} | ${met} |\n`);
    }
    out('\n');
    for (const row of rows) if (row.note) out(`- ${row.what}: ${row.note}\n`);
    return 0;
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
}

export const DEFAULT_PROJECT = path.join(ROOT, 'kernels', 'interp');
