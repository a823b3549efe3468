// Pending work settles by itself (issue 26): a compile that leaves functions
// pending records them with their reasons and queues its source; a settler,
// started by the compile in the background, decides them into the cache;
// `status` shows what waits, and the next build picks the verdicts up.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { run, SLMCC, slmccEnv, tempDir } from '../support/driver-env.js';

const dir = tempDir('slmcc-settle-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const cache = path.join(dir, 'cache');
// A hot loop the harness cannot drive (it returns a pointer): decided without a timing probe, so the test never waits on the machine's load.
fs.writeFileSync(
  path.join(dir, 'k.c'),
  `double *scale(int n, double *a, const double *b) {
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 2.0 + b[i];
  return a;
}
`,
);
const env = (extra: Record<string, string> = {}) => slmccEnv({ SLMCC_CACHE_DIR: cache, ...extra });
const slmcc = (args: string[], extra: Record<string, string> = {}) => run(SLMCC, args, { cwd: dir, env: env(extra) });
const compile = (extra: Record<string, string> = {}) => slmcc(['-O2', '-c', 'k.c', '-o', 'k.o'], extra);

it('a cold parallel make records the source as pending with its reason, and status shows it waiting', () => {
  expect(compile({ MAKEFLAGS: '-j2' }).status).toBe(0);
  const report = slmcc(['--slmcc', 'report']).stdout;
  expect(report).not.toMatch(/no decisions recorded/);
  expect(report).toMatch(/undecided .*not decided inside a parallel make/);
  const status = slmcc(['--slmcc', 'status']).stdout;
  expect(status).toMatch(/^pending, to be settled in the background/m);
  expect(status).toMatch(/^k\.c\t.*parallel make/m);
});

it('the settler decides what waits, and neither status nor the next parallel build asks again', () => {
  const settled = slmcc(['--slmcc', 'settle', '--now']);
  expect(settled.stdout).toBe('1 source settled\n');
  expect(slmcc(['--slmcc', 'status']).stdout).toMatch(/^nothing pending$/m);
  const report = slmcc(['--slmcc', 'report']).stdout;
  expect(report).toMatch(/^scale +unverifiable/m);
  // The decision stands for the source: no "all hot functions" row any more.
  expect(report).not.toMatch(/all hot functions/);
  expect(compile({ MAKEFLAGS: '-j2' }).status).toBe(0);
  expect(slmcc(['--slmcc', 'status']).stdout).toMatch(/^nothing pending$/m);
});

it('a serial build finds the settled verdict in the cache', () => {
  expect(compile({ SLMCC_VERBOSE: '1' }).stderr).toMatch(/scale: unverifiable: returns a pointer.*\(cached\)/);
});

it('a compile that leaves work pending starts the settler by itself, detached and at the lowest priority', async () => {
  // An edit is new work.
  fs.appendFileSync(path.join(dir, 'k.c'), '/* edited */\n');
  expect(compile({ MAKEFLAGS: '-j2', SLMCC_SETTLE: '1' }).status).toBe(0);
  const lock = path.join(cache, 'pending-work', 'settle.lock');
  let pid: number | undefined;
  for (let i = 0; i < 100 && pid === undefined; i++) {
    if (fs.existsSync(lock)) pid = JSON.parse(fs.readFileSync(lock, 'utf8')).pid;
    // It may have settled already on a quiet machine.
    else if (/^nothing pending$/m.test(slmcc(['--slmcc', 'status']).stdout)) return;
    else await new Promise((r) => setTimeout(r, 100));
  }
  expect(pid).toBeDefined();
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 19 (after the command name) is the nice value.
    expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])).toBe(19);
    expect(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toMatch(/--slmcc\0settle/);
  } finally {
    try {
      process.kill(pid!, 'SIGTERM');
    } catch {
      /* finished meanwhile */
    }
  }
});

it('a serial build that decides what a parallel one left pending takes it off the list', () => {
  fs.writeFileSync(path.join(dir, 'm.c'), fs.readFileSync(path.join(dir, 'k.c'), 'utf8').replace('scale', 'shift'));
  const m = (extra: Record<string, string> = {}) => slmcc(['-O2', '-c', 'm.c', '-o', 'm.o'], extra);
  expect(m({ MAKEFLAGS: '-j2' }).status).toBe(0);
  expect(slmcc(['--slmcc', 'status']).stdout).toMatch(/^m\.c\t.*parallel make/m);
  expect(m().status).toBe(0);
  expect(slmcc(['--slmcc', 'status']).stdout).not.toMatch(/^m\.c\t/m);
});
