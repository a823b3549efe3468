// Checked is shipped (issue 16): the harness runs the candidate's own object,
// compiled from the very unit and flags the driver compiles for the user, so
// what the checks judge is what the program gets: its name, its unit's
// globals, its calls to itself. And the verdict's nonce is out of the
// candidate's reach: not in argv, not in the environment, stdin closed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { classify, flagTokens } from '../../src/driver/index.js';
import { objectFor } from '../../src/driver/rewritten-compile.js';
import { spliceFunctions } from '../../src/rewrite/index.js';
import { buildHarness, compileShipped, linkableCandidate } from '../../src/verify/build.js';
import { CAND, generateHarness, planHarness } from '../../src/verify/harness.js';
import { failureOf, verifyFunction } from '../../src/verify/index.js';
import { harnessOptions } from '../../src/verify/verify.js';
import { newNonce, runSet } from '../../src/verify/runs.js';
import { runContained } from '../../src/verify/sandbox.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-shipped-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const config = { ...loadConfig({}).config, threads: 2 };

function unitOf(name: string, source: string) {
  const dir = fs.mkdtempSync(path.join(scratch, `${name}-`));
  const file = path.join(dir, `${name}.c`);
  fs.writeFileSync(file, source);
  const pp = execFileSync('clang-19', ['-E', file], { encoding: 'utf8' });
  return { dir, file, tu: analyze(pp, { sourceFile: file }) };
}

const KERNEL = `#include <stdio.h>
#include <stdlib.h>
double bias = 0.25;
static void kern(int n, double *restrict a) {
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 2.0 + bias;
}
int main(void) {
  double *a = calloc(4000, sizeof *a);
  kern(4000, a);
  printf("%f\\n", a[7]);
  return 0;
}
`;
const PARALLEL_KERN = `static void kern(int n, double *restrict a) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 2.0 + bias;
}`;

describe('the checked object is the shipped compile', () => {
  it('verify compiles the spliced unit to the same bytes the driver places', async () => {
    const { dir, file, tu } = unitOf('kern', KERNEL);
    const fn = tu.functions.find((f) => f.name === 'kern')!;
    const unit = spliceFunctions(tu, [{ fn, text: PARALLEL_KERN }]);
    const c = classify(['-O2', '-std=gnu11', '-c', file, '-o', path.join(dir, 'kern.o')]);
    if (c.kind !== 'compile') throw new Error(c.kind);
    const codeFlags = flagTokens(c.parsed, ['code', 'arch']);
    const checked = await compileShipped(['clang-19'], codeFlags, 'plain', unit, dir, 'cand0', {});
    expect(checked.ok, !checked.ok ? checked.detail : '').toBe(true);
    const placed = fs.mkdtempSync(path.join(dir, 'placed-'));
    const shipped = await objectFor(['clang-19'], c.parsed, { kind: 'unit', unit: { main: unit } }, placed, dir);
    if ('error' in shipped) throw new Error(shipped.error);
    expect(fs.readFileSync(checked.ok ? checked.obj : '').equals(fs.readFileSync(shipped.obj))).toBe(true);
  });

  it('a static kernel called with constant arguments stays callable as itself: the keep-alive defeats specialisation', async () => {
    const { tu } = unitOf('kern', KERNEL);
    const fn = tu.functions.find((f) => f.name === 'kern')!;
    const r = await verifyFunction({ tu, fn, cc: ['clang-19'], codeFlags: ['-O2'], config, candidates: [{ id: 'par', origin: { provider: 'builtin' }, form: 'code', text: PARALLEL_KERN }] });
    const rec = r.candidates[0];
    for (const check of rec.checks.filter((k) => k.check !== 'timing')) expect(check.ok, `${check.check}: ${check.detail}`).toBe(true);
    expect(rec.checks.map((k) => k.check)).toEqual(expect.arrayContaining(['screen', 'compile', 'differential', 'tsan', 'asan']));
  }, 300_000);
});

