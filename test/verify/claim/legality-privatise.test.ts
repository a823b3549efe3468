// The claim check on scratch declared outside the loop (test/corpus/privatise.c):
// a directive that makes the multigrid rows, the FFT plane or the box's
// pointers private is proven; one that leaves them shared is refused with
// the clause it needs; one that makes a carried row private is refused.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analysis/index.js';
import type { ClaimedDirective, Transform } from '../../../src/core/claim.js';
import { judgeDirectives } from '../../../src/verify/claim/legality.js';

const source = path.resolve(import.meta.dirname, '..', '..', 'corpus', 'privatise.c');
const tu = analyze(execFileSync('clang-19', ['-E', source], { encoding: 'utf8' }), { sourceFile: source });

function judge(name: string, loop: string, priv: string[], transforms: Transform[] = []) {
  const fn = tu.functions.find((f) => f.name === name)!;
  const d: ClaimedDirective = { kind: 'parallel for', loop, line: 1, private: priv, firstprivate: [], lastprivate: [], shared: [], reduction: [], nowait: false, other: [] };
  return judgeDirectives(tu, fn, { directives: [d], transforms }, { reassociate: false });
}

describe('legality of private scratch', () => {
  it('private multigrid rows on the outer loop are legal; the overlap of the grids is what the guard checks', () => {
    const guard: Transform = { kind: 'guard', loop: 'L1', condition: 'r u v a' };
    expect(judge('mg_resid', 'L1', ['i1', 'i2', 'u1', 'u2'], [guard])).toMatchObject({ ok: true, evidence: 'guarded' });
  });

  it('leaving a row shared is refused, naming the clause', () => {
    expect(judge('mg_resid', 'L1', ['i1', 'i2', 'u2'], [{ kind: 'guard', loop: 'L1', condition: 'r u v a' }])).toMatchObject({ ok: false, reason: expect.stringMatching(/private\(u1\)/) });
  });

  it('the FFT plane buffer and the box pointers private are proven', () => {
    expect(judge('fft_pass', 'L1', ['i', 'j', 'plane'])).toMatchObject({ ok: true, evidence: 'proven' });
    expect(judge('nbody_boxes', 'L1', ['d', 'dx', 'fA', 'p', 'q', 'rA'])).toMatchObject({ ok: true, evidence: 'proven' });
    expect(judge('nbody_boxes', 'L1', ['d', 'dx', 'p', 'q', 'rA'])).toMatchObject({ ok: false, reason: expect.stringMatching(/private\(fA\)/) });
  });

  it('a row that carries values between iterations is refused even when private', () => {
    expect(judge('carried_row', 'L2', ['j', 'row'])).toMatchObject({ ok: false, reason: expect.stringMatching(/row\[j\]/) });
  });
});
