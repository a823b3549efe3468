// `slmcc --slmcc tune`: a training run. Build the project as it is (with
// slmcc, every compile recorded), run the workload for reference outputs and
// a profile, then for each measured-hot function with loops judge each
// candidate (the provider's and Polly for that function alone) on the
// workload itself, keep what is correct and faster, store the verdicts under
// the keys a plain build looks up, and rebuild the user's tree with them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCache, sha256, type CacheEntry } from '../cache/index.js';
import { loadConfig, type Config } from '../config/index.js';
import { compileFlagsOf, findCompiler } from '../driver/index.js';
import type { FunctionInfo } from '../analysis/types.js';
import { calleesDefinedElsewhere, profileCounterSpans, withSameFileCallees } from '../analysis/index.js';
import { externalEffects, knowEffectsElsewhere, type Effects } from '../analysis/dependence/index.js';
import { analyseSource, chooseProvider, proposeCandidates, type AnalysedSource } from '../pipeline/index.js';
import { VERDICT_FORMAT_VERSION } from '../cache/index.js';
import { makeRecord } from '../core/decision.js';
import { acquireProbeLock, checkClaim, screenCandidate, type CandidateRecord, type Verdict } from '../verify/index.js';
import { buildWith, judge, median, race, sameObject, type Scene } from './judge.js';
import { readProfiles, type Profile } from './profile.js';
import { copyBuiltTree, copyTree, objectOf, readRecorded, removeObjects, runBuild } from './trees.js';
import { compareOutcomes, killWorkloads, runWorkload, type RunOutcome, type Workload } from './workload.js';

export interface TuneOptions {
  runs: string[];
  ignore: string[];
  outputs: string[];
  top: number;
  budgetMinutes: number;
  build: string[];
  cwd?: string;
  /** Interleaved timing rounds per comparison. */
  rounds?: number;
  /** A smaller workload for the sanitizer runs (--check-run); the workload itself when empty. */
  checkRuns?: string[];
}

/** A trial that passed every check but timing, within the margin of the best build. */
interface Near {
  verdict: Verdict;
  rec: CandidateRecord;
  speedup: number;
}

interface Row {
  fn: string;
  file: string;
  share: number;
  verdict: string;
  reason: string;
  speedup?: number;
  seconds: number;
}

const say = (s: string) => process.stderr.write(`slmcc tune: ${s}\n`);

function slmccBin(): string {
  const self = process.env.SLMCC_SELF;
  if (self && fs.existsSync(self)) return self;
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'bin', 'slmcc');
}

export async function runTune(o: TuneOptions): Promise<number> {
  const started = performance.now();
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const { config } = loadConfig(process.env, cwd);
  if (o.runs.length === 0) return fail('give at least one --run command (the workload)', 2);
  if (o.build.length === 0) return fail('give the build command after --, e.g. `slmcc --slmcc tune --run ./prog -- make -j2`', 2);
  if (fs.existsSync(path.join(cwd, 'CMakeCache.txt'))) return fail('run tune from the source folder, not a CMake build folder (it copies the current folder)', 2);
  const configured = fs.readdirSync(cwd, { withFileTypes: true }).find((e) => e.isDirectory() && fs.existsSync(path.join(cwd, e.name, 'CMakeCache.txt')));
  if (configured)
    return fail(
      `${configured.name}/ is a configured CMake build folder, whose absolute paths point back here; configure a fresh one inside the build command, e.g. -- sh -c 'cmake -S . -B build-tune -DCMAKE_TOOLCHAIN_FILE=... && cmake --build build-tune'`,
      2,
    );
  let ignore: RegExp[];
  try {
    ignore = o.ignore.map((p) => new RegExp(p));
  } catch (e) {
    return fail(`--ignore: ${(e as Error).message}`, 2);
  }
  const cc = findCompiler(config.cc, process.env, process.env.SLMCC_SELF);
  if (!cc.ok) return fail(cc.message.replace(/^slmcc: /, ''), 127);
  const provider = await chooseProvider(config);
  if (provider.kind === 'unavailable') return fail(`${provider.reason}; set SLMCC_PROVIDER=builtin to tune without a model`, 1);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-tune-'));
  // SLMCC_TUNE_KEEP=1 leaves the scratch folder for a look at what tune built.
  const cleanup = () => (process.env.SLMCC_TUNE_KEEP === '1' ? say(`kept ${root}`) : fs.rmSync(root, { recursive: true, force: true }));
  const onSignal = (sig: NodeJS.Signals) => {
    say(`interrupted (${sig}): your folder is as it was; nothing was stored`);
    killWorkloads();
    cleanup();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await tune(o, { cwd, config, cc: cc.argv, ccResolved: cc.resolved, provider, root, ignore, started });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanup();
  }
}