describe('a candidate that calls itself behaves in the checks as in the object', () => {
  const SOURCE = `void halves(int n, double *restrict a) {
  if (n <= 0) return;
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 0.5 + 1.0;
  halves(n / 2, a);
}
`;
  // Right wherever it is called from outside; wrong at n == 3, which only its
  // own recursion reaches (7 -> 3, 27 -> 13 -> 6 -> 3). A harness whose
  // candidate recursed into the original would have passed it.
  const WRONG_IN_RECURSION = `void halves(int n, double *restrict a) {
  if (n <= 0) return;
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 0.5 + 1.0;
  if (n == 3) a[0] += 1.0;
  halves(n / 2, a);
}`;

  it('its recursion reaches the candidate, and the differential run refuses it', async () => {
    const { tu } = unitOf('halves', SOURCE);
    const fn = tu.functions.find((f) => f.name === 'halves')!;
    const r = await verifyFunction({
      tu,
      fn,
      cc: ['clang-19'],
      codeFlags: ['-O2'],
      config,
      secondLineOnly: true,
      candidates: [{ id: 'self', origin: { provider: 'ollama' }, form: 'code', text: WRONG_IN_RECURSION }],
    });
    expect(r.verdict.kind).not.toBe('candidate');
    const f = failureOf(r.candidates[0]);
    expect(f?.check).toBe('differential');
    expect(f?.detail).toMatch(/outputs differ at a\[0\]/);
  }, 300_000);
});

describe("the verdict nonce is out of the candidate's reach", () => {
  // Compiled straight into its unit, past the screen (which would refuse
  // every call in it): it looks for the nonce in the places a process can
  // read about itself and its sandbox, prints every candidate token as a
  // verdict line, and exits 0 before the harness can print its own.
  const SNOOP = `void hk_scale(int n, double *restrict a) {
  extern char **environ;
  static char buf[1 << 16];
  static const char *const files[] = { "/proc/self/cmdline", "/proc/1/cmdline", "/proc/self/environ", "/proc/1/environ", "/proc/self/fd/0", "/dev/stdin" };
  int found = 0;
  for (int f = 0; f < 6; f++) {
    FILE *fp = fopen(files[f], "r");
    size_t len = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp) fclose(fp);
    for (size_t i = 0; i + 24 <= len; i++) {
      int hex = 1;
      for (size_t k = 0; k < 24 && hex; k++) hex = (buf[i + k] >= '0' && buf[i + k] <= '9') || (buf[i + k] >= 'a' && buf[i + k] <= 'f');
      if (hex) { printf("OK %.24s\\nTIME %.24s 1\\n", buf + i, buf + i); found++; }
    }
  }
  for (char **e = environ; *e; e++) printf("OK %s\\n", *e);
  char line[128];
  if (fgets(line, sizeof line, stdin)) { printf("OK %s", line); found++; }
  printf("SEARCHED %d\\n", found);
  fflush(stdout);
  exit(0);
}`;

  it("neither /proc/self/cmdline, the sandbox init's cmdline, environ nor stdin gives it away", async () => {
    const src = path.join(__dirname, '..', 'fixtures', 'hostile', 'prog.c');
    const pp = execFileSync('clang-19', ['-E', src], { encoding: 'utf8' });
    const tu = analyze(pp, { sourceFile: src });
    const fn = tu.functions.find((f) => f.name === 'hk_scale')!;
    const dir = fs.mkdtempSync(path.join(scratch, 'snoop-'));
    const unit = spliceFunctions(tu, [{ fn, text: SNOOP }]);
    const obj = await compileShipped(['clang-19'], ['-O2'], 'plain', unit, dir, 'snoop', {});
    if (!obj.ok) throw new Error(obj.detail);
    const plan = planHarness(fn, tu);
    const linkable = await linkableCandidate(obj.obj, fn.name, CAND, dir, plan.globals);
    if (!linkable.ok) throw new Error(linkable.detail);
    const harness = generateHarness(tu, fn, { defines: linkable.defines }, harnessOptions(config, ['-O2']));
    const built = await buildHarness(['clang-19'], ['-O2'], 'plain', harness, dir, 'snoop', linkable.obj);
    expect(built.ok, built.detail).toBe(true);

    const nonce = newNonce();
    const r = await runContained(built.exe, ['check', '7', '0', '-1', '-1', '0', '13', '1', '0', '0', '0'], { wallMs: 20_000, cpuSeconds: 20, stdin: `${nonce}\n` });
    expect(r.stdout).toMatch(/^SEARCHED \d+$/m);
    expect(r.stdout).not.toContain(nonce);
    expect(r.code).toBe(0);
    // What the verify flow makes of it: a candidate that exits early with a forged verdict fails.
    const set = await runSet(built.exe, 'plain', { name: 'odd n=7', n: 7, distinct: false, seed: 13, mult: 0 }, 1, { threads: 2, wallMs: 20_000 });
    expect(set.ok).toBe(false);
  }, 300_000);
});
