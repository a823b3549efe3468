import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * `slmcc --slmcc bench-one-file`: what a compile-and-link of one small file
 * (`slmcc x.c -o x`, then running x) costs against clang-19 once the
 * outcome is settled: the shape of c-testsuite, where each test is one
 * program built and run. Generated programs in a temporary folder; one
 * untimed first build with slmcc fills the cache; then each repeat builds
 * and runs every program with clang-19 and with slmcc (the settled second
 * build into the same cache), interleaved program by program, and times the
 * -c path of both for comparison. Medians of the per-repeat totals. A
 * benchmark, not a test: it prints a table and asserts nothing.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SLMCC = path.join(ROOT, 'bin', 'slmcc');
const CLANG = 'clang-19';

export interface BenchOneFileOptions {
  programs: number;
  repeats: number;
  /** Keep the folder (programs, cache) for a look afterwards. */
  keep?: boolean;
}

/**
 * Small self-contained programs in five shapes a test suite holds: no loop,
 * loops in main only, a while loop in a helper, a scalar loop in a helper,
 * a struct walk: none is a function the compile decides with a harness, so
 * every outcome settles on the first build.
 */
export function oneFileProgram(i: number): string {
  const head = '#include <stdio.h>\n#include <string.h>\n#include <stdlib.h>\n';
  switch (i % 5) {
    case 0:
      return `${head}static int sq(int x) { return x * x + ${i}; }\nint main(void) {\n  int a = sq(${i}), b = sq(a % 7);\n  if (a < 0) return 1;\n  printf("%d %d\\n", a, b);\n  return (a + b) % 2 == 2;\n}\n`;
    case 1:
      return `${head}int main(void) {\n  int a[${16 + i}], s = 0;\n  for (int k = 0; k < ${16 + i}; k++) a[k] = k * ${i + 1};\n  for (int k = 0; k < ${16 + i}; k++) s += a[k];\n  printf("%d\\n", s);\n  return 0;\n}\n`;
    case 2:
      return `${head}static int gcd(int a, int b) {\n  while (b) { int t = a % b; a = b; b = t; }\n  return a;\n}\nint main(void) {\n  printf("%d\\n", gcd(${i * 12 + 18}, ${i * 8 + 12}));\n  return gcd(4, 2) != 2;\n}\n`;
    case 3:
      return `${head}static long tri(long n) {\n  long s = 0;\n  for (long k = 1; k <= n; k++) s += k;\n  return s;\n}\nint main(void) {\n  printf("%ld\\n", tri(${100 + i}));\n  return tri(3) != 6;\n}\n`;
    default:
      return `${head}struct node { int v; struct node *next; };\nstatic int total(const struct node *p) {\n  int s = 0;\n  for (; p; p = p->next) s += p->v;\n  return s;\n}\nint main(void) {\n  struct node c = { ${i}, 0 }, b = { 2, &c }, a = { 1, &b };\n  printf("%d %zu\\n", total(&a), strlen("x${i}"));\n  return 0;\n}\n`;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One command's wall time in ms; throws when it fails, so a broken build never passes for a fast one. */
function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return ms;
}

export async function runBenchOneFile(opts: BenchOneFileOptions): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-one-file-'));
  const names = Array.from({ length: opts.programs }, (_, i) => `p${i}`);
  for (const [i, n] of names.entries()) fs.writeFileSync(path.join(dir, `${n}.c`), oneFileProgram(i));
  const env: NodeJS.ProcessEnv = { ...process.env, SLMCC_CACHE_DIR: path.join(dir, 'cache') };
  for (const k of Object.keys(env)) if (k.startsWith('SLMCC_') && k !== 'SLMCC_CACHE_DIR') delete env[k];
  env.SLMCC_PROVIDER = 'builtin';
  // Build and run: what a test suite pays per program.
  const linkRun = (cc: string, n: string) => timed(cc, ['-O2', `${n}.c`, '-o', n], dir, env) + timed(path.join(dir, n), [], dir, env);
  const compile = (cc: string, n: string) => timed(cc, ['-O2', '-c', `${n}.c`, '-o', `${n}.o`], dir, env);

  let first = 0;
  for (const n of names) first += linkRun(SLMCC, n);
  for (const n of names) compile(SLMCC, n);
  const rows = { clang: [] as number[], slmcc: [] as number[], clangC: [] as number[], slmccC: [] as number[] };
  for (let r = 0; r < opts.repeats; r++) {
    const sum = { clang: 0, slmcc: 0, clangC: 0, slmccC: 0 };
    // Interleaved program by program, the order alternating per repeat, so a
    // burst of load elsewhere falls on both sides alike.
    for (const n of names) {
      const pair =
        r % 2
          ? ([
              ['slmcc', SLMCC],
              ['clang', CLANG],
            ] as const)
          : ([
              ['clang', CLANG],
              ['slmcc', SLMCC],
            ] as const);
      for (const [side, cc] of pair) {
        sum[side] += linkRun(cc, n);
        sum[side === 'clang' ? 'clangC' : 'slmccC'] += compile(cc, n);
      }
    }
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) rows[k].push(sum[k]);
  }
  const clang = median(rows.clang);
  const slmcc = median(rows.slmcc);
  const clangC = median(rows.clangC);
  const slmccC = median(rows.slmccC);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    `${opts.programs} single-file programs, medians of ${opts.repeats} interleaved repeats (per repeat: every program once per row)`,
    '',
    '| what | total | per program | vs clang-19 |',
    '|---|---|---|---|',
    `| clang-19 -O2 x.c -o x, run | ${s(clang)} | ${(clang / opts.programs).toFixed(1)} ms | 1.00x |`,
    `| slmcc -O2 x.c -o x, run (first build, once) | ${s(first)} | ${(first / opts.programs).toFixed(1)} ms | ${(first / clang).toFixed(2)}x |`,
    `| slmcc -O2 x.c -o x, run (settled) | ${s(slmcc)} | ${(slmcc / opts.programs).toFixed(1)} ms | ${(slmcc / clang).toFixed(2)}x |`,
    `| clang-19 -O2 -c x.c | ${s(clangC)} | ${(clangC / opts.programs).toFixed(1)} ms | 1.00x |`,
    `| slmcc -O2 -c x.c (settled) | ${s(slmccC)} | ${(slmccC / opts.programs).toFixed(1)} ms | ${(slmccC / clangC).toFixed(2)}x |`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (opts.keep) process.stdout.write(`kept ${dir}\n`);
  else fs.rmSync(dir, { recursive: true, force: true });
  return 0;
}
