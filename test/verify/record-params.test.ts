// A struct passed by pointer (`Grid *g` with its sizes and its arrays as
// members, `System *s` with arrays of Vec3) was "a struct or union", the
// largest group of unverifiable hot functions in the programs tried. The
// harness now builds such a record for each side: its values as sizes and
// data, each pointer member a buffer of its own. After the calls it compares
// the values, where each member points (a swap of u and unew is meaning
// too) and every buffer. A member the function points at memory it
// allocated is compared in that block; one pointing anywhere else is named
// as unverifiable, since nothing could compare that memory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Candidate } from '../../src/core/candidate.js';
import { unverifiableReason, type VerifyResult } from '../../src/verify/index.js';
import { failedChecks, verifyPastClaims } from '../support/second-line.js';

const config = { ...loadConfig({}).config, threads: 2 };
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-record-params-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const SWEEP_BODY = (pragma: string, last: string, swap: string) => `{
  int nx = g->nx, ny = g->ny;
  ${pragma}
  for (int i = 1; i < ${last}; i++)
    for (int j = 1; j < nx - 1; j++)
      g->unew[i * nx + j] = g->u[i * nx + j] + g->alpha * (g->u[(i - 1) * nx + j] + g->u[(i + 1) * nx + j] + g->u[i * nx + j - 1] + g->u[i * nx + j + 1] - 4.0 * g->u[i * nx + j]) + g->src[i * nx + j];
  ${swap}
}`;
const SWAP = 'double *t = g->u; g->u = g->unew; g->unew = t;';

const DRIFT_BODY = (pragma: string, y: string) => `{
  ${pragma}
  for (int i = 0; i < n; i++) {
    s->pos[i].x += dt * s->vel[i].x;
    s->pos[i].y += ${y};
    s->pos[i].z += dt * s->vel[i].z;
  }
}`;

const GROW = (pragma: string, last: string) => `void grow(Grid *g, int n) {
  g->u = malloc((size_t)n * sizeof(double));
  ${pragma}
  for (int i = 0; i < ${last}; i++) g->u[i] = i;
}`;

const SOURCE = `#include <stdlib.h>
typedef struct { int nx, ny; double alpha; double *u, *unew; const double *src; } Grid;
typedef struct { double x, y, z; } Vec3;
typedef struct { Vec3 *pos, *vel; int *id; } System;
void sweep(Grid *g) ${SWEEP_BODY('', 'ny - 1', SWAP)}
void drift(int n, double dt, System *s) ${DRIFT_BODY('', 'dt * s->vel[i].y')}
typedef struct { int n; double *src, *dst; } Shift;
void shift(Shift *b) { for (int i = 0; i < b->n - 1; i++) b->dst[i] = 2.0 * b->src[i + 1]; }
${GROW('', 'n')}
void regrow(Grid *g, int n) {
  free(g->unew);
  g->unew = realloc(g->u, (size_t)n * sizeof(double));
  g->u = 0;
  for (int i = 0; i < n; i++) g->unew[i] += i;
}
static double kept[64];
void keep(Grid *g) {
  g->u = kept;
  for (int i = 0; i < 64; i++) kept[i] = i;
}
`;

const file = path.join(scratch, 'records.c');
fs.writeFileSync(file, SOURCE);
const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
const fnOf = (name: string) => tu.functions.find((f) => f.name === name)!;
const candidate = (id: string, text: string): Candidate => ({ id, origin: { provider: 'builtin' }, form: 'code', text });

const verify = (name: string, candidates: Candidate[]): Promise<VerifyResult> => verifyPastClaims({ tu, fn: fnOf(name), candidates, cc: ['clang-19'], codeFlags: ['-O2'], config });
const outcome = failedChecks;

