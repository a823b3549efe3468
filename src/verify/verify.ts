// Checking a function's candidates: calibrate the harness on the original,
// then per candidate screen, build (plain, TSan, ASan+UBSan), differential
// run, sanitizer runs (ASan+UBSan, then TSan), the first failure ending the
// candidate's checks; then the timing probe decides between the survivors,
// the original and the original under Polly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { reassociationAllowed, type Config } from '../config/index.js';
import type { Candidate } from '../core/candidate.js';
import { tokenFacts } from '../core/flags.js';
import { buildHarness, compileShipped, linkableCandidate, type BuildKind, type BuildResult } from './build.js';
import { spliceFunctions } from '../rewrite/index.js';
import { refuseUncontained } from './containment.js';
import { unverifiableReason } from './ctypes.js';
import { CAND, choosesSizes, generateHarness, inputSets, needsRaceCheck, planHarness, sizedByNothing, type HarnessOptions, type HarnessPlan, type InputSet, type ValueOptions } from './harness.js';
import { planLargeRun, type LargeRun } from './large-run.js';
import { loadAverage } from './busy.js';
import { argumentDefines, callSiteConstants } from './call-constants.js';
import { arraySizeScale, combineProbes, favourite, probe, ROUNDS, scaleInput, type Scale, type Variant } from './probe.js';
import { runSet, type RunEnv, type SetRun } from './runs.js';
import type { CandidateScope } from './run-report.js';
import { neededFromElsewhere, reachableFunctions } from './reach.js';
import { screenCandidate } from './screen.js';
import { checkClaim } from './claim/index.js';
import type { CandidateRecord, CheckName, CheckOutcome, Verdict } from '../core/decision.js';
import { swallowed } from '../core/swallowed.js';

export interface VerifyInput {
  tu: TranslationUnit;
  fn: FunctionInfo;
  candidates: Candidate[];
  cc: string[];
  codeFlags: string[];
  config: Config;
  /**
   * The tests stand as the second line under the claim check; a test of that
   * line alone (the hostile input sets) turns the first off. Nothing on the
   * compile path or in tune sets it.
   */
  secondLineOnly?: boolean;
  /** Stop after the checks, before any timing (a correctness sweep over many programs). Nothing on the compile path sets it. */
  checksOnly?: boolean;
  /** Ask the provider again with a failure (feedback-driven retry); may return more candidates to check. */
  onFailure?: (c: Candidate, failure: CheckOutcome) => Promise<Candidate[]>;
}

export interface VerifyResult {
  verdict: Verdict;
  candidates: CandidateRecord[];
  pollySpeedup?: number;
  ms: number;
  /** Milliseconds per phase (calibrate, check:<id>, scale, probe), for the record and for tuning. */
  phases?: Record<string, number>;
}

/** float carries ~7 digits: a reordered float sum of 10^4 terms needs about 1e-4 (allowed under -ffast-math). */
export const FLOAT_TOLERANCE_FLOOR = 1e-4;

/** Flags under which clang keeps floating-point exceptions as written, so a program may read them. */
const STRICT_EXCEPTIONS = new Set(['-ffp-exception-behavior=strict', '-ffp-exception-behavior=maytrap', '-ffp-model=strict', '-ftrapping-math']);

export function harnessOptions(config: Config, codeFlags: string[]): HarnessOptions {
  // A reordered float sum moves in its 5th-7th digit (a sum of millions of
  // terms in its 4th), which a program prints. Only a user who let the
  // compiler reassociate (-ffast-math, or SLMCC_REASSOCIATE) gets the floor; otherwise float outputs
  // are held to the same tolerance as double ones, and 0 means bit-identical.
  const reassoc = reassociationAllowed(codeFlags, config);
  return {
    tolerance: config.tolerance,
    floatTolerance: reassoc && config.tolerance > 0 ? Math.max(config.tolerance, FLOAT_TOLERANCE_FLOOR) : config.tolerance,
    signs: !valueOptions(codeFlags, config).finiteMath && !tokenFacts(codeFlags).noSignedZeros,
    exceptionFlags: codeFlags.some((f) => STRICT_EXCEPTIONS.has(f)),
  };
}

/** What the user's flags let the program assume of its floating-point values: the hostile sets follow it. */
export function valueOptions(codeFlags: string[], config: Config): ValueOptions {
  return {
    finiteMath: tokenFacts(codeFlags).finiteMath,
    reassociates: reassociationAllowed(codeFlags, config),
  };
}

