// The corpus of real-shaped programs (kernels/corpus): each one, built
// through slmcc with the builtin provider the way a Makefile builds it (each
// unit with -c, then a link), prints what the clang-19 -O3 build prints,
// numbers within a relative 1e-6, and passes its own check. Every kernel_*
// function gets a decision record that is not "unverifiable": the harness
// must drive functions of a file whose main calls into another unit. The one
// exception is calls_out.c, whose hot loop itself calls bs_weight from
// bench_support.c: it must be unverifiable, naming that symbol, and the
// program must still build and run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_PROGRAMS, kernelVerdicts, outputMismatch } from '../../src/bench/corpus.js';
import { CLANG, REPO, SLMCC, run, runAsync, slmccEnv, tempDir } from '../support/driver-env.js';

const CORPUS = path.join(REPO, 'kernels', 'corpus');
const SUPPORT = path.join(CORPUS, 'support', 'bench_support.c');

/** Small sizes, so each program runs in well under 0.2 s. */
const SMALL: Record<string, string[]> = {
  covariance: ['-DM=60', '-DN=80'],
  correlation: ['-DM=60', '-DN=80'],
  gemm: ['-DNI=60', '-DNJ=70', '-DNK=80'],
  '2mm': ['-DNI=40', '-DNJ=50', '-DNK=60', '-DNL=70'],
  syrk: ['-DM=60', '-DN=80'],
  trmm: ['-DM=60', '-DN=80'],
  atax: ['-DM=150', '-DN=170', '-DREPS=2'],
  bicg: ['-DM=150', '-DN=170', '-DREPS=2'],
  mvt: ['-DN=150', '-DREPS=2'],
  gesummv: ['-DN=150', '-DREPS=2'],
  gemver: ['-DN=150', '-DREPS=2'],
  jacobi_2d: ['-DN=60', '-DTSTEPS=10'],
  seidel_2d: ['-DN=60', '-DTSTEPS=10'],
  fdtd_2d: ['-DTMAX=10', '-DNX=60', '-DNY=70'],
  heat_3d: ['-DN=20', '-DTSTEPS=10'],
  seam_dp: ['-DH=120', '-DW=130', '-DR=4'],
  blur: ['-DH=100', '-DW=120', '-DPASSES=2'],
  histogram: ['-DH=100', '-DW=120', '-DREPS=2'],
  doitgen: ['-DNR=12', '-DNQ=14', '-DNP=16'],
  calls_out: ['-DN=100', '-DM=120', '-DREPS=1'],
};
const PROGRAMS = Object.keys(SMALL);
const CALLS_OUT = 'calls_out';

const work = tempDir('slmcc-corpus-');
const cache = path.join(work, 'cache');
/** Every kernel verdict seen, printed at the end (what the corpus reached this time). */
const seen: string[] = [];
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  if (seen.length) console.log(`corpus kernel verdicts:\n${seen.map((l) => `  ${l.slice(0, 240)}`).join('\n')}`);
});

interface Rec {
  source: string;
  function: string;
  verdict: { kind: string; reason?: string };
  reason: string;
}

function records(log: string): Rec[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Rec);
}

/** The kernel functions a corpus file defines (static or not). */
function kernelFunctions(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:static\s+)?void\s+(kernel_\w+)\s*\(/gm)].map((m) => m[1]);
}

describe('the corpus programs', () => {
  it('has at least 16 programs besides calls_out, each with its kernel_ function; the Makefile and the benchmark list them all', () => {
    const listed = run('make', ['-s', '-C', CORPUS, 'list'], { cwd: CORPUS }).stdout.trim().split(/\s+/);
    expect([...listed].sort()).toEqual([...PROGRAMS].sort());
    expect([...CORPUS_PROGRAMS]).toEqual(listed);
    expect(PROGRAMS.filter((p) => p !== CALLS_OUT).length).toBeGreaterThanOrEqual(16);
    for (const p of PROGRAMS) expect(kernelFunctions(path.join(CORPUS, `${p}.c`)), p).toEqual([`kernel_${p}`]);
  });

  it('the benchmark takes the verdict of a kernel from the warm build over the cold one, and only kernel_ functions and nests outlined from them', () => {
    const d = (kernel: string, fn: string, verdict: string) => ({ kernel, function: fn, verdict, reason: '', from: 'checked' });
    const cold = [d('gemm', 'kernel_gemm', 'undecided'), d('gemm', 'init_array', 'candidate'), d('atax', 'kernel_atax', 'original')];
    const warm = [d('gemm', 'kernel_gemm', 'candidate')];
    expect(kernelVerdicts('gemm', cold, warm).map((v) => [v.function, v.verdict])).toEqual([['kernel_gemm', 'candidate']]);
    expect(kernelVerdicts('atax', cold, warm).map((v) => v.verdict)).toEqual(['original']);
    expect(kernelVerdicts('mvt', cold, warm)).toEqual([]);
    // A nest outlined out of a kernel is recorded under its own name.
    const outlined = [d('calls_out', '__slmcc_loop_kernel_calls_out_1', 'unverifiable'), d('calls_out', '__slmcc_loop_main_1', 'candidate')];
    expect(kernelVerdicts('calls_out', outlined).map((v) => [v.function, v.verdict])).toEqual([['__slmcc_loop_kernel_calls_out_1', 'unverifiable']]);
  });

  it('the tolerance comparison (1e-6 relative) tells equal outputs from different ones', () => {
    expect(outputMismatch('checksum x 1.0000000000e+00\ncheck: ok\n', 'checksum x 1.0000000001e+00\ncheck: ok\n')).toBeUndefined();
    expect(outputMismatch('checksum x 1.0000000000e+00\n', 'checksum x 1.0001000000e+00\n')).toMatch(/line 1/);
    expect(outputMismatch('check: ok\n', 'check: FAILED x\n')).toMatch(/line 1/);
    expect(outputMismatch('a\nb\n', 'a\n')).toMatch(/lines/);
  });
});

