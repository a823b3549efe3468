// The benchmark's plumbing, end to end at the small size: it builds every
// variant through kernels/Makefile, runs them interleaved, and writes a
// table, JSON, Markdown and an SVG. A stand-in compiler takes slmcc's row
// (the real one has its own suites), including one that miscompiles, which
// the table must call out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../src/bench/kernels.js';
import type { BenchResult } from '../../src/bench/report.js';
import { parseKernelLine } from '../../src/bench/run-kernel.js';
import { geomean, median } from '../../src/bench/stats.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-bench-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function bench(name: string, slmcc: string, kernels: string[]) {
  const out = path.join(tmp, name);
  let text = '';
  const code = await runBench({
    quick: false,
    repeats: 2,
    kernels,
    outDir: out,
    json: path.join(out, 'bench.json'),
    markdown: path.join(out, 'bench.md'),
    svg: path.join(out, 'bench.svg'),
    slmcc,
    size: 'small',
    log: () => {},
    out: (t) => void (text += t),
  });
  const json = JSON.parse(fs.readFileSync(path.join(out, 'bench.json'), 'utf8')) as BenchResult;
  return { code, text, json, out };
}

describe('bench helpers', () => {
  it('reads the one-line report of a kernel program', () => {
    expect(parseKernelLine('kernel=fft size=1024 checksum=1.5e+04 time=0.000163s ok\n')).toEqual({
      ok: true,
      seconds: 0.000163,
      size: 1024,
      checksum: 15000,
      failure: undefined,
    });
    expect(parseKernelLine('kernel=bfs size=9 checksum=0 time=0.1s FAIL vertex 3: dist 2, reference 1')).toMatchObject({
      ok: false,
      failure: 'vertex 3: dist 2, reference 1',
    });
    expect(parseKernelLine('Segmentation fault')).toBeUndefined();
  });

  it('takes medians and geometric means', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(geomean([2, 0.5])).toBeCloseTo(1);
  });
});

describe('runBench', () => {
  it('builds every variant, runs them interleaved and writes the table, JSON, Markdown and SVG', async () => {
    const { code, text, json, out } = await bench('plumbing', 'clang-19', ['matmul', 'bfs']);
    expect(code).toBe(0);
    expect(json.kernels).toEqual(['matmul', 'bfs']);
    expect(json.variants.map((v) => v.id)).toEqual(expect.arrayContaining(['O3', 'polly', 'slmcc-builtin']));
    for (const r of json.rows) {
      expect(r.correct).toBe(true);
      expect(r.times.O3?.runs).toHaveLength(2);
      expect(r.overO3['slmcc-builtin']).toBeGreaterThan(0);
      expect(r.overBest['slmcc-builtin']).toBeGreaterThan(0);
    }
    const b = json.builds['slmcc-builtin']!;
    expect(b.cold?.seconds).toBeGreaterThan(0);
    expect(b.warm?.seconds).toBeGreaterThan(0);
    expect(b.rebuild?.ratio).toBeGreaterThan(0);
    expect(text).toMatch(/make -j2 from clean with every verdict cached: [\d.]+ s against clang-19 -O3's [\d.]+ s, [\d.]+x/);
    expect(text).toMatch(/^kernel\s+-O3 s\s+Polly s/m);
    expect(text).toMatch(/^matmul .* yes$/m);
    expect(text).toMatch(/slmcc \(builtin\): cold build [\d.]+ s .* warm rebuild [\d.]+ s/);
    expect(fs.readFileSync(path.join(out, 'bench.md'), 'utf8')).toMatch(/\| matmul \|.*\| yes \|/);
    const svg = fs.readFileSync(path.join(out, 'bench.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title>matmul');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('refuses an --opt that is not an optimisation level, before building anything', async () => {
    const lines: string[] = [];
    const code = await runBench({ quick: true, repeats: 1, outDir: path.join(tmp, 'badopt'), opt: '-O9', log: (l) => lines.push(l), out: () => {} });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^bench: --opt -O9 is not an optimisation level/)]);
    expect(fs.existsSync(path.join(tmp, 'badopt'))).toBe(false);
  });

  it('marks a variant whose output is wrong, and exits 1', async () => {
    // A "compiler" that builds a subtly wrong matmul whatever it is given.
    const bad = path.join(tmp, 'bad_matmul.c');
    fs.writeFileSync(
      bad,
      '#include "kernels.h"\nvoid matmul(int n, const double *restrict A, const double *restrict B, double *restrict C)\n' +
        '{ for (int i = 0; i < n * n; i++) C[i] = 0; for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)\n' +
        '  for (int k = 0; k < n; k++) C[i * n + j] += A[i * n + k] * B[k * n + j]; C[0] += 1e-3; }\n',
    );
    const cc = path.join(tmp, 'miscompiler');
    fs.writeFileSync(cc, `#!/bin/sh\nfor a; do case "$a" in */src/matmul.c) set -- $(echo "$@" | sed "s#$a#${bad}#");; esac; done\nexec clang-19 "$@"\n`, { mode: 0o755 });
    const { code, text, json } = await bench('wrong', cc, ['matmul']);
    expect(code).toBe(1);
    expect(json.rows[0].correct).toBe(false);
    expect(json.rows[0].times['slmcc-builtin']?.ok).toBe(false);
    expect(json.rows[0].overO3['slmcc-builtin']).toBeUndefined();
    expect(text).toMatch(/^matmul .* NO \(slmcc\)$/m);
  });
});