/** Which failure names a rejected candidate: the most specific check that failed. */
const BLAME: CheckName[] = ['screen', 'claim', 'compile', 'asan', 'tsan', 'differential', 'timing'];

export function failureOf(rec: CandidateRecord): CheckOutcome | undefined {
  for (const name of BLAME) {
    const c = rec.checks.find((x) => x.check === name && !x.ok);
    if (c) return c;
  }
  return undefined;
}

async function pool<T, R>(items: T[], width: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]);
      }
    }),
  );
  return out;
}

/**
 * The thread counts each check runs a candidate with, whatever the machine
 * has (the harness sets the count itself). 2 alone hides what an odd count
 * shows: `schedule(static,1)` on a distance-2 recurrence is exact with 2
 * threads only (each thread owns one residue class), a collapsed triangular
 * nest shares rows only with 3 or more, and uneven chunks move every
 * boundary. 7 is more threads than cores here, and splits nothing evenly.
 * The differential run is the cheap one and the one that sees wrong values:
 * all three. TSan costs 5-10x a plain run: 2 and 3, where a race between
 * neighbouring chunks shows as well as at 7. ASan sees an index out of
 * bounds, which depends on the chunk boundaries far less than on the sizes:
 * 3, the uneven split.
 */
export const CHECK_THREADS: Readonly<Record<'plain' | 'tsan' | 'asan', readonly number[]>> = { plain: [2, 3, 7], tsan: [2, 3], asan: [3] };

const countList = (ts: readonly number[]) => (ts.length > 1 ? `${ts.slice(0, -1).join(', ')} and ${ts[ts.length - 1]}` : String(ts[0]));

/** Run sets in order, at each of the kind's thread counts, and stop at the first failure. */
async function runSets(exe: string, kind: 'plain' | 'tsan' | 'asan', all: InputSet[], env: RunEnv, scope?: CandidateScope): Promise<{ outcome: CheckOutcome; runs: SetRun[] }> {
  const t0 = performance.now();
  const sets = kind === 'tsan' ? all.filter(needsRaceCheck) : all;
  const runs: SetRun[] = [];
  const counts = CHECK_THREADS[kind];
  // The hostile sets look for wrong values. Under the sanitizers they run at
  // one count (3, the uneven split). In the differential run the count does
  // change the values a reassociated sum prints: 2 threads combine their
  // partial sums in one order, 3 and more in whichever order they finish,
  // which a busy machine reshuffles (a dropped Kahan compensation matched on
  // cancelling offsets at 3 threads, beside another process). So each count.
  const hostileAt = kind === 'plain' ? counts : [counts[Math.min(1, counts.length - 1)]];
  outer: for (const threads of counts)
    for (const s of sets.filter((x) => !x.hostile || hostileAt.includes(threads))) {
      const r = await runSet(exe, kind, s, 1, { ...env, threads }, scope);
      runs.push(r);
      if (!r.ok) break outer;
    }
  const bad = runs.find((r) => !r.ok);
  const check: CheckName = kind === 'plain' ? 'differential' : kind === 'tsan' ? 'tsan' : 'asan';
  return {
    outcome: {
      check,
      ok: !bad,
      ms: Math.round(performance.now() - t0),
      detail: bad ? bad.detail : `${sets.length} input sets${check === 'differential' ? ' match' : ' clean'} (${countList(counts)} threads)`,
    },
    runs,
  };
}

interface Calibration {
  sets: InputSet[];
  dropped: string[];
  /** The ordinary sets, and how many of them the original survives: hostile ones dropped never make a function unverifiable. */
  base: number;
  baseKept: number;
  wallMs: number;
  /** The reference's two calls under ASan on the largest set, ms. */
  refMs: number;
  /** A record member the original points at memory neither the harness nor the function allocated (a static, a global, a block from a library). */
  untracked?: string;
}

/**
 * What checking one candidate under the sanitizers may cost. A function whose
 * sizes the program fixes (global arrays, loops to a macro) cannot be checked
 * on smaller inputs: past this, its candidates are not run at all, and the
 * original and Polly are still timed against each other.
 */
const SANITIZER_BUDGET_MS = 60_000;
/** TSan's slowdown of a parallel OpenMP kernel, over ASan's, as measured on a 1200^3 matrix product here (5-6x). */
const TSAN_OVER_ASAN = 5;

