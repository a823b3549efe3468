// The mutation suite: plausible wrong parallelisations of the kernels in
// test/fixtures/verify/kernels.c, each of which must be refused by the check
// that names its fault, and good ones that must pass every check.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Candidate } from '../../src/core/candidate.js';
import { failureOf, verifyFunction, type VerifyResult } from '../../src/verify/index.js';

const dir = path.join(__dirname, '..', 'fixtures', 'verify');
const pp = execFileSync('clang-19', ['-E', path.join(dir, 'kernels.c')], { encoding: 'utf8' });
const tu = analyze(pp, { sourceFile: path.join(dir, 'kernels.c') });
const config = { ...loadConfig({}).config, threads: 2 };

const candidate = (file: string): Candidate => ({
  id: path.basename(file, '.c'),
  origin: { provider: 'builtin' },
  form: 'code',
  text: fs.readFileSync(path.join(dir, file), 'utf8'),
});

async function check(fnName: string, files: string[]): Promise<VerifyResult> {
  const fn = tu.functions.find((f) => f.name === fnName);
  if (!fn) throw new Error(`${fnName} not found by the analysis`);
  // These mutants pin the tests behind the claim check (which refuses most of
  // them first, see test/verify/claim/): each must still be caught there.
  return verifyFunction({ tu, fn, candidates: files.map(candidate), cc: ['clang-19'], codeFlags: ['-O2'], config, secondLineOnly: true });
}

function failure(r: VerifyResult, id: string) {
  const rec = r.candidates.find((c) => c.id === id);
  expect(rec, id).toBeDefined();
  return failureOf(rec!);
}

describe('mutants are refused, each for its own reason', () => {
  it('a missing reduction is a data race', async () => {
    const r = await check('total', ['mutants/missing-reduction.c']);
    expect(r.verdict.kind).not.toBe('candidate');
    // The lost updates show in the plain run's outputs at 3 or 7 threads on most runs; the first failed check is the last.
    const f = failure(r, 'missing-reduction');
    expect(['tsan', 'differential']).toContain(f?.check);
    expect(f?.detail).toMatch(f?.check === 'tsan' ? /data race/ : /outputs differ at/);
  }, 120_000);

  it('a shared temporary that should be private is a data race; an out-of-bounds read is an ASan report', async () => {
    const r = await check('blur', ['mutants/shared-temp.c', 'mutants/oob-read.c']);
    expect(r.verdict.kind).not.toBe('candidate');
    // Its race shows in the plain run's outputs too on some runs, and the first failed check is the last (issue 23).
    const shared = failure(r, 'shared-temp');
    expect(['tsan', 'differential']).toContain(shared?.check);
    expect(shared?.detail).toMatch(shared?.check === 'tsan' ? /data race/ : /outputs differ at/);
    // What the read past the end finds may already change the outputs of the plain run, which comes first.
    const oob = failure(r, 'oob-read');
    expect(['asan', 'differential']).toContain(oob?.check);
    expect(oob?.detail).toMatch(oob?.check === 'asan' ? /heap-buffer-overflow/ : /outputs differ at/);
  }, 120_000);

  it('a parallelised recurrence races and computes something else', async () => {
    const r = await check('prefix', ['mutants/parallel-recurrence.c']);
    expect(r.verdict.kind).not.toBe('candidate');
    const rec = r.candidates[0];
    expect(['tsan', 'differential']).toContain(failureOf(rec)?.check);
  }, 120_000);

  it('an off-by-one bound changes the output; a changed signature never gets built', async () => {
    const r = await check('axpy', ['mutants/off-by-one.c', 'mutants/changed-signature.c']);
    expect(r.verdict.kind).not.toBe('candidate');
    // Its parallel loop also races when y overlaps x one element apart (a set
    // the judge tries), so the differential check is read directly.
    const off = r.candidates.find((c) => c.id === 'off-by-one')?.checks.find((c) => c.check === 'differential');
    expect(off?.ok).toBe(false);
    expect(off?.detail).toMatch(/outputs differ at y\[/);
    const sig = failure(r, 'changed-signature');
    expect(sig?.check).toBe('screen');
    expect(sig?.detail).toMatch(/signature changed/);
  }, 120_000);

  it('system(), a new global write, an endless loop and odd-size bugs are all refused', async () => {
    const t0 = performance.now();
    const r = await check('square', ['mutants/call-system.c', 'mutants/new-global.c', 'mutants/infinite-loop.c', 'mutants/odd-sizes.c']);
    expect(r.verdict.kind).not.toBe('candidate');
    expect(failure(r, 'call-system')).toMatchObject({ check: 'screen', detail: expect.stringMatching(/calls system/) });
    expect(failure(r, 'new-global')).toMatchObject({ check: 'screen', detail: expect.stringMatching(/writes global calls_made/) });
    const loop = failure(r, 'infinite-loop');
    expect(loop?.check).toBe('differential');
    expect(loop?.detail).toMatch(/did not finish/);
    const loopRec = r.candidates.find((c) => c.id === 'infinite-loop')!;
    const loopMs = loopRec.checks.reduce((a, c) => a + c.ms, 0);
    expect(loopMs).toBeLessThan(10_000);
    const odd = failure(r, 'odd-sizes');
    expect(odd?.check).toBe('differential');
    expect(odd?.detail).toMatch(/^(n=1|odd n=7)/);
    console.log(`square: 4 mutants in ${Math.round(performance.now() - t0)} ms; the endless one cost ${loopMs} ms`);
  }, 120_000);

  it('a rewrite that is wrong only when the pointers alias is caught by the aliasing input set', async () => {
    const r = await check('reverse_into', ['mutants/alias-only.c']);
    expect(r.verdict.kind).not.toBe('candidate');
    const f = failure(r, 'alias-only');
    expect(f?.check).toBe('differential');
    expect(f?.detail).toMatch(/^aliasing params 2,3/);
  }, 120_000);
});
