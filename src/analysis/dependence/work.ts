// How much work a parallel loop does, as a test the rewrite puts in front of
// it. Opening a parallel region costs microseconds; the probe judges a
// candidate on the harness' sizes, not on what the program passes. The
// shootout's nbody moves 5 bodies per call, a million calls: its parallel
// `advance` ran 600x slower than clang's serial build. Below the threshold
// the original loop runs, so a small call costs what it always cost.
//
// The estimate counts iterations of the loop and of the loops inside it
// (their trip counts where the bounds are fixed while the loop runs, 16
// otherwise). A loop that calls anything but pure library math gets no test:
// its iterations may be heavy, and the estimate cannot see them.
import { affine, type Loop } from '../index.js';
import type { FnContext } from './context.js';
import { PURE_LIBRARY } from './pure.js';

const NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/** What an inner loop with bounds the test cannot read counts for. */
const UNKNOWN_TRIP = 16;

/** Innermost iterations below which the original loop runs. */
export const MIN_PARALLEL_WORK = 8192;

/** `(double)(trip) * (...) >= MIN_PARALLEL_WORK` as C over names the loop never changes, or undefined where no such test can be written. */
export function smallWorkTest(ctx: FnContext, l: Loop): string | undefined {
  if (l.calls.some((c) => !PURE_LIBRARY.has(c))) return undefined;
  const written = ctx.bodyWrites(l);
  const fixed = (x: Loop): boolean => {
    const ends = [x.range?.min, x.range?.max];
    if (!ends[0] || !ends[1]) return false;
    // Plain names and `.` fields only: the claim check accepts a guard's test only if it reads no memory through a pointer.
    return ends.every((e) => affine.names(e!).every((n) => n.split('*').every((m) => NAME.test(m) && !written.has(affine.rootName(m)) && m !== l.inductionVar)));
  };
  const trip = (x: Loop) => `((double)(${affine.toC(x.range!.max!)}) - (double)(${affine.toC(x.range!.min!)}) + 1.0)`;
  if (l.kind !== 'for' || !fixed(l)) return undefined;
  let terms = 0;
  const work = (x: Loop, depth: number): string => {
    const inner = depth < 3 ? x.children.map((c) => work(c, depth + 1)).filter((w) => w !== '1.0') : [];
    // A loop whose count the test cannot read (a CSR row, a while) still repeats its body: UNKNOWN_TRIP times, say.
    const own = x.kind === 'for' && fixed(x) && terms++ < 8 ? trip(x) : x === l ? undefined : `${UNKNOWN_TRIP}.0`;
    const body = inner.length ? `(1.0 + ${inner.join(' + ')})` : undefined;
    return own && body ? `${own} * ${body}` : (own ?? body ?? '1.0');
  };
  return `${work(l, 0)} >= ${MIN_PARALLEL_WORK}.0`;
}