function sanitizerCostMs(plan: HarnessPlan, cal: Calibration): number {
  // With a size to choose, the input sets are small by construction.
  if (choosesSizes(plan)) return 0;
  // Per set: the reference's two calls and the candidate's two, under TSan, then again under ASan.
  return cal.sets.length * cal.refMs * (2 * TSAN_OVER_ASAN + 2);
}

/** Which input sets the reference itself survives under ASan+UBSan, growing buffers where it reads past them. */
/** At ASan's thread count: calibration runs the reference under ASan, as its check does. */
async function calibrate(exe: string, plan: HarnessPlan, values: ValueOptions): Promise<Calibration> {
  const all = inputSets(plan, values);
  const fixedSizes = sizedByNothing(plan);
  const dropped: string[] = [];
  let untracked: string | undefined;
  let refMs = 0;
  /** A whole run under ASan: filling buffers a fixed array type sizes (PolyBench's 1200 x 1200) costs at n = 0 too. */
  let processMs = 0;
  const wall = fixedSizes ? 20_000 : 2500;
  const trySet = async (s: InputSet, mults: number[]) => {
    for (const mult of mults) {
      const trial = { ...s, mult };
      let r = await runSet(exe, 'asan', trial, 0, { threads: CHECK_THREADS.asan[0], wallMs: wall });
      if (r.untracked) {
        untracked = r.untracked;
        break;
      }
      // A value set (large offsets, NaN) runs at an ordinary size: one that ran out of time met a busy
      // machine (another build, a settling job), and dropping it would leave its class of inputs unchecked.
      // Once more, with room. A large set that runs out of time is expected, and costs nothing more.
      if (r.timedOut && s.hostile) r = await runSet(exe, 'asan', trial, 0, { threads: CHECK_THREADS.asan[0], wallMs: 4 * wall });
      if (r.ok) {
        refMs = Math.max(refMs, (r.refNs ?? 0) / 1e6);
        processMs = Math.max(processMs, r.ms);
        return trial;
      }
      // A sanitizer's finding on a value set is the original's own (signed overflow on INT_MAX): larger buffers do not change it.
      if (r.timedOut || (s.hostile && /Sanitizer report/.test(r.detail ?? ''))) break;
    }
    dropped.push(s.name);
    return undefined;
  };
  const base = all.filter((s) => !s.hostile);
  const ok = (await pool(base, 2, (s) => trySet(s, [0, 1, 2, 3, 4, 5]))).filter((s): s is InputSet => s !== undefined);
  // The hostile sets start from the buffers an ordinary set of their size
  // needed. At sizes the program fixes, each is a whole run of the problem:
  // past a short one, they would cost minutes before the sanitizer budget
  // (checkCandidate) can even decline them.
  const hostile = all.filter((s) => s.hostile);
  if (fixedSizes && refMs > HOSTILE_AT_FIXED_SIZES_MS) dropped.push(...hostile.map((s) => `${s.name} (not run: the original takes ${Math.round(refMs)} ms under ASan)`));
  else {
    const multFor = (s: InputSet) => Math.max(0, ...ok.filter((b) => b.n >= s.n && b.n <= 2 * s.n + 1).map((b) => b.mult));
    const kept = await pool(hostile, 2, (s) =>
      trySet(
        s,
        [0, 1, 2, 3, 4, 5].filter((m) => m >= multFor(s)),
      ),
    );
    ok.push(...kept.filter((s): s is InputSet => s !== undefined));
  }
  // ASan makes the reference ~2-3x slower than the plain build the differential
  // run uses; 10x of that plus process start-up is a generous, still short limit.
  return {
    untracked,
    sets: ok,
    dropped,
    base: base.length,
    baseKept: ok.filter((s) => !s.hostile).length,
    refMs,
    wallMs: Math.max(1500, Math.min(fixedSizes ? 60_000 : 20_000, 10 * refMs + 1000 + 2 * processMs)),
  };
}

/** At sizes the program fixes, the hostile sets are calibrated only when one call of the original is this quick under ASan. */
const HOSTILE_AT_FIXED_SIZES_MS = 1000;

interface Prepared {
  dir: string;
  plan: HarnessPlan;
  cal: Calibration;
  plainRef: BuildResult;
  pollyRef: BuildResult;
  /** The reference harness' source, for builds made later (the array-size probe's). */
  src: string;
  /** The compared run above 2^20 elements, where the original finishes it in time. */
  large?: LargeRun;
}

