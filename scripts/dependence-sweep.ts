// The dependence test against the sanitizers: every loop the test calls
// parallel, in every program we can run, is built alone parallel (the
// builtin's plan restricted to that loop) into its program, and run under
// TSan with Archer at 2 and 3 threads. A loop called parallel that races is
// a hole in the analysis; so is one whose program then fails its own check.
//
//   npx vite-node scripts/dependence-sweep.ts [--polybench DIR] [--only REGEX] [--fn REGEX] [--args 'ARGS'] [--define X=Y]... [--timeout SECONDS] [--log FILE] [--json FILE]
//   npm run sweep -- --polybench /path/to/PolyBenchC-4.2.1
//
// Programs: test/corpus/*.c with a main, kernels/src/*.c (with their drivers
// and references, size "small"), kernels/corpus/*.c (small sizes),
// kernels/tune/* (every unit of each program), and PolyBench/C 4.2.1 when
// --polybench names a copy of it (MINI_DATASET, arrays dumped and compared).
// Loops the program never reaches are counted as run but prove nothing;
// the report says how many loops ran at all (a counter per loop).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allLoops, analyze, type FunctionInfo, type Loop } from '../src/analysis/index.js';
import { fnContext, safeTest, type LoopVerdict } from '../src/analysis/dependence/index.js';
import type { LoopPlan } from '../src/core/plan.js';
import { applyPlan, spliceFunctions } from '../src/rewrite/index.js';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt('--only') ? new RegExp(opt('--only')!) : undefined;
const polybench = opt('--polybench');
/** Only loops of functions whose name matches (PolyBench: --fn ^kernel_). */
const fnFilter = opt('--fn') ? new RegExp(opt('--fn')!) : undefined;
/** Run arguments for every program chosen (smaller sizes for loops that time out under TSan). */
const runArgs = opt('--args')?.split(/\s+/).filter(Boolean);
/** Extra macros for every program chosen (after the sweep's own, so they win): --define REPS=3. */
const defines = args.flatMap((a, i) => (args[i - 1] === '--define' ? [`-D${a}`] : []));
const jsonOut = opt('--json');
const logFile = opt('--log');
/** Progress as it happens (vite-node holds console output back until exit). */
const say = (line: string) => {
  if (logFile) fs.appendFileSync(logFile, `${line}\n`);
  else process.stderr.write(`${line}\n`);
};
const THREADS = [2, 3];
const CC = 'clang-19';
const TIMEOUT = Number(opt('--timeout') ?? 120) * 1000;
// libomp dlopens Archer by bare name, which misses Debian's llvm directory;
// without it TSan does not see OpenMP's barriers and joins (src/verify/runs.ts does the same).
const ARCHER = ['/usr/lib/llvm-19/lib/libarcher.so'].find((p) => fs.existsSync(p));
if (!ARCHER) throw new Error('libarcher.so not found: TSan would report every join as a race');

/** One program: the unit whose loops are tried, how to preprocess it, what to link with it, how to run it. */
interface Program {
  name: string;
  unit: string;
  cppflags: string[];
  /** Other sources of the program (compiled with TSan too). */
  others: string[];
  run: string[];
  /** What the run's output is compared on. */
  compare: 'stdout' | 'both' | 'exit';
}

const TUNE_ARGS: Record<string, string[]> = { 'csr-lib': ['3000', '4'], particles: ['300', '3'], 'mc-lookup': ['-l', '20000', '-n', '24', '-g', '300'] };