/** A failed workload command, its status and the last lines it wrote to stderr. */
const exited = (r: RunOutcome): string => `\`${r.cmd}\` exited ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300)}`;

function fail(msg: string, code: number): number {
  say(msg);
  return code;
}

interface Ctx {
  cwd: string;
  config: Config;
  cc: string[];
  ccResolved: string;
  provider: Exclude<Awaited<ReturnType<typeof chooseProvider>>, { kind: 'unavailable' }>;
  root: string;
  ignore: RegExp[];
  started: number;
}

async function tune(o: TuneOptions, x: Ctx): Promise<number> {
  const { root, config } = x;
  const workload: Workload = { runs: o.runs, ignore: x.ignore, outputs: o.outputs };
  const env: NodeJS.ProcessEnv = { ...process.env, CC: slmccBin(), SLMCC_MODE: 'cache-only' };
  // Scratch builds read and write only their own caches.
  delete env.SLMCC_REMOTE_STORAGE;
  delete env.SLMCC_RETRY_PENDING;
  const dirs = { ref: path.join(root, 'ref'), best: path.join(root, 'best'), trial: path.join(root, 'trial'), san: path.join(root, 'san'), prof: path.join(root, 'prof') };
  const bestCache = path.join(root, 'cache-best');
  fs.mkdirSync(bestCache, { recursive: true });
  // The verdicts a plain build uses now; direct-mode objects stay behind so every compile looks its functions up.
  if (fs.existsSync(path.join(config.cacheDir, 'entries'))) fs.cpSync(path.join(config.cacheDir, 'entries'), path.join(bestCache, 'entries'), { recursive: true });

  say(`building the reference in a copy of ${x.cwd} (${o.build.join(' ')}, CC=slmcc, cache-only)`);
  copyTree(x.cwd, dirs.ref);
  const record = path.join(root, 'compiles.jsonl');
  const rb = await runBuild(o.build, dirs.ref, { ...env, SLMCC_CACHE_DIR: bestCache, SLMCC_RECORD: record, SLMCC_LOG: path.join(root, 'ref.jsonl') });
  if (!rb.ok) return fail(`the reference build failed: ${rb.detail}`, 1);
  const recorded = readRecorded(record);
  // A configured build folder (CMake's cache, absolute paths in generated
  // makefiles) builds the original sources into the original folder even
  // from a copy: trial objects would land where a plain build picks them up.
  const inside = (p: string) => p === dirs.ref || p.startsWith(dirs.ref + path.sep);
  const outside = recorded.find(
    (c) => !inside(path.resolve(c.cwd)) || (c.output !== undefined && !inside(path.resolve(c.cwd, c.output))) || c.sources.some((src) => !inside(path.resolve(c.cwd, src))),
  );
  if (outside)
    return fail(
      `the build compiled outside the copy tune works in (${path.resolve(outside.cwd, outside.sources[0] ?? '')}): a build folder configured with absolute paths? Configure it inside the build command, e.g. -- sh -c 'cmake -S . -B build-tune -DCMAKE_TOOLCHAIN_FILE=... && cmake --build build-tune'`,
      1,
    );
  const compiles = recorded;
  const objects = [...new Set(compiles.flatMap((c) => c.sources.map((s) => objectOf(c, s, dirs.ref)).filter((p): p is string => !!p)))];
  // Timing is honest only with the machine to ourselves: the same lock the compile-time probes take.
  const release = await acquireProbeLock(5_000);
  if (!release) say('another slmcc is timing on this machine; tune goes on, but its timings may be noisy');
  try {
    say(`reference build: ${(rb.ms / 1000).toFixed(1)} s, ${compiles.length} compiles recorded; running the workload while the profiling build (clang instrumentation) runs`);
    // The profile weighs the code as written, as the analysis reads it: the profiling build is the real compiler's.
    copyTree(dirs.ref, dirs.prof);
    const profDir = path.join(root, 'profraw');
    fs.mkdirSync(profDir);
    const [ref1, pb] = await Promise.all([
      runWorkload(workload, dirs.ref),
      buildWith({ build: o.build, objects, env: { ...env, SLMCC_MODE: 'off' } }, dirs.prof, bestCache, path.join(root, 'prof.jsonl'), '-fprofile-instr-generate'),
    ]);
    const bad = ref1.find((r) => r.code !== 0);
    if (bad) return fail(`the reference run failed: ${exited(bad)}`, 1);
    if (!pb.ok) return fail(`the profiling build failed: ${pb.detail}`, 1);
    say('profiling the workload');
    const profRun = await runWorkload(workload, dirs.prof, { ...env, LLVM_PROFILE_FILE: path.join(profDir, '%p-%m.profraw') });
    // The profiling run is the second reference run: where it differs (a verdict the cache holds rounds differently), a second run of the reference decides.
    const ref2 = compareOutcomes(ref1, profRun, x.ignore) ? await runWorkload(workload, dirs.ref) : undefined;
    const unstable = ref2 && compareOutcomes(ref1, ref2, x.ignore);
    if (unstable) return fail(`two reference runs differ, so no candidate could be judged: ${unstable}; add an --ignore pattern for that line`, 1);
    const refMs = median([ref1, ...(ref2 ? [ref2] : [])].map((r) => r.reduce((t, q) => t + q.ms, 0)));
    const checkWorkload: Workload | undefined = o.checkRuns?.length ? { runs: o.checkRuns, ignore: x.ignore, outputs: o.outputs } : undefined;
    const checkRef = checkWorkload ? await runWorkload(checkWorkload, dirs.ref) : undefined;
    const badCheck = checkRef?.find((r) => r.code !== 0);
    if (badCheck) return fail(`the reference --check-run failed: ${exited(badCheck)}`, 1);

    const counts = await readProfiles(profDir);
    if ('error' in counts) return fail(`profile: ${counts.error}`, 1);

    // The functions with loops, weighted by their own counters plus those of the same-file functions they call.
    const sources: { a: AnalysedSource; file: string; object?: string }[] = [];
    for (const c of compiles)
      for (const s of c.sources) {
        const a = await analyseSource(x.cc, x.ccResolved, c.args, s, c.cwd, config, x.provider, bestCache);
        if ('error' in a) say(`skipping ${s}: ${a.error}`);
        else sources.push({ a, file: path.relative(dirs.ref, path.resolve(c.cwd, s)), object: objectOf(c, s, dirs.ref) });
      }
    // The whole program is known here: each file's analysis sees through calls to the others'.
    const program = new Map<string, Effects>();
    const twice = new Set<string>();
    for (const { a } of sources)
      for (const [name, eff] of externalEffects(a.tu)) {
        if (program.has(name)) twice.add(name);
        program.set(name, eff);
      }
    for (const name of twice) program.delete(name);
    for (const { a } of sources) knowEffectsElsewhere(a.tu, new Map([...program].filter(([name]) => !a.tu.functions.some((f) => f.name === name))));
    const totalCount = [...counts.sums.values()].reduce((t, n) => t + n, 0) || 1;
    const ranked = sources
      .flatMap(({ a, file, object }) => {
        // A function whose hot nests were outlined is judged through them, as a plain build judges it.
        const parents = new Set(a.outlinedFrom.values());
        return a.tu.functions.filter((f) => f.loops.length > 0 && f.name !== 'main' && !parents.has(f.name)).map((fn) => ({ a, file, object, fn, weight: inclusive(a, fn, counts) }));
      })
      .filter((r) => r.weight / totalCount >= 0.02)
      .sort((p, q) => q.weight - p.weight)
      .slice(0, o.top);
    say(
      `${ranked.length} function${ranked.length === 1 ? '' : 's'} with loops carry 2% or more of the workload: ${ranked.map((r) => `${r.fn.name} ${((100 * r.weight) / totalCount).toFixed(0)}%`).join(', ') || 'none'}`,
    );

    // The reference tree was built with the verdicts the best build uses:
    // the best and trial trees start as copies of it, built.
    copyBuiltTree(dirs.ref, dirs.best);
    copyBuiltTree(dirs.ref, dirs.trial);
    copyTree(dirs.ref, dirs.san);
    const scene: Scene = {
      build: o.build,
      workload,
      reference: ref1,
      objects,
      env,
      threads: config.threads,
      margin: config.margin,
      rounds: o.rounds ?? 5,
      check: checkWorkload && checkRef ? { workload: checkWorkload, reference: checkRef } : undefined,
    };
    // The best tree holds the reference build already; trials rebuild the others.
    const rows: Row[] = [];
    const accepted: CacheEntry[] = [];
    const workloadHash = sha256(JSON.stringify([o.runs, o.outputs, o.ignore]));
    let trees = { best: dirs.best, trial: dirs.trial, san: dirs.san };
    // Objects a tree holds that the best build does not: a trial relinks
    // after rebuilding only these and the function's own object.
    const stale = new Map<string, Set<string>>();
    const staleIn = (tree: string) => stale.get(tree) ?? new Set<string>();
    const judgedSeconds: number[] = [];
    let lastWin: number | undefined;
    /** Decisions compose: the next trial and the next function are judged against the accepted trial's build. */
    const promote = (trialCache: string, own: string[]) => {
      fs.rmSync(bestCache, { recursive: true, force: true });
      fs.renameSync(trialCache, bestCache);
      // The old best tree lacks the accepted objects on top of what it lacked before.
      stale.set(trees.best, new Set([...staleIn(trees.best), ...own]));
      trees = { best: trees.trial, trial: trees.best, san: trees.san };
      stale.delete(trees.best);
    };
    // Trials that passed every check but timing and were within the margin alone: loops that share data
    // (one writes what the next reads) may gain only when both run on the same threads' caches.
    const evenAlone: { r: (typeof ranked)[number]; key: string; share: number; near: Near; records: CandidateRecord[]; requests: number; own: string[]; row: number }[] = [];
    for (const [k, r] of ranked.entries()) {
      const t0 = performance.now();
      const share = r.weight / totalCount;
      const key = r.a.keyOf(r.fn);
      const bound = amdahl(share, config.threads);
      const spent = (performance.now() - x.started) / 1000;
      const left = o.budgetMinutes * 60 - spent;
      const perFunction = judgedSeconds.length ? median(judgedSeconds) : 0;
      if (bound < 1 + config.margin) {
        rows.push({
          fn: r.fn.name,
          file: r.file,
          share,
          verdict: 'skipped',
          reason: `cannot pay: ${(share * 100).toFixed(0)}% of the workload gains at most ${bound.toFixed(2)}x on ${config.threads} threads, under the ${(config.margin * 100).toFixed(0)}% margin`,
          seconds: 0,
        });
        continue;
      }
      if (left <= 0 || perFunction > left) {
        rows.push({
          fn: r.fn.name,
          file: r.file,
          share,
          verdict: 'skipped',
          reason: left <= 0 ? `over the ${o.budgetMinutes}-minute budget` : `the ${o.budgetMinutes}-minute budget has ${left.toFixed(0)} s left, a function takes about ${perFunction.toFixed(0)} s`,
          seconds: 0,
        });
        continue;
      }
      say(`function ${k + 1} of ${ranked.length}: ${r.fn.name} (${r.file}, ${(share * 100).toFixed(0)}% of the workload, at most ${bound.toFixed(2)}x)`);
      const { candidates, refused, requests } = await proposeCandidates(r.a, r.fn, x.provider);
      const trials: { id: string; verdict: Verdict; rec: CandidateRecord }[] = [];
      for (const c of candidates) {
        // Read under the user's -std and target, as the compile that ships reads it.
        const flags = compileFlagsOf(r.a.job.parsed);
        const screen = screenCandidate(r.a.tu, r.fn, c, flags);
        const rec: CandidateRecord = { id: c.id, provider: c.origin.provider, model: c.origin.model, strategy: c.origin.strategy, form: c.form, checks: [screen] };
        // The workload judges what the analysis leaves open; it does not overrule what the analysis refuses.
        if (screen.ok) {
          const claim = checkClaim(r.a.tu, r.fn, c.text, flags, config);
          rec.checks.push(claim.outcome);
          rec.evidence = claim.evidence;
        }
        trials.push({ id: c.id, verdict: { kind: 'candidate', candidateId: c.id, text: c.text, speedup: 1, evidence: rec.evidence ?? 'tested' }, rec });
      }
      trials.push({ id: 'polly', verdict: { kind: 'polly', speedup: 1 }, rec: { id: 'polly', provider: 'polly', form: 'plan', checks: [] } });
      let winner: { verdict: Verdict; rec: CandidateRecord; speedup: number } | undefined;
      let near: Near | undefined;
      for (const t of trials) {
        // A trial must beat the winner by the margin, and no build of this function beats the bound.
        if (winner && bound < winner.speedup * (1 + config.margin)) {
          const why = `cannot pay: ${winner.rec.id}'s ${winner.speedup.toFixed(2)}x leaves under the ${(config.margin * 100).toFixed(0)}% margin to the ${bound.toFixed(2)}x bound`;
          t.rec.checks.push({ check: 'timing', ok: false, ms: 0, detail: why });
          say(`  ${t.id}: not tried, ${why}`);
          continue;
        }
        const refusedUnbuilt = t.rec.checks.find((c) => !c.ok);
        if (refusedUnbuilt) {
          say(`  ${t.id}: refused at ${refusedUnbuilt.check}: ${refusedUnbuilt.detail ?? ''}`);
          continue;
        }
        const trialCache = path.join(root, `cache-${k}-${t.id}`);
        fs.cpSync(bestCache, trialCache, { recursive: true });
        await openCache({ ...config, cacheDir: trialCache }).put(entryFor(r, key, t.verdict, [], share, o, workloadHash, 0));
        const own = r.object ? [r.object] : objects;
        const j = await judge(scene, trees, trialCache, root, {
          rebuild: [...new Set([...staleIn(trees.trial), ...own])],
          object: r.object ?? '',
          applied: (log) => usedVerdict(log, key),
          progress: (check) => {
            const now = (performance.now() - x.started) / 1000;
            say(`  ${t.id}: ${check} (function ${k + 1} of ${ranked.length}, ${now.toFixed(0)} s spent, ${Math.max(0, o.budgetMinutes * 60 - now).toFixed(0)} s of the budget left)`);
          },
        });
        // The trial tree now differs from the best build only in this function's object.
        stale.set(trees.trial, new Set(own));
        t.rec.checks.push(...j.checks);
        t.rec.speedup = j.speedup;
        const failed = j.checks.find((c) => !c.ok);
        say(
          `  ${t.id}: ${j.unchanged ? 'unchanged: the same object as the best build' : failed ? `refused at ${failed.check}: ${(failed.detail ?? '').split('\n')[0].slice(0, 160)}` : `accepted, ${j.speedup!.toFixed(2)}x`}`,
        );
        const onlyTiming = !j.ok && !j.unchanged && j.speedup !== undefined && j.checks.every((c) => c.ok || c.check === 'timing');
        // Within the margin the order is noise: the provider's first choice (the outermost loop, a static split) is
        // the one that partitions shared data as the next function's first choice does.
        if (onlyTiming && j.speedup! * (1 + config.margin) >= 1 && !near) near = { verdict: t.verdict, rec: t.rec, speedup: j.speedup! };
        // Passing the judge means beating the best build, which holds the earlier winner: speedups compose.
        if (j.ok) {
          winner = { verdict: t.verdict, rec: t.rec, speedup: (winner?.speedup ?? 1) * j.speedup! };
          promote(trialCache, own);
        } else fs.rmSync(trialCache, { recursive: true, force: true });
      }
      const records = trials.map((t) => t.rec);
      const seconds = (performance.now() - t0) / 1000;
      judgedSeconds.push(seconds);
      if (winner) {
        lastWin = winner.speedup;
        const v: Verdict = winner.verdict.kind === 'candidate' ? { ...winner.verdict, speedup: winner.speedup } : { kind: 'polly', speedup: winner.speedup };
        // The key covers this file only: say which other files' code the verdict was judged with.
        const read = withSameFileCallees(r.a.tu, r.fn)
          .flatMap((f) => calleesDefinedElsewhere(r.a.tu, f).map((c) => c.name))
          .filter((n, i, all) => program.has(n) && all.indexOf(n) === i);
        const note = read.length ? `judged with ${read.join(', ')} as other files define them now; tune again after changing them` : undefined;
        accepted.push(entryFor(r, key, v, records, share, o, workloadHash, requests, seconds, note));
        rows.push({
          fn: r.fn.name,
          file: r.file,
          share,
          verdict: v.kind === 'candidate' ? `candidate ${winner.rec.id}` : 'polly',
          reason: `correct on the workload, clean under TSan and ASan+UBSan, faster${note ? `; ${note}` : ''}`,
          speedup: winner.speedup,
          seconds,
        });
      } else {
        const why =
          records.length === 0
            ? 'no candidates'
            : records
                .map((q) => {
                  const f = q.checks.find((c) => !c.ok);
                  if (f?.detail?.startsWith('unchanged')) return `${q.id}: unchanged (the same object)`;
                  return `${q.id}: ${f ? `${f.check} (${(f.detail ?? '').split('\n')[0].slice(0, 100)})` : 'not faster'}`;
                })
                .join('; ');
        rows.push({ fn: r.fn.name, file: r.file, share, verdict: 'original', reason: `${why}${refused.length ? `; no proposal: ${refused[0]}` : ''}`, seconds });
        if (near) evenAlone.push({ r, key, share, near, records, requests, own: r.object ? [r.object] : objects, row: rows.length - 1 });
      }
    }

    // Together: the candidates that were even alone, in one build, judged as one (outputs, timing, sanitizers).
    const jointLeft = o.budgetMinutes * 60 - (performance.now() - x.started) / 1000;
    if (evenAlone.length >= 2 && jointLeft > (judgedSeconds.length ? median(judgedSeconds) : 0)) {
      const names = evenAlone.map((e) => `${e.r.fn.name} (${e.near.rec.id}, ${e.near.speedup.toFixed(2)}x alone)`).join(', ');
      say(`together: ${names}; loops that share data may gain only on the same threads`);
      const t0 = performance.now();
      const trialCache = path.join(root, 'cache-together');
      fs.cpSync(bestCache, trialCache, { recursive: true });
      const jc = openCache({ ...config, cacheDir: trialCache });
      for (const e of evenAlone) await jc.put(entryFor(e.r, e.key, e.near.verdict, [], e.share, o, workloadHash, 0));
      const own = [...new Set(evenAlone.flatMap((e) => e.own))];
      const j = await judge(scene, trees, trialCache, root, {
        rebuild: [...new Set([...staleIn(trees.trial), ...own])],
        object: '',
        applied: (log) => evenAlone.every((e) => usedVerdict(log, e.key)),
        progress: (check) => say(`  together: ${check} (${((performance.now() - x.started) / 1000).toFixed(0)} s spent)`),
      });
      stale.set(trees.trial, new Set(own));
      const failed = j.checks.find((c) => !c.ok);
      say(`  together: ${failed ? `refused at ${failed.check}: ${(failed.detail ?? '').split('\n')[0].slice(0, 160)}` : `accepted, ${j.speedup!.toFixed(2)}x`}`);
      const seconds = (performance.now() - t0) / 1000;
      if (j.ok) {
        for (const e of evenAlone) {
          const v: Verdict = e.near.verdict.kind === 'candidate' ? { ...e.near.verdict, speedup: j.speedup! } : { kind: 'polly', speedup: j.speedup! };
          const others = evenAlone.filter((x) => x !== e).map((x) => x.r.fn.name);
          e.near.rec.checks.push(...j.checks);
          accepted.push(entryFor(e.r, e.key, v, e.records, e.share, o, workloadHash, e.requests, seconds, `faster only together with ${others.join(', ')}`));
          rows[e.row] = {
            ...rows[e.row],
            verdict: v.kind === 'candidate' ? `candidate ${e.near.rec.id}` : 'polly',
            reason: `correct on the workload, clean under TSan and ASan+UBSan, faster together with ${others.join(', ')} (${e.near.speedup.toFixed(2)}x alone)`,
            speedup: j.speedup,
          };
        }
        promote(trialCache, own);
      } else fs.rmSync(trialCache, { recursive: true, force: true });
    }

    // Store, then put the tuned build in the user's tree.
    const cache = openCache(config);
    for (const e of accepted) await cache.put(e);
    await cache.flush();
    if (accepted.length) fs.rmSync(path.join(config.cacheDir, 'objects'), { recursive: true, force: true });
    say(`building the tuned program in ${x.cwd}`);
    // Nothing accepted leaves the verdicts as they were: the build does what it would have done without tune.
    if (accepted.length) for (const p of objects) fs.rmSync(path.join(x.cwd, p), { force: true });
    const fb = await runBuild(o.build, x.cwd, { ...env, SLMCC_CACHE_DIR: config.cacheDir });
    if (!fb.ok) say(`the tuned build in your folder failed (${fb.detail}); run your build again`);
    // Nothing accepted: the build is the reference's, and timing it again would only report noise as a speedup.
    // One accepted, and the user's objects are the winning trial's: that trial was raced against the reference already.
    const raced = accepted.length === 1 && fb.ok && objects.every((p) => sameObject(x.cwd, trees.best, p)) ? lastWin : undefined;
    const final = fb.ok && accepted.length && !raced ? await race({ ...scene, rounds: scene.rounds }, dirs.ref, x.cwd) : undefined;
    printTable(rows, raced ?? (final ? final.a / final.b : accepted.length ? undefined : 'unchanged'), refMs, (performance.now() - x.started) / 1000);
    return 0;
  } finally {
    release?.();
  }
}