async function prepare(input: VerifyInput, plan: HarnessPlan): Promise<Prepared | { unverifiable: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-verify-'));
  const src = generateHarness(input.tu, input.fn, undefined, harnessOptions(input.config, input.codeFlags));
  const [asan, plainRef, pollyRef] = await Promise.all((['asan', 'plain', 'polly'] as BuildKind[]).map((k) => buildHarness(input.cc, input.codeFlags, k, src, dir, 'ref')));
  if (!asan.ok || !plainRef.ok) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { unverifiable: `the harness for the original does not compile: ${(asan.detail ?? plainRef.detail ?? '').split('\n')[0]}` };
  }
  const needed = neededFromElsewhere(plainRef.unresolved ?? [], reachableFunctions(input.tu, input.fn));
  if (needed.length) {
    fs.rmSync(dir, { recursive: true, force: true });
    const names = [...new Set(needed.map((u) => u.symbol))];
    return { unverifiable: `needs ${names.join(', ')} from another translation unit, which the harness cannot link` };
  }
  const cal = await calibrate(asan.exe, plan, valueOptions(input.codeFlags, input.config));
  if (cal.untracked) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { unverifiable: `after the call, ${cal.untracked} points to memory the harness did not give it and the function did not allocate` };
  }
  if (cal.baseKept < Math.min(3, cal.base)) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { unverifiable: `the original runs cleanly on only ${cal.sets.length} of the generated input sets (dropped: ${cal.dropped.join('; ')})` };
  }
  const largest = largestOrdinary(cal.sets);
  const large = largest ? await planLargeRun(plan, plainRef, largest.mult, input.config.threads) : undefined;
  return { dir, plan, cal, plainRef, pollyRef, src, large };
}

/** The largest of the ordinary sets (not aliasing, not hostile): the one the probe starts from. */
function largestOrdinary(sets: InputSet[]): InputSet | undefined {
  return sets.filter((s) => !s.alias && !s.hostile).reduce<InputSet | undefined>((a, b) => (!a || b.n > a.n ? b : a), undefined);
}

interface Checked {
  rec: CandidateRecord;
  candidate: Candidate;
  plainExe?: string;
  /** The plain harness' source and the candidate's linkable object: the array-size probe builds them again with the program's constant arguments. */
  plainHarness?: { src: string; obj: string };
}