function programs(): Program[] {
  const out: Program[] = [];
  const corpus = path.join(root, 'test', 'corpus');
  for (const f of fs
    .readdirSync(corpus)
    .filter((f) => f.endsWith('.c'))
    .sort()) {
    const file = path.join(corpus, f);
    if (!/\bint\s+main\s*\(/.test(fs.readFileSync(file, 'utf8'))) continue;
    out.push({ name: `test/corpus/${f}`, unit: file, cppflags: ['-I', corpus], others: [], run: [], compare: 'stdout' });
  }
  const k = path.join(root, 'kernels');
  for (const f of fs
    .readdirSync(path.join(k, 'src'))
    .filter((f) => f.endsWith('.c'))
    .sort()) {
    const name = f.replace(/\.c$/, '');
    out.push({
      name: `kernels/src/${f}`,
      unit: path.join(k, 'src', f),
      cppflags: ['-I', path.join(k, 'include')],
      others: [path.join(k, 'drivers', `${name}_main.c`), path.join(k, 'ref', `${name}_ref.c`)],
      run: ['small'],
      compare: 'exit',
    });
  }
  const kc = path.join(k, 'corpus');
  // Small sizes: every program's size macros, set low (the ones a program lacks are unused).
  const small = [
    '-DN=48',
    '-DM=40',
    '-DNI=40',
    '-DNJ=44',
    '-DNK=48',
    '-DNL=52',
    '-DTSTEPS=3',
    '-DW=40',
    '-DH=36',
    '-DNQ=20',
    '-DNR=16',
    '-DNP=24',
    '-DBINS=32',
    '-DNX=40',
    '-DNY=44',
    '-DTMAX=4',
    '-DREPS=1',
    '-DPASSES=1',
  ];
  for (const f of fs
    .readdirSync(kc)
    .filter((f) => f.endsWith('.c'))
    .sort())
    out.push({
      name: `kernels/corpus/${f}`,
      unit: path.join(kc, f),
      cppflags: ['-I', path.join(kc, 'support'), ...small],
      others: [path.join(kc, 'support', 'bench_support.c')],
      run: [],
      compare: 'stdout',
    });
  const tune = path.join(k, 'tune');
  for (const d of fs
    .readdirSync(tune)
    .filter((d) => fs.statSync(path.join(tune, d)).isDirectory())
    .sort()) {
    const dir = path.join(tune, d);
    const srcs = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.c'))
      .sort()
      .map((f) => path.join(dir, f));
    // Sizes TSan gets through in seconds (the programs' defaults take minutes under it).
    const run = TUNE_ARGS[d] ?? [];
    for (const s of srcs) out.push({ name: `kernels/tune/${d}/${path.basename(s)}`, unit: s, cppflags: ['-I', dir], others: srcs.filter((x) => x !== s), run, compare: 'stdout' });
  }
  if (polybench) {
    const util = path.join(polybench, 'utilities');
    const list = fs
      .readFileSync(path.join(util, 'benchmark_list'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    for (const rel of list) {
      const file = path.join(polybench, rel);
      out.push({
        name: `polybench/${rel.replace(/^\.\//, '')}`,
        unit: file,
        cppflags: ['-I', util, '-I', path.dirname(file), '-DMINI_DATASET', '-DPOLYBENCH_DUMP_ARRAYS'],
        others: [path.join(util, 'polybench.c')],
        run: [],
        compare: 'both',
      });
    }
  }
  return out.filter((p) => !only || only.test(p.name)).map((p) => ({ ...p, run: runArgs ?? p.run, cppflags: [...p.cppflags, ...defines] }));
}

function planOf(l: Loop, v: LoopVerdict): LoopPlan {
  const p: LoopPlan = { loop: l.id, parallel: true };
  if (v.private.length) p.private = v.private;
  if (v.lastprivate.length) p.lastprivate = v.lastprivate;
  if (v.reductions.length) p.reduction = v.reductions;
  if (v.schedule) p.schedule = v.schedule;
  if (v.aliasGuard) p.aliasGuard = v.aliasGuard;
  return p;
}

interface Outcome {
  program: string;
  fn: string;
  loop: string;
  line: number;
  clauses: string;
  result: 'ok' | 'race' | 'fails' | 'differs' | 'not reached' | 'no rewrite' | 'build failed' | 'timeout';
  detail?: string;
}

const TSAN_FLAGS = ['-fopenmp', '-fsanitize=thread', '-g', '-O1', '-w'];

function build(dir: string, name: string, unitText: string, p: Program): string | { error: string } {
  const unit = path.join(dir, `${name}.i`);
  fs.writeFileSync(unit, unitText);
  const exe = path.join(dir, name);
  // The program's other sources, compiled once per program.
  const objs = p.others.map((o, k) => {
    const obj = path.join(dir, `other${k}.o`);
    if (!fs.existsSync(obj)) {
      const c = spawnSync(CC, [...TSAN_FLAGS, ...p.cppflags, '-c', o, '-o', obj], { encoding: 'utf8', timeout: TIMEOUT });
      if (c.status !== 0) throw new Error(`${o} does not build: ${c.stderr.split('\n')[0]}`);
    }
    return obj;
  });
  const r = spawnSync(CC, [...TSAN_FLAGS, '-x', 'cpp-output', unit, '-x', 'none', ...objs, '-lm', '-o', exe], { encoding: 'utf8', timeout: TIMEOUT });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || '').split('\n').slice(0, 4).join(' ') };
  return exe;
}

interface RunResult {
  status: number | null;
  out: string;
  err: string;
  races: string[];
  timeout: boolean;
}

function run(exe: string, p: Program, threads: number, dir: string, mark?: string): RunResult {
  const logs = path.join(dir, `tsan-${threads}`);
  for (const f of fs.readdirSync(dir)) if (f.startsWith(`tsan-${threads}.`)) fs.rmSync(path.join(dir, f));
  const r = spawnSync(exe, p.run, {
    cwd: path.dirname(p.unit),
    encoding: 'utf8',
    timeout: TIMEOUT,
    maxBuffer: 1 << 28,
    env: {
      ...process.env,
      OMP_NUM_THREADS: String(threads),
      KERNEL_SIZE: 'small',
      ...(mark ? { SWEEP_MARK: mark } : {}),
      OMP_TOOL_LIBRARIES: ARCHER,
      TSAN_OPTIONS: `ignore_noninstrumented_modules=1 exitcode=66 log_path=${logs}`,
    },
  });
  const races: string[] = [];
  for (const f of fs.readdirSync(dir))
    if (f.startsWith(`tsan-${threads}.`)) {
      const t = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of t.matchAll(/WARNING: ThreadSanitizer: ([^\n]*)\n([\s\S]*?)\n\n/g)) races.push(`${m[1]}: ${(/#0 ([^\n]*)/.exec(m[2])?.[1] ?? '').trim()}`);
    }
  return { status: r.status, out: r.stdout ?? '', err: r.stderr ?? '', races, timeout: r.error?.message.includes('ETIMEDOUT') ?? false };
}

