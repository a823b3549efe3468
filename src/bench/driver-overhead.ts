import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loopFreeUnit } from './loop-free-unit.js';

const SLMCC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'slmcc');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * `make -j2` over 40 loop-free translation units, with clang-19 and with
 * slmcc, interleaved, medians. slmcc's overhead on files it leaves alone is
 * Node's start-up plus classification: this is the number to keep low.
 */
export async function runDriverOverhead(opts: { units: number; repeats: number }): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-overhead-'));
  const objs: string[] = [];
  for (let i = 0; i < opts.units; i++) {
    fs.writeFileSync(path.join(dir, `u${i}.c`), loopFreeUnit(i));
    objs.push(`u${i}.o`);
  }
  fs.writeFileSync(path.join(dir, 'Makefile'), `all: ${objs.join(' ')}\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\n`);
  const env = { ...process.env, SLMCC_CACHE_DIR: path.join(dir, 'cache') };
  const times: Record<string, number[]> = { 'clang-19': [], slmcc: [] };
  for (let r = 0; r < opts.repeats; r++) {
    for (const [name, cc] of [
      ['clang-19', 'clang-19'],
      ['slmcc', SLMCC],
    ] as const) {
      spawnSync('make', ['clean'], { cwd: dir });
      for (const o of objs) fs.rmSync(path.join(dir, o), { force: true });
      const t = performance.now();
      const res = spawnSync('make', ['-s', '-j2', `CC=${cc}`], { cwd: dir, env, stdio: 'inherit' });
      if (res.status !== 0) throw new Error(`make with ${cc} failed`);
      times[name].push((performance.now() - t) / 1000);
    }
  }
  const clang = median(times['clang-19']);
  const slmcc = median(times.slmcc);
  process.stdout.write(`make -j2, ${opts.units} loop-free units, median of ${opts.repeats} interleaved runs\n`);
  process.stdout.write(`| compiler | seconds | ratio |\n|---|---|---|\n`);
  process.stdout.write(`| clang-19 | ${clang.toFixed(3)} | 1.00 |\n| slmcc | ${slmcc.toFixed(3)} | ${(slmcc / clang).toFixed(2)} |\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  return 0;
}