async function checkCandidate(input: VerifyInput, prep: Prepared, c: Candidate, index: number): Promise<Checked> {
  const rec: CandidateRecord = { id: c.id, provider: c.origin.provider, model: c.origin.model, strategy: c.origin.strategy, form: c.form, checks: [] };
  if (await refuseUncontained(c, rec)) return { rec, candidate: c };
  const screen = screenCandidate(input.tu, input.fn, c, input.codeFlags);
  rec.checks.push(screen);
  if (!screen.ok) return { rec, candidate: c };
  // What the analysis knows before anything runs: a candidate that is not the
  // original plus legal directives is refused here, with a reason the model can use.
  const claim = input.secondLineOnly
    ? { outcome: { check: 'claim' as const, ok: true, ms: 0, detail: 'not run: a test of the checks behind it' }, evidence: 'tested' as const }
    : checkClaim(input.tu, input.fn, c.text, input.codeFlags, input.config);
  rec.checks.push(claim.outcome);
  if (claim.evidence) rec.evidence = claim.evidence;
  if (!claim.outcome.ok) return { rec, candidate: c };
  const cost = sanitizerCostMs(prep.plan, prep.cal);
  if (cost > SANITIZER_BUDGET_MS) {
    const detail = `not run: one call of the original takes ${Math.round(prep.cal.refMs / 2)} ms under ASan at the sizes the program fixes, so the sanitizer runs would take about ${Math.round(cost / 1000)} s (the limit is ${SANITIZER_BUDGET_MS / 1000} s); the original and Polly are still compared`;
    rec.checks.push({ check: 'tsan', ok: false, ms: 0, detail });
    return { rec, candidate: c };
  }
  const t0 = performance.now();
  const name = `cand${index}`;
  // The first failed check ends the candidate's checks: a failed build kills
  // the builds still running, and a failed run is the last run.
  const stop = new AbortController();
  const [plain, tsan, asan] = await Promise.all(
    (['plain', 'tsan', 'asan'] as BuildKind[]).map(async (k) => {
      const b = await buildCandidate(input, prep, c, k, name, stop.signal);
      if (!b.ok && !stop.signal.aborted) stop.abort();
      return { ...b, stopped: !b.ok && b.stopped === true };
    }),
  );
  // The build that failed first, not the ones it stopped.
  const broken = [plain, tsan, asan].find((b) => !b.ok && !b.stopped) ?? [plain, tsan, asan].find((b) => !b.ok);
  // The original links with the same stubs; a candidate that needs anything more would not link in the user's program.
  const known = new Set((prep.plainRef.unresolved ?? []).map((u) => u.symbol));
  const extra = broken ? [] : (plain.unresolved ?? []).filter((u) => !known.has(u.symbol) || u.from === CAND).map((u) => u.symbol);
  const detail = broken?.detail ?? (extra.length ? `references ${[...new Set(extra)].join(', ')}, which no file of the original's build defines` : undefined);
  rec.checks.push({ check: 'compile', ok: !detail, ms: Math.round(performance.now() - t0), detail });
  if (detail) return { rec, candidate: c };
  const env: RunEnv = { threads: input.config.threads, wallMs: prep.cal.wallMs };
  const scope: CandidateScope = { fn: input.fn.name, aliases: [CAND], lines: candidateLines(input, c), file: input.tu.file };
  // ASan before TSan: its runs cost a fraction of TSan's, and its finding is the more specific (BLAME).
  for (const [kind, exe] of [
    ['plain', plain.exe],
    ['asan', asan.exe],
    ['tsan', tsan.exe],
  ] as const) {
    const run = await runSets(exe, kind, prep.cal.sets, env, scope);
    // A set the original itself failed on narrows every check: the record says which.
    if (kind === 'plain' && run.outcome.ok && prep.cal.dropped.length) run.outcome.detail += `; not run, as the original fails or times out on them: ${prep.cal.dropped.join('; ')}`;
    rec.checks.push(run.outcome);
    if (!run.outcome.ok) return { rec, candidate: c };
    // One compared run above 2^20 elements, plain only: what only large sizes break (an index kept in too few bits).
    if (kind === 'plain' && prep.large) {
      const r = await runSet(plain.exe, 'plain', prep.large.set, 1, { threads: CHECK_THREADS.plain[1], wallMs: prep.large.wallMs }, scope);
      rec.checks.push({ check: 'differential', ok: r.ok, ms: Math.round(r.ms), detail: r.ok ? `${prep.large.set.name} matches` : r.detail });
      if (!r.ok) return { rec, candidate: c };
    }
  }
  return { rec, candidate: c, plainExe: plain.exe, plainHarness: plain.harness };
}

/** The candidate's lines in its spliced unit's presumed file (the splice puts it where the original was). */
function candidateLines(input: VerifyInput, c: Candidate): [number, number] {
  return [input.fn.sourceLine, input.fn.sourceLine + c.text.split('\n').length];
}

/**
 * One build of a candidate's harness: the candidate's unit (the spliced text
 * the driver compiles for the user) compiled as it ships, renamed, and linked
 * with the harness (build.ts). The plain kind is the shipped compile itself;
 * the sanitizer kinds compile the same unit instrumented.
 */
async function buildCandidate(
  input: VerifyInput,
  prep: Prepared,
  c: Candidate,
  kind: BuildKind,
  name: string,
  signal: AbortSignal,
): Promise<BuildResult & { stopped?: boolean; harness?: { src: string; obj: string } }> {
  const failed = (detail: string) => ({ ok: false, exe: '', ms: 0, detail, stopped: signal.aborted });
  let unit: string;
  try {
    unit = spliceFunctions(input.tu, [{ fn: input.fn, text: c.text }]);
  } catch (e) {
    return failed((e as Error).message);
  }
  const shipped = await compileShipped(input.cc, input.codeFlags, kind, unit, prep.dir, name, { file: input.tu.file, lines: candidateLines(input, c) }, signal);
  if (!shipped.ok) return failed(shipped.detail);
  if (signal.aborted) return failed('stopped: another build failed');
  const linkable = await linkableCandidate(shipped.obj, input.fn.name, CAND, prep.dir, prep.plan.globals, signal);
  if (!linkable.ok) return failed(linkable.detail);
  if (signal.aborted) return failed('stopped: another build failed');
  let src: string;
  try {
    src = generateHarness(input.tu, input.fn, { defines: linkable.defines, sizes: linkable.sizes }, harnessOptions(input.config, input.codeFlags));
  } catch (e) {
    return failed((e as Error).message);
  }
  const built = await buildHarness(input.cc, input.codeFlags, kind, src, prep.dir, name, linkable.obj, signal);
  return built.ok ? { ...built, harness: { src, obj: linkable.obj } } : { ...built, stopped: signal.aborted };
}

