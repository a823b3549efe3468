// The probe's own sandbox is not other load (issue 26): bubblewrap's PID
// namespace hides the harness runs' CPU from the machine-wide accounting,
// and a quiet machine read as 0.4 cores busy, so every compile came back
// undecided. The runs now report their own threads' waits for a core, and
// only those can call a probe off.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { spliceFunctions } from '../../src/rewrite/index.js';
import { buildHarness, compileShipped, linkableCandidate } from '../../src/verify/build.js';
import { DISTURBED } from '../../src/verify/disturbance.js';
import { CAND, generateHarness, planHarness } from '../../src/verify/harness.js';
import { probe, scaleInput } from '../../src/verify/probe.js';
import { forgetSandboxProbe, sandboxProbe } from '../../src/verify/sandbox.js';
import { harnessOptions } from '../../src/verify/verify.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-sandboxed-probe-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const config = { ...loadConfig({}).config, threads: 2 };

const KERNEL = `static void kern(int n, double *restrict a, const double *restrict b) {
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 0.5 + b[i] * b[i];
}
`;
const PARALLEL_KERN = `static void kern(int n, double *restrict a, const double *restrict b) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 0.5 + b[i] * b[i];
}`;

it('with the default sandbox, every timed run reports its own threads, and only their waits can call the probe off', async () => {
  delete process.env.SLMCC_SANDBOX;
  forgetSandboxProbe();
  expect((await sandboxProbe()).ok).toBe(true);
  const file = path.join(scratch, 'kern.c');
  fs.writeFileSync(file, KERNEL);
  const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
  const fn = tu.functions.find((f) => f.name === 'kern')!;
  const obj = await compileShipped(['clang-19'], ['-O2'], 'plain', spliceFunctions(tu, [{ fn, text: PARALLEL_KERN }]), scratch, 'cand', {});
  if (!obj.ok) throw new Error(obj.detail);
  const plan = planHarness(fn, tu);
  const linkable = await linkableCandidate(obj.obj, fn.name, CAND, scratch, plan.globals);
  if (!linkable.ok) throw new Error(linkable.detail);
  const built = await buildHarness(['clang-19'], ['-O2'], 'plain', generateHarness(tu, fn, { defines: linkable.defines }, harnessOptions(config, ['-O2'])), scratch, 'h', linkable.obj);
  expect(built.ok, built.detail).toBe(true);

  const original = { name: 'original', exe: built.exe, which: 0 as const };
  const scale = await scaleInput(original, { plan, n: 1000, mult: 0, threads: 2 });
  if ('error' in scale) throw new Error(scale.error);
  const p = await probe([original, { name: 'c1', exe: built.exe, which: 1 }], scale, 2, config.margin);

  expect(p.failures).toEqual({});
  expect(p.waited?.original).toHaveLength(p.rounds);
  expect(p.waited?.c1).toHaveLength(p.rounds);
  // The candidate's team is sampled thread by thread: its work and balance.
  expect(p.work?.c1.sumMs).toBeGreaterThan(0);
  expect(p.work?.c1.balance).toBeGreaterThan(0);
  // The sandbox's own CPU (bwrap, namespaces, Node) is never "other processes".
  expect(p.busy ?? '').not.toMatch(/other processes used/);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const quiet = Object.values(p.waited ?? {}).every((w) => median(w) <= DISTURBED);
  // A quiet machine decides, sandboxed as by default.
  if (quiet) expect(p.busy).toBeUndefined();
  else expect(p.busy).toMatch(/waited \d+% of (its|their) time for a core/);
}, 300_000);
