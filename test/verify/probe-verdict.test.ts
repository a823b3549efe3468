// Which variant a timing probe favours, and when its paired rounds agree:
// the rule behind every candidate, Polly and "within the noise" verdict.
import { describe, expect, it } from 'vitest';
import { combineProbes, favourite, type ProbeResult } from '../../src/verify/probe.js';

const MARGIN = 0.1;

/** A five-round probe from per-round times (ms); medians and wins as the probe computes them. */
function probeOf(times: Record<string, number[]>): ProbeResult {
  const empty: ProbeResult = { medians: {}, wins: {}, times: {}, rounds: 0, failures: {}, scale: { n: 1, mult: 0, reps: 1, refMs: 1 }, ms: 0 };
  // Combining with an empty probe judges the rounds it has.
  return { ...combineProbes({ ...empty, times }, { ...empty, times: Object.fromEntries(Object.keys(times).map((k) => [k, []])) }, MARGIN), rounds: 5 };
}

describe('the probe favours', () => {
  it('the fastest candidate that beats the better of the original and Polly by the margin', () => {
    const p = probeOf({ original: [100, 100, 100, 100, 100], polly: [80, 80, 80, 80, 80], a: [60, 60, 60, 60, 60], b: [50, 50, 50, 50, 50] });
    expect(favourite(p, MARGIN)).toEqual({ name: 'b', agreed: true });
  });

  it('Polly when no candidate beats it by the margin but it beats the original', () => {
    const p = probeOf({ original: [100, 100, 100, 100, 100], polly: [50, 50, 50, 50, 50], a: [48, 48, 48, 48, 48] });
    expect(favourite(p, MARGIN)).toEqual({ name: 'polly', agreed: true });
  });

  it('nothing when nothing beats the original by the margin', () => {
    expect(favourite(probeOf({ original: [100, 100, 100, 100, 100], polly: [95, 95, 95, 95, 95], a: [93, 93, 93, 93, 93] }), MARGIN)).toBeUndefined();
  });

  it('a win on the medians that only 3 of 5 paired rounds bear out is not agreed', () => {
    const p = probeOf({ original: [100, 100, 100, 60, 60], a: [70, 70, 70, 70, 70] });
    expect(favourite(p, MARGIN)).toEqual({ name: 'a', agreed: false });
  });

  it('after a second probe, 7 of 10 rounds are needed', () => {
    const first = probeOf({ original: [100, 100, 100, 60, 60], a: [70, 70, 70, 70, 70] });
    const seven = combineProbes(first, probeOf({ original: [100, 100, 100, 100, 60], a: [70, 70, 70, 70, 70] }), MARGIN);
    expect(seven.rounds).toBe(10);
    expect(favourite(seven, MARGIN)).toEqual({ name: 'a', agreed: true });
    const six = combineProbes(first, probeOf({ original: [100, 100, 100, 60, 60], a: [70, 70, 70, 70, 70] }), MARGIN);
    expect(favourite(six, MARGIN)).toEqual({ name: 'a', agreed: false });
  });
});