describe.each(PROGRAMS)('corpus program %s through slmcc (builtin provider)', (name) => {
  it('prints what the clang-19 -O3 build prints and records a verdict for its kernel', async () => {
    const src = path.join(CORPUS, `${name}.c`);
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    const defs = SMALL[name];
    const inc = `-I${CORPUS}`;

    // The reference: clang-19 -O3, the same two units.
    const ref = run(CLANG, ['-O3', inc, ...defs, src, SUPPORT, '-lm', '-o', 'ref'], { cwd: dir });
    expect(ref.status, ref.stderr).toBe(0);
    const want = run(path.join(dir, 'ref'), [], { cwd: dir });
    expect(want.status, want.stdout + want.stderr).toBe(0);
    expect(want.stdout).toMatch(/^check: ok$/m);
    expect(want.stderr).toMatch(/^time=[\d.]+s /m);

    // Through slmcc, as make does it: each unit with -c, then the link.
    // SLMCC_RETRY_PENDING=1, the documented quiet warm-up: slmcc decides
    // even while a compile elsewhere on the machine is deciding, instead of
    // leaving the function pending with its harness never built.
    // SLMCC_MAX_FUNCTIONS=1: the kernel is each file's hottest function (a
    // file where it is not would have no record for it below). Its init,
    // check and print functions would triple the file's time; the corpus
    // benchmark's builds judge them.
    const log = path.join(dir, 'decisions.jsonl');
    const env = slmccEnv({ SLMCC_PROVIDER: 'builtin', SLMCC_CACHE_DIR: cache, SLMCC_LOG: log, SLMCC_RETRY_PENDING: '1', SLMCC_MAX_FUNCTIONS: '1' });
    const cc = await runAsync(SLMCC, ['-O3', inc, ...defs, '-c', src, '-o', 'prog.o'], { cwd: dir, env });
    expect(cc.status, cc.stderr).toBe(0);
    expect(cc.stderr).toBe('');
    const cs = await runAsync(SLMCC, ['-O3', inc, ...defs, '-c', SUPPORT, '-o', 'support.o'], { cwd: dir, env });
    expect(cs.status, cs.stderr).toBe(0);
    const link = await runAsync(SLMCC, ['-O3', 'prog.o', 'support.o', '-lm', '-o', 'prog'], { cwd: dir, env });
    expect(link.status, link.stderr).toBe(0);

    const got = run(path.join(dir, 'prog'), [], { cwd: dir });
    expect(got.status, got.stdout + got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^check: ok$/m);
    expect(outputMismatch(want.stdout, got.stdout), `${name}:\n--- clang-19 -O3\n${want.stdout}--- slmcc\n${got.stdout}`).toBeUndefined();

    // The decision record of each kernel function.
    const recs = records(log).filter((r) => path.basename(r.source) === `${name}.c`);
    const kernels = kernelFunctions(src);
    expect(kernels.length).toBeGreaterThan(0);
    for (const k of kernels) {
      // A nest outlined out of the kernel (it calls code in another file) is judged, and recorded, by itself.
      const mine = recs.filter((r) => r.function === k || new RegExp(`^__slmcc_loop_${k}_\\d+$`).test(r.function));
      expect(mine.length, `no decision record for ${k}; records: ${recs.map((r) => r.function).join(', ')}`).toBeGreaterThan(0);
      for (const r of mine) {
        const why = `${k}: ${r.verdict.kind}: ${r.reason}`;
        seen.push(`${name}/${why}`);
        // Decided, not merely left pending: a pending record says nothing about the harness.
        expect(r.reason, why).not.toMatch(/^pending/);
        if (name === CALLS_OUT) {
          expect(r.verdict.kind, why).toBe('unverifiable');
          expect(r.reason, why).toMatch(/\bbs_weight\b/);
        } else {
          expect(r.verdict.kind, why).not.toBe('unverifiable');
        }
      }
    }
  }, 600_000);
});