function passed(rec: CandidateRecord): boolean {
  return rec.checks.every((c) => c.ok);
}

export async function verifyFunction(input: VerifyInput): Promise<VerifyResult> {
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  const done = (verdict: Verdict, candidates: CandidateRecord[], pollySpeedup?: number): VerifyResult => ({
    verdict,
    candidates,
    pollySpeedup,
    ms: Math.round(performance.now() - t0),
    phases,
  });
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    try {
      return await f();
    } finally {
      phases[name] = Math.round(performance.now() - s);
    }
  };
  const why = unverifiableReason(input.fn, input.tu);
  if (why) return done({ kind: 'unverifiable', reason: why }, []);
  let plan: HarnessPlan;
  try {
    plan = planHarness(input.fn, input.tu);
  } catch (e) {
    return done({ kind: 'unverifiable', reason: (e as Error).message }, []);
  }
  const prep = await timed('calibrate', () => prepare(input, plan));
  if ('unverifiable' in prep) return done({ kind: 'unverifiable', reason: prep.unverifiable }, []);
  try {
    const checked: Checked[] = [];
    const queue = input.candidates.map((c) => ({ c, depth: 0 }));
    for (let i = 0; i < queue.length && i < 16; i++) {
      const { c, depth } = queue[i];
      const r = await timed(`check:${c.id}`, () => checkCandidate(input, prep, c, i));
      checked.push(r);
      if (!passed(r.rec) && input.onFailure && depth < input.config.retries) {
        try {
          const more = await input.onFailure(c, failureOf(r.rec)!);
          for (const m of more) queue.push({ c: m, depth: depth + 1 });
        } catch (e) {
          swallowed('verify/verify', e);
          /* the provider gave up: check what we have */
        }
      }
    }
    if (input.checksOnly)
      return done(
        { kind: 'undecided', reason: 'checks only: nothing was timed' },
        checked.map((c) => c.rec),
      );
    return await decide(input, prep, checked, done, timed);
  } finally {
    if (!process.env.SLMCC_KEEP_VERIFY_DIR) fs.rmSync(prep.dir, { recursive: true, force: true });
  }
}

async function compareAtProbeSize(survivors: Checked[], scale: Scale, threads: number): Promise<Checked[]> {
  // Gross errors (an overflowing index, a missed tile) are what this run is
  // for; a float sum of millions of terms reordered across threads differs
  // from the serial one by far more than the checks' tolerance allows.
  const set: InputSet = { name: `probe size n=${scale.n}`, n: scale.n, distinct: false, seed: 23, mult: scale.mult, loose: 1000 };
  // Two calls of each side plus filling both copies of the inputs.
  const wallMs = Math.max(10_000, (8 * scale.refMs) / Math.max(1, scale.reps) + 4 * (scale.processMs ?? 0));
  const kept: Checked[] = [];
  for (const s of survivors) {
    const r = await runSet(s.plainExe!, 'plain', set, 1, { threads, wallMs });
    s.rec.checks.push({ check: 'differential', ok: r.ok, ms: Math.round(r.ms), detail: r.ok ? `${set.name} matches` : r.detail });
    if (r.ok) kept.push(s);
  }
  return kept;
}

/** The constants the function's one call passes, as defines the sized harness builds take (call-constants.ts). */
async function programArguments(input: VerifyInput, prep: Prepared, big: Scale): Promise<string[]> {
  return argumentDefines(await callSiteConstants(input.cc, input.codeFlags, input.tu, input.fn, prep.dir), prep.plan.params, big.n);
}