/** The most a function with this share of the workload can gain on `threads` cores (Amdahl's law). */
export function amdahl(share: number, threads: number): number {
  return 1 / (1 - share + share / Math.max(1, threads));
}

/**
 * Own counters plus those of the same-file functions it calls, transitively
 * (each counted once). An outlined nest has no counters of its own: the
 * profile counted the function it came from, so it weighs that function's
 * counters inside the nest; where the counters cannot be placed (a count
 * that differs from what the walk of the source expects), the whole
 * function and its callees, an upper bound.
 */
function inclusive(a: AnalysedSource, fn: FunctionInfo, profile: Profile): number {
  const sum = (fns: FunctionInfo[]) => fns.reduce((w, f) => w + (profile.sums.get(f.name) ?? 0), 0);
  const from = a.outlinedFrom.get(fn.name);
  if (!from) return sum(withSameFileCallees(a.tu, fn));
  const own = nestCounters(a, fn.name, from, profile);
  if (own !== undefined) return own + sum(withSameFileCallees(a.tu, fn).filter((f) => f.name !== fn.name));
  return sum(withSameFileCallees(a.tu, a.tu.functions.find((f) => f.name === from) ?? fn));
}

/** The sum of `from`'s block counters inside the nest outlined as `name`, or undefined where they cannot be placed. */
function nestCounters(a: AnalysedSource, name: string, from: string, profile: Profile): number | undefined {
  const span = a.nestSpans.get(name);
  const parent = a.original.functions.find((f) => f.name === from);
  const blocks = profile.blocks.get(from);
  const spans = parent ? profileCounterSpans(parent) : null;
  if (!span || !blocks || !spans || spans.length !== blocks.length) return undefined;
  return spans.reduce((w, s, i) => (s.start >= span.start && s.end <= span.end ? w + blocks[i] : w), 0);
}