/** Strips what differs between runs of one program for reasons other than its results (times). */
const stable = (s: string) =>
  s
    .split('\n')
    .filter((l) => !/time|seconds|Runtime|elapsed|ms\b/i.test(l))
    .join('\n');

/** The function with a mark on entry: the run leaves a file behind when it reached the function that holds the loop. */
function marked(text: string): string {
  const mark = `{ static int __sweep_once; if (!__sweep_once) { __sweep_once = 1; extern char *getenv(const char *); extern int creat(const char *, unsigned int); const char *__sweep_p = getenv("SWEEP_MARK"); if (__sweep_p) creat(__sweep_p, 0600); } }`;
  return text.replace(/^([^{]*\{)/, `$1 ${mark}`);
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-sweep-'));
  const outcomes: Outcome[] = [];
  const progs = programs();
  let tried = 0;
  for (const p of progs) {
    let pp: string;
    try {
      pp = execFileSync(CC, ['-E', ...p.cppflags, p.unit], { encoding: 'utf8', maxBuffer: 1 << 28 });
    } catch (e) {
      say(`${p.name}: preprocess failed`);
      continue;
    }
    const tu = analyze(pp, { sourceFile: p.unit });
    const dir = fs.mkdtempSync(path.join(work, `${path.basename(p.unit, '.c')}-`));
    // The original program under TSan: its outputs are the reference.
    const refExe = build(dir, 'orig', pp, p);
    if (typeof refExe !== 'string') {
      say(`${p.name}: the original does not build: ${refExe.error}`);
      continue;
    }
    const refs = new Map(THREADS.map((t) => [t, run(refExe, p, t, dir)]));
    // A reference that did not finish cleanly compares with nothing.
    const bad = [...refs].find(([, r]) => r.timeout || r.races.length);
    if (bad) {
      say(`${p.name}: the original ${bad[1].timeout ? 'timed out' : 'races'} under TSan with ${bad[0]} threads; its loops are not tried`);
      continue;
    }
    const loops: { fn: FunctionInfo; l: Loop; v: LoopVerdict }[] = [];
    for (const fn of tu.functions) {
      const ctx = fnContext(tu, fn);
      if (!ctx || /#\s*pragma\s+omp\b/.test(fn.text) || (fnFilter && !fnFilter.test(fn.name))) continue;
      for (const l of allLoops(fn.loops)) {
        const v = safeTest(ctx, l);
        if (v.parallel) loops.push({ fn, l, v });
      }
    }
    say(`${p.name}: ${loops.length} loops called parallel`);
    for (const { fn, l, v } of loops) {
      tried++;
      const o: Outcome = { program: p.name, fn: fn.name, loop: l.id, line: l.sourceLine, clauses: JSON.stringify(planOf(l, v)), result: 'ok' };
      outcomes.push(o);
      const r = applyPlan(tu, fn, { function: fn.name, loops: [planOf(l, v)] });
      if (!('text' in r) || !r.text) {
        o.result = 'no rewrite';
        o.detail = 'reason' in r ? String(r.reason) : '';
        continue;
      }
      const text = marked(r.text);
      const exe = build(dir, `cand`, spliceFunctions(tu, [{ fn, text }]), p);
      const markFile = path.join(dir, 'reached');
      fs.rmSync(markFile, { force: true });
      if (typeof exe !== 'string') {
        o.result = 'build failed';
        o.detail = exe.error;
        continue;
      }
      for (const t of THREADS) {
        const got = run(exe, p, t, dir, markFile);
        const ref = refs.get(t)!;
        if (got.timeout) {
          o.result = 'timeout';
          break;
        }
        if (got.races.length) {
          o.result = 'race';
          o.detail = `${t} threads: ${[...new Set(got.races)].slice(0, 2).join('; ')}`;
          break;
        }
        if (got.status !== ref.status && got.status !== 0) {
          o.result = 'fails';
          o.detail = `${t} threads: exit ${got.status}: ${got.err.split('\n').slice(0, 2).join(' ')}`;
          break;
        }
        const same = p.compare === 'exit' || (stable(got.out) === stable(ref.out) && (p.compare !== 'both' || stable(got.err) === stable(ref.err)));
        if (!same) {
          o.result = 'differs';
          o.detail = `${t} threads`;
          break;
        }
      }
      // Did the run reach the loop's function at all? (the counter is set on entry)
      if (o.result === 'ok' && !fs.existsSync(markFile)) o.result = 'not reached';
      say(`  ${fn.name} ${l.id} (line ${l.sourceLine}): ${o.result}${o.detail ? ` (${o.detail})` : ''}`);
    }
  }
  const count = (r: Outcome['result']) => outcomes.filter((o) => o.result === r).length;
  say(
    `\nprograms ${progs.length}, loops called parallel and tried ${tried}: ok ${count('ok')}, race ${count('race')}, fails ${count('fails')}, differs ${count('differs')}, build failed ${count('build failed')}, no rewrite ${count('no rewrite')}, timeout ${count('timeout')}`,
  );
  for (const o of outcomes.filter((o) => o.result === 'race' || o.result === 'fails' || o.result === 'differs')) say(`  ${o.result}: ${o.program} ${o.fn} ${o.loop} line ${o.line}: ${o.detail ?? ''}`);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(outcomes, null, 1));
  fs.rmSync(work, { recursive: true, force: true });
}

main();
