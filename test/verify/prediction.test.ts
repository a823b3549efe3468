// What a probe spoiled by other load still decides: each run's time with a
// core per thread, predicted from its threads' waits, and a verdict only
// where the prediction clears the margin by its slack.
import { describe, expect, it } from 'vitest';
import { clearVerdict, predict, PREDICTION_SLACK, undisturbedMs } from '../../src/verify/prediction.js';

const t = (cpuMs: number, waitMs: number) => ({ cpuMs, waitMs });
const five = (ms: number) => [ms, ms, ms, ms, ms];

describe("a run's undisturbed time", () => {
  it('is its wall time when no thread waited', () => {
    expect(undisturbedMs(50, [t(50, 0), t(49, 0)])).toBe(50);
  });

  it('loses the wait of the thread that shared a core: the barrier waited for it, not for the others', () => {
    // Thread 1 shared a core with a spinning process: 26 ms of work took 51.
    // Thread 0 did its 26 ms, spun for the block time and slept.
    expect(undisturbedMs(52, [t(27, 0), t(26, 25)])).toBe(27);
  });

  it("is never less than the threads' CPU shared evenly: where the others took over a waiting thread's share, its wait held nothing up", () => {
    // A guided schedule: thread 0 did nearly all of the 52 ms of work while thread 1 waited.
    expect(undisturbedMs(50, [t(48, 0), t(4, 40)])).toBe(26);
  });

  it("of a one-thread baseline loses its only thread's wait", () => {
    expect(undisturbedMs(100, [t(50, 50)])).toBe(50);
  });

  it("does not count a thread spinning at the barrier as work: the team's least CPU over its rounds is", () => {
    // A Polly build of nbody beside a spinner: thread 0 did its 33 ms and spun
    // at the join barrier while thread 1 waited 71 ms for a core; in a round
    // nobody waited the two threads used 68 ms between them.
    const rounds = [
      [t(101.7, 2.4), t(33.2, 70.8)],
      [t(34.5, 40.5), t(33.3, 41.5)],
    ];
    const p = predict({ polly: [103.8, 74.6] }, { polly: rounds });
    expect(p.times.polly[0]).toBeCloseTo(33.9, 1);
    expect(undisturbedMs(103.8, rounds[0])).toBeCloseTo(67.45, 1);
  });

  it('is never predicted below a quarter of the wall time', () => {
    expect(undisturbedMs(100, [t(5, 95)])).toBe(25);
  });
});

describe('a predicted verdict', () => {
  const margin = 0.1;
  const runs = (n: number, cpu: number, wait: number) => Array.from({ length: 5 }, () => Array.from({ length: n }, () => t(cpu, wait)));

  it('goes to a candidate that the waits show winning clearly', () => {
    // Beside a spinner the candidate took as long as the original; its
    // second thread waited half of it while the first, done, slept: a core
    // each, it takes half as long.
    const p = predict({ original: five(100), c1: five(100) }, { original: runs(1, 100, 0), c1: [...runs(1, 0, 0)].map(() => [t(50, 0), t(50, 50)]) });
    expect(p.medians).toEqual({ original: 100, c1: 50 });
    expect(clearVerdict(p, margin, 5)).toEqual({ name: 'c1' });
  });

  it('goes against a candidate only when it falls short by the slack as well', () => {
    const clearlySlower = { medians: { original: 100, c1: 120 }, times: { original: five(100), c1: five(120) } };
    expect(clearVerdict(clearlySlower, margin, 5)).toEqual({ name: 'original' });
    // 1.05x: below the margin, but within the prediction's slack of it.
    const close = { medians: { original: 100, c1: 95 }, times: { original: five(100), c1: five(95) } };
    expect(clearVerdict(close, margin, 5)).toMatchObject({ unclear: expect.stringMatching(/too close to call/) });
  });

  it('needs the margin and the slack: a win by the margin alone stays pending', () => {
    const need = (1 + margin) * (1 + PREDICTION_SLACK);
    const justMargin = { medians: { original: 100, c1: 100 / 1.15 }, times: { original: five(100), c1: five(100 / 1.15) } };
    expect(1.15).toBeLessThan(need);
    expect(clearVerdict(justMargin, margin, 5)).toHaveProperty('unclear');
  });

  it('needs the paired rounds to agree', () => {
    const p = { medians: { original: 100, c1: 60 }, times: { original: five(100), c1: [60, 60, 60, 110, 110] } };
    expect(clearVerdict(p, margin, 5)).toMatchObject({ unclear: expect.stringMatching(/not in 4 of 5 rounds/) });
  });

  it('goes to Polly when no candidate comes close and Polly wins clearly', () => {
    const p = { medians: { original: 100, polly: 40, c1: 70 }, times: { original: five(100), polly: five(40), c1: five(70) } };
    expect(clearVerdict(p, margin, 5)).toEqual({ name: 'polly' });
  });

  it("judges a Polly build that ran on one thread without the slack: one thread's wait is exactly what it lost", () => {
    const p = predict({ original: five(100), polly: five(98), c1: five(300) }, { original: runs(1, 100, 0), polly: runs(2, 98, 0).map(([a]) => [a, t(0.5, 0)]), c1: runs(2, 150, 150) });
    expect(p.serial).toEqual(new Set(['original', 'polly']));
    expect(clearVerdict(p, margin, 5)).toEqual({ name: 'original' });
  });

  it('lets a candidate no faster than a parallel Polly lose to it: both predictions miss the same shared bandwidth', () => {
    // nbody beside one spinner: the original undisturbed, both teams waiting half their time.
    const p = {
      medians: { original: 69.6, polly: 35.9, c1: 35.3 },
      times: { original: [66.2, 69.8, 70.2, 69.6, 69.0], polly: [35.7, 35.9, 35.7, 44.9, 59.1], c1: [35.3, 38.0, 37.4, 35.0, 34.9] },
      serial: new Set(['original']),
    };
    expect(clearVerdict(p, margin, 5)).toEqual({ name: 'polly' });
  });

  it('keeps the whole slack against a Polly build that ran on one thread', () => {
    const p = { medians: { original: 100, polly: 60, c1: 58 }, times: { original: five(100), polly: five(60), c1: five(58) }, serial: new Set(['original', 'polly']) };
    expect(clearVerdict(p, margin, 5)).toMatchObject({ unclear: expect.stringMatching(/candidate c1 predicted 1.72x, Polly 1.67x, too close to call/) });
  });

  it('measures a candidate against Polly when Polly is the faster baseline', () => {
    const p = { medians: { original: 100, polly: 50, c1: 45 }, times: { original: five(100), polly: five(50), c1: five(45) } };
    expect(clearVerdict(p, margin, 5)).toHaveProperty('unclear');
  });
});
