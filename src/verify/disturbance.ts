// Whether other load could have spoiled a probe's verdict, judged from the
// timed runs' own threads rather than from the machine's.
//
// Each timing run reports, per thread of its team, the time the thread spent
// on a core and the time it spent runnable but waiting for one (the
// scheduler's own accounting, /proc/thread-self/schedstat, read by the
// harness around the timed calls). The wait is exactly what other load did
// to the run, whoever caused it: so slmcc's own sandbox (bwrap's setup, the
// kernel tearing down its namespaces, Node spawning the next run) counts for
// nothing unless it actually took a core from a timed thread, which the
// machine-wide accounting of busy.ts could not tell (bubblewrap's PID
// namespace hides the runs' CPU, and a quiet machine read as 0.4 cores busy).
//
// The verdict rule is asymmetric, because load only ever makes the variant
// that needs more cores look slower:
// - the baselines (the original, Polly: one thread) must have run undisturbed,
//   or every comparison with them is off;
// - a candidate whose threads waited and still won, in the medians and the
//   paired rounds, earned its verdict (it would win by more on a quiet machine);
// - a verdict against a candidate whose threads waited is one it did not earn:
//   the probe answers pending instead, and a quieter moment decides.

/** Share of the timed threads' runnable time spent waiting for a core, past which a run counts as disturbed. */
export const DISTURBED = 0.05;

export interface ThreadTimes {
  /** Milliseconds on a core during the timed calls. */
  cpuMs: number;
  /** Milliseconds runnable but waiting for a core (other load). */
  waitMs: number;
}

/** The SCHED lines of a timing run (one per thread of its team), or undefined when it printed none. */
export function parseSched(stdout: string, nonce: string): ThreadTimes[] | undefined {
  const out: ThreadTimes[] = [];
  const re = new RegExp(`^SCHED ${nonce} (\\d+) (-?\\d+) (-?\\d+)$`, 'gm');
  for (const m of stdout.matchAll(re)) out[Number(m[1])] = { cpuMs: Math.max(0, Number(m[2])) / 1e6, waitMs: Math.max(0, Number(m[3])) / 1e6 };
  const threads = out.filter(Boolean);
  return threads.length > 0 ? threads : undefined;
}

/** Share of the threads' runnable time that they spent waiting for a core. */
export function waitedShare(threads: ThreadTimes[]): number {
  let cpu = 0;
  let wait = 0;
  for (const t of threads) {
    cpu += t.cpuMs;
    wait += t.waitMs;
  }
  return cpu + wait > 0 ? wait / (cpu + wait) : 0;
}

/**
 * The work a run did, per thread: the busiest thread's CPU (what a quiet
 * machine with a core per thread needs at least), the sum (all the work), and
 * the balance (least over most busy thread, 1 for a serial run).
 */
export function workOf(threads: ThreadTimes[]): { maxMs: number; sumMs: number; balance: number } {
  const cpu = threads.map((t) => t.cpuMs);
  const max = Math.max(0, ...cpu);
  return { maxMs: max, sumMs: cpu.reduce((a, b) => a + b, 0), balance: max > 0 ? Math.min(...cpu) / max : 1 };
}

/** The median; 0 for no values. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Why the probe's verdict cannot be trusted, or undefined when it can.
 * `favourite` is the variant the verdict would go to (probe.ts' favourite).
 */
export function spoiledBy(p: { waited?: Record<string, number[]> }, favourite: { name: string; agreed: boolean } | undefined): string | undefined {
  const waited = p.waited ?? {};
  for (const base of ['original', 'polly']) {
    const w = median(waited[base] ?? []);
    if (w > DISTURBED) return `the ${base === 'polly' ? 'Polly build' : 'original'}'s thread waited ${pct(w)} of its time for a core (other load)`;
  }
  for (const [name, shares] of Object.entries(waited)) {
    if (name === 'original' || name === 'polly') continue;
    const w = median(shares);
    if (w <= DISTURBED) continue;
    // Won with fewer cores than it asked for: it wins by more on a quiet machine.
    if (favourite?.name === name && favourite.agreed) continue;
    return `candidate ${name}'s threads waited ${pct(w)} of their time for a core (other load): a verdict against it would not be earned`;
  }
  return undefined;
}
