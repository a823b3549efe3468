// When other load spoils a probe's verdict, judged from the timed threads'
// own waits for a core: a busy machine gives the verdict a quiet one would,
// or pending, never a verdict against a candidate that it did not earn.
import { describe, expect, it } from 'vitest';
import { parseSched, spoiledBy, waitedShare, workOf } from '../../src/verify/disturbance.js';

const quiet = [0.01, 0.0, 0.02, 0.01, 0.0];
const loaded = [0.3, 0.35, 0.32, 0.3, 0.33];

describe('a probe is spoiled', () => {
  it('not when no timed thread waited for a core, whatever else the machine did', () => {
    expect(spoiledBy({ waited: { original: quiet, polly: quiet, c1: quiet } }, undefined)).toBeUndefined();
  });

  it('when the original waited: every comparison with it is off', () => {
    expect(spoiledBy({ waited: { original: loaded, c1: quiet } }, { name: 'c1', agreed: true })).toMatch(/original's thread waited 3\d% /);
  });

  it('not when a candidate that waited won all the same: it earned the verdict', () => {
    expect(spoiledBy({ waited: { original: quiet, c1: loaded } }, { name: 'c1', agreed: true })).toBeUndefined();
  });

  it('when a candidate that waited lost, or did not win in enough rounds: that verdict would not be earned', () => {
    expect(spoiledBy({ waited: { original: quiet, c1: loaded } }, undefined)).toMatch(/candidate c1's threads waited/);
    expect(spoiledBy({ waited: { original: quiet, c1: loaded } }, { name: 'c1', agreed: false })).toMatch(/c1/);
    expect(spoiledBy({ waited: { original: quiet, polly: quiet, c1: loaded } }, { name: 'polly', agreed: true })).toMatch(/not be earned/);
  });
});

describe('a timing run reports', () => {
  it("each thread's CPU and wait, under the run's nonce only", () => {
    const out = 'TIME abc 5\nSCHED abc 0 20000000 1000000\nSCHED abc 1 18000000 3000000\nSCHED forged 1 1 0\n';
    const t = parseSched(out, 'abc')!;
    expect(t).toEqual([
      { cpuMs: 20, waitMs: 1 },
      { cpuMs: 18, waitMs: 3 },
    ]);
    expect(waitedShare(t)).toBeCloseTo(4 / 42);
    expect(workOf(t)).toEqual({ maxMs: 20, sumMs: 38, balance: 0.9 });
    expect(parseSched('TIME abc 5\n', 'abc')).toBeUndefined();
  });
});