async function decide(
  input: VerifyInput,
  prep: Prepared,
  checked: Checked[],
  done: (v: Verdict, c: CandidateRecord[], p?: number) => VerifyResult,
  timed: <T>(name: string, f: () => Promise<T>) => Promise<T>,
): Promise<VerifyResult> {
  const records = checked.map((c) => c.rec);
  let survivors = checked.filter((c) => passed(c.rec) && c.plainExe);
  const original: Variant = { name: 'original', exe: prep.plainRef.exe, which: 0 };
  const threads = input.config.threads;
  const margin = input.config.margin;
  const largest = largestOrdinary(prep.cal.sets) ?? prep.cal.sets[0];
  const t0 = performance.now();
  const scaled = await timed('scale', () => scaleInput(original, { plan: prep.plan, n: largest.n, mult: largest.mult, threads }));
  if ('error' in scaled) {
    const why = `timing probe: ${scaled.error}`;
    for (const s of survivors) s.rec.checks.push({ check: 'timing', ok: false, ms: Math.round(performance.now() - t0), detail: why });
    return done({ kind: 'undecided', reason: why }, records);
  }
  let scale: Scale = scaled;
  // The checked sizes stop where a quick run does; the probe runs larger. A
  // candidate wrong only at large sizes (an int index overflowing, a tile
  // bound) is compared once at the very size it would be timed at.
  if (scale.n > largest.n) survivors = await timed('compare-at-probe-size', () => compareAtProbeSize(survivors, scale, threads));
  let variants: Variant[] = [original];
  if (prep.pollyRef.ok) variants.push({ name: 'polly', exe: prep.pollyRef.exe, which: 0 });
  for (const s of survivors) variants.push({ name: s.rec.id, exe: s.plainExe!, which: 1 });
  let p = await timed('probe', () => probe(variants, scale, threads, margin));
  // Something beat the original below the size the program's arrays declare:
  // the contenders are timed again there (and compared there first), and
  // that probe decides. See arraySizeScale.
  if (!p.busy && favourite(p, margin)) {
    const big = await timed('scale', () => arraySizeScale(original, prep.plan, scale, threads));
    if (big) {
      const ranked = survivors.filter((s) => p.medians[s.rec.id] !== undefined).sort((a, b) => p.medians[a.rec.id] - p.medians[b.rec.id]);
      // The two fastest candidates go on; one wrong at the arrays' size is out.
      const contenders = await timed('compare-at-probe-size', () => compareAtProbeSize(ranked.slice(0, 2), big, threads));
      // The original and Polly are timed as the program runs them: on the
      // sizes as constants (harness.ts' __SLMCC_FIXED_N), and on the other
      // constants the program's one call passes (call-constants.ts), which the
      // compiler specialises them on; a candidate's shipped function has its
      // address taken (the splice's keep-alive), in the program as here, and
      // it is called with the same values.
      const sizedBuilds = async (constants: string[]) => {
        const fixed = [...input.codeFlags, `-D__SLMCC_FIXED_N=${big.n}`, ...constants];
        const refs = await timed('build:sized', () => Promise.all((['plain', 'polly'] as BuildKind[]).map((k) => buildHarness(input.cc, fixed, k, prep.src, prep.dir, 'ref-sized'))));
        const called = constants.length
          ? await timed('build:sized', () =>
              Promise.all(contenders.map((s) => (s.plainHarness ? buildHarness(input.cc, fixed, 'plain', s.plainHarness.src, prep.dir, `${s.rec.id}-sized`, s.plainHarness.obj) : undefined))),
            )
          : [];
        return { refs, called, fair: refs.every((b) => b.ok) && called.every((b) => b?.ok) };
      };
      const constants = await timed('call-constants', () => programArguments(input, prep, big));
      let sized = await sizedBuilds(constants);
      // Every contender sees the program's values, or none does: then the sizes alone, as before.
      if (constants.length && !sized.fair) sized = await sizedBuilds([]);
      const exeOf = (v: Variant) => {
        if (v.name === 'original') return sized.refs[0].ok ? sized.refs[0].exe : v.exe;
        if (v.name === 'polly') return sized.refs[1].ok ? sized.refs[1].exe : v.exe;
        return sized.called[contenders.findIndex((s) => s.rec.id === v.name)]?.exe ?? v.exe;
      };
      const bigVariants = variants.filter((v) => v.which === 0 || contenders.some((s) => s.rec.id === v.name)).map((v) => ({ ...v, exe: exeOf(v) }));
      const there = await timed('probe', () => probe(bigVariants, big, threads, margin));
      if (!there.busy) {
        survivors = contenders;
        variants = bigVariants;
        scale = big;
        p = there;
      }
    }
  }
  // Medians and paired rounds disagree about the variant the verdict would go
  // to: time again, once, and judge on all ten rounds, so that a close call is
  // settled (and stored) rather than asked again on every build.
  if (!p.busy && favourite(p, margin)?.agreed === false) {
    const again = await timed('probe', () => probe(variants, scale, threads, margin));
    if (!again.busy) p = combineProbes(p, again, margin);
  }
  const orig = p.medians.original;
  const polly = p.medians.polly;
  const pollySpeedup = orig && polly ? orig / polly : undefined;
  const where = `n=${scale.n}${scale.reps > 1 ? ` x${scale.reps}` : ''}, ${threads} threads, medians of ${p.rounds}${p.predicted ? `, predicted from the threads' waits: ${p.predicted}` : ''}`;
  for (const s of survivors) {
    const m = p.medians[s.rec.id];
    if (m && orig) s.rec.speedup = orig / m;
    const failure = p.failures[s.rec.id];
    s.rec.checks.push({
      check: 'timing',
      ok: !failure && m !== undefined,
      ms: Math.round(p.ms / Math.max(1, variants.length)),
      detail: failure ? `failed in the probe: ${failure}` : m ? `${m.toFixed(1)} ms vs original ${orig?.toFixed(1)} ms${polly ? `, Polly ${polly.toFixed(1)} ms` : ''} (${where})` : undefined,
    });
  }
  if (p.busy) return done({ kind: 'undecided', reason: `machine busy: ${p.busy}` }, records, pollySpeedup);
  // A correct parallel loop running at under half the original's speed is the
  // signature of threads descheduled by other load that came and went between
  // /proc/stat samples; with a loaded run queue, do not hold it against the
  // candidate. The probe's own threads raise the load average to about the
  // core count, so only load beyond that counts: otherwise a genuinely slow
  // candidate would stay undecided, and be checked again, on every build.
  const worst = survivors.map((s) => s.rec.speedup ?? 1).reduce((a, b) => Math.min(a, b), 1);
  // Where the runs' threads reported their waits (disturbance.ts), the probe already judged this.
  if (!p.waited && worst < 0.5 && loadAverage() > os.availableParallelism() + 0.5)
    return done({ kind: 'undecided', reason: `machine busy: load average ${loadAverage().toFixed(1)} and a candidate at ${worst.toFixed(2)}x` }, records, pollySpeedup);
  if (!orig) return done({ kind: 'undecided', reason: `the original failed in the timing probe: ${p.failures.original}` }, records, pollySpeedup);
  const fav = favourite(p, margin);
  if (fav && !fav.agreed) {
    const who = fav.name === 'polly' ? 'Polly' : `candidate ${fav.name}`;
    const why = `${who} won on the medians but only in ${p.wins[fav.name] ?? 0} of ${p.rounds} paired rounds`;
    return done(p.rounds > ROUNDS ? { kind: 'original', reason: `${why}: within the noise` } : { kind: 'undecided', reason: why }, records, pollySpeedup);
  }
  if (fav?.name === 'polly') return done({ kind: 'polly', speedup: orig / polly! }, records, pollySpeedup);
  const chosen = fav && survivors.find((s) => s.rec.id === fav.name);
  if (chosen)
    return done(
      { kind: 'candidate', candidateId: chosen.rec.id, text: chosen.candidate.text, speedup: orig / p.medians[chosen.rec.id], evidence: chosen.rec.evidence ?? 'tested' },
      records,
      pollySpeedup,
    );
  const best = survivors.filter((s) => p.medians[s.rec.id] !== undefined).sort((a, b) => p.medians[a.rec.id] - p.medians[b.rec.id])[0];
  const reason = !checked.length
    ? 'no candidates, and Polly did not beat the original by the margin'
    : !survivors.length
      ? `no candidate passed the checks (${records.map((r) => `${r.id}: ${failureOf(r)?.check}`).join(', ')})`
      : !best
        ? `no candidate finished the timing probe (${survivors.map((s) => `${s.rec.id}: ${p.failures[s.rec.id] ?? 'no time'}`).join(', ')})`
        : `no candidate beat the original${polly ? ' or Polly' : ''} by ${Math.round(margin * 100)}% (best ${(orig / p.medians[best.rec.id]).toFixed(2)}x)`;
  return done({ kind: 'original', reason }, records, pollySpeedup);
}