describe('a struct passed by pointer', () => {
  it('is built by the harness: no reason keeps it from the checks', () => {
    expect(unverifiableReason(fnOf('sweep'), tu)).toBeUndefined();
    expect(unverifiableReason(fnOf('drift'), tu)).toBeUndefined();
  });

  it('a right parallel sweep passes; one that skips the last row, swaps only half, or assumes u and unew apart is refused by the comparison', async () => {
    const r = await verify('sweep', [
      // Right only where u and unew are apart: in place, the sweep reads rows the others wrote.
      candidate('right', `void sweep(Grid *g) ${SWEEP_BODY('#pragma omp parallel for if(g->u + nx * ny <= g->unew || g->unew + nx * ny <= g->u)', 'ny - 1', SWAP)}`),
      candidate('apart-only', `void sweep(Grid *g) ${SWEEP_BODY('#pragma omp parallel for', 'ny - 1', SWAP)}`),
      candidate('last-row-short', `void sweep(Grid *g) ${SWEEP_BODY('#pragma omp parallel for', 'ny - 2', SWAP)}`),
      // Each side runs twice, so a swap undone shows in the contents; this one leaves both members on one buffer.
      candidate('half-swap', `void sweep(Grid *g) ${SWEEP_BODY('#pragma omp parallel for', 'ny - 1', 'g->u = g->unew;')}`),
    ]);
    expect(r.verdict.kind).not.toBe('unverifiable');
    expect(outcome(r, 'right')).toEqual([]);
    expect(outcome(r, 'apart-only').join('\n')).toMatch(/g->u and g->unew the same buffer/);
    expect(outcome(r, 'last-row-short').join('\n')).toMatch(/outputs differ at what g->(u|unew) pointed to \(element \d+\)/);
    expect(outcome(r, 'half-swap').join('\n')).toMatch(/outputs differ at where g->u points: the reference's buffer 3 at byte 0, the candidate's 4 at byte 0/);
  });

  it('arrays of records through the pointer: a right one passes, one that drops a coordinate is refused', async () => {
    const r = await verify('drift', [
      candidate('right', `void drift(int n, double dt, System *s) ${DRIFT_BODY('#pragma omp parallel for', 'dt * s->vel[i].y')}`),
      candidate('drops-y', `void drift(int n, double dt, System *s) ${DRIFT_BODY('#pragma omp parallel for', '0.0')}`),
    ]);
    expect(r.verdict.kind).not.toBe('unverifiable');
    expect(outcome(r, 'right')).toEqual([]);
    expect(outcome(r, 'drops-y').join('\n')).toMatch(/outputs differ at what s->pos pointed to \(element \d+\)/);
  });

  it('two members a caller may point at one buffer are, in a set of their own: a loop parallel only when they are apart is refused', async () => {
    const r = await verify('shift', [candidate('parallel-shift', 'void shift(Shift *b) {\n#pragma omp parallel for\n  for (int i = 0; i < b->n - 1; i++) b->dst[i] = 2.0 * b->src[i + 1];\n}')]);
    expect(r.verdict.kind).not.toBe('unverifiable');
    expect(outcome(r, 'parallel-shift').join('\n')).toMatch(/b->src and b->dst the same buffer/);
  });

  it('a member the function points at memory it allocated is compared there: a right loop passes, one that leaves an element unwritten is refused', async () => {
    const r = await verify('grow', [candidate('right', GROW('#pragma omp parallel for', 'n')), candidate('last-short', GROW('#pragma omp parallel for', 'n - 1'))]);
    expect(r.verdict.kind).not.toBe('unverifiable');
    expect(outcome(r, 'right')).toEqual([]);
    expect(outcome(r, 'last-short').join('\n')).toMatch(/outputs differ at what g->u points to \(element \d+\)/);
  });

  it('freeing a member and reallocating another, with one left NULL, is compared too', async () => {
    const r = await verify('regrow', []);
    expect(r.verdict.kind).not.toBe('unverifiable');
  });

  it('a member left pointing at memory neither the harness nor the function allocated is unverifiable, and says which member', async () => {
    const r = await verify('keep', []);
    expect(r.verdict).toMatchObject({ kind: 'unverifiable' });
    expect(JSON.stringify(r.verdict)).toMatch(/after the call, g->u points to memory the harness did not give it/);
  });
});
