// The benchmark kernels are ordinary C projects: `make -C kernels` builds
// them with whatever $(CC) the user names, each program checks its kernel
// against a reference built by clang-19, and every one of them passes at the
// small self-test size.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const KERNELS_DIR = path.resolve(__dirname, '..', '..', 'kernels');
const ALL = ['fft', 'jacobi', 'matmul', 'spmv', 'bfs', 'pagerank', 'sssp', 'conv2d', 'attention', 'pooling', 'nbody'];
const REPORT = /^kernel=(\S+) size=(\d+) checksum=(\S+) time=([\d.eE+-]+)s (ok|FAIL)/;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-kernels-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function make(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('make', ['-C', KERNELS_DIR, ...args], { encoding: 'utf8', env });
}

describe('kernels/Makefile', () => {
  it('lists the eleven kernels', () => {
    const r = make(['-s', 'list']);
    expect(r.stdout.trim().split(/\s+/)).toEqual(ALL);
  });

  it('builds all eleven with clang-19 and each passes its self-check at the small size', () => {
    const build = path.join(tmp, 'clang');
    const r = make(['-j2', `BUILD=${build}`, 'CC=clang-19', 'run', 'SIZE=small']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('kernel='));
    expect(lines.map((l) => REPORT.exec(l)?.[1])).toEqual(ALL);
    for (const l of lines) expect(l, l).toMatch(/ ok$/);
  });

  it('compiles only the kernel file with $(CC), and links with it; drivers and references use $(REFCC)', () => {
    const build = path.join(tmp, 'wrapped');
    const calls = path.join(tmp, 'cc-calls.txt');
    const wrapper = path.join(tmp, 'my-cc');
    fs.writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${calls}'\nexec gcc "$@"\n`, { mode: 0o755 });
    const r = make([`BUILD=${build}`, `CC=${wrapper}`, 'CFLAGS=-O2', path.join(build, 'matmul')]);
    expect(r.status, r.stderr).toBe(0);
    const log = fs.readFileSync(calls, 'utf8').trim().split('\n');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/-O2 -c \S*src\/matmul\.c/);
    expect(log[1]).toMatch(/matmul_main\.o .*matmul_ref\.o/);
    expect(log.join('\n')).not.toMatch(/_main\.c|_ref\.c/);
    const out = execFileSync(path.join(build, 'matmul'), ['small'], { encoding: 'utf8' });
    expect(out).toMatch(/^kernel=matmul size=48 .* ok$/m);
  });

  it('takes the size from the command line or KERNEL_SIZE', () => {
    const build = path.join(tmp, 'clang');
    const prog = path.join(build, 'spmv');
    expect(execFileSync(prog, ['500'], { encoding: 'utf8' })).toMatch(/size=500 .* ok/);
    expect(execFileSync(prog, [], { encoding: 'utf8', env: { ...process.env, KERNEL_SIZE: '700' } })).toMatch(/size=700 .* ok/);
  });

  it('fails loudly (FAIL, exit 1) when a kernel is wrong', () => {
    // The same driver and reference, linked against a kernel that is off by a little.
    const build = path.join(tmp, 'broken');
    fs.mkdirSync(build, { recursive: true });
    const bad = path.join(build, 'bad_matmul.c');
    fs.writeFileSync(
      bad,
      '#include "kernels.h"\nvoid matmul(int n, const double *restrict A, const double *restrict B, double *restrict C)\n' +
        '{ for (int i = 0; i < n * n; i++) C[i] = 0; for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)\n' +
        '  for (int k = 0; k < n; k++) C[i * n + j] += A[i * n + k] * B[k * n + j]; C[n] += 1e-6; }\n',
    );
    const prog = path.join(build, 'matmul');
    execFileSync('clang-19', ['-O2', `-I${KERNELS_DIR}/include`, bad, path.join(KERNELS_DIR, 'drivers', 'matmul_main.c'), path.join(KERNELS_DIR, 'ref', 'matmul_ref.c'), '-lm', '-o', prog]);
    const r = spawnSync(prog, ['small'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/kernel=matmul .* FAIL relative error/);
  });
});