/** Whether the trial build's compile looked this key up and used it. */
function usedVerdict(log: string, key: string): boolean {
  try {
    return fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .some((l) => l.includes(`"key":"${key}"`));
  } catch {
    return false;
  }
}

function entryFor(
  r: { a: AnalysedSource; file: string; fn: FunctionInfo },
  key: string,
  verdict: Verdict,
  candidates: CandidateRecord[],
  share: number,
  o: TuneOptions,
  hash: string,
  requests: number,
  seconds = 0,
  note?: string,
): CacheEntry {
  const record = makeRecord(r.file, r.fn, {
    key,
    provider: candidates[0]?.provider ?? 'builtin',
    candidates,
    verdict,
    reason: `${verdict.kind === 'candidate' || verdict.kind === 'polly' ? `judged on the workload: ${verdict.speedup.toFixed(2)}x faster, outputs equal, clean under TSan and ASan+UBSan` : 'judged on the workload'}${note ? `; ${note}` : ''}`,
    from: 'checked',
    ms: Math.round(seconds * 1000),
    modelRequests: requests,
    workload: { commands: o.runs, hash, share },
  });
  return { key, formatVersion: VERDICT_FORMAT_VERSION, verdict, record };
}

function printTable(rows: Row[], speedup: number | 'unchanged' | undefined, refMs: number, seconds: number): void {
  const head = ['function', 'file', 'share', 'verdict', 'speedup', 'time s', 'reason'];
  const body = rows.map((r) => [r.fn, r.file, `${(r.share * 100).toFixed(0)}%`, r.verdict, r.speedup ? `${r.speedup.toFixed(2)}x` : '-', r.seconds.toFixed(0), r.reason]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  process.stdout.write([line(head), ...body.map(line)].join('\n') + '\n');
  process.stdout.write(
    `workload: reference ${(refMs / 1000).toFixed(2)} s; tuned build ${speedup === 'unchanged' ? 'unchanged (no verdict accepted)' : speedup ? `${speedup.toFixed(2)}x the reference (interleaved medians)` : 'not measured'}; tune took ${seconds.toFixed(0)} s\n`,
  );
}
