// PolyBench/C 4.2.1 as distributed, in the harness: each of its 30 programs
// is preprocessed as a user builds it (-DLARGE_DATASET -I utilities), every
// function with loops is given to verify with the builtin provider's
// candidates, and only the checks run (no timing). The report counts what
// must not happen: an original that fails in the harness, and a builtin
// candidate refused by the screen or failing a check.
//
//   npx vite-node scripts/polybench-harness.ts DIR [--only REGEX] [--originals-only] [--json FILE]
//
// DIR is a copy of PolyBench/C 4.2.1 (the directory holding utilities/).
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../src/analysis/index.js';
import { expectedRefusal, polybenchPrograms } from '../src/bench/polybench.js';
import { loadConfig } from '../src/config/index.js';
import { preprocess } from '../src/driver/index.js';
import { candidateMaker } from '../src/pipeline/candidates.js';
import { proposeBuiltin } from '../src/propose/index.js';
import os from 'node:os';
import { failureOf, unverifiableReason, verifyFunction } from '../src/verify/index.js';
import { buildHarness } from '../src/verify/build.js';
import { generateHarness, planHarness } from '../src/verify/harness.js';
import { runSet } from '../src/verify/runs.js';
import { harnessOptions } from '../src/verify/verify.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '');
if (!fs.existsSync(path.join(dir, 'utilities', 'polybench.h'))) {
  process.stderr.write('usage: polybench-harness.ts DIR (a PolyBench/C 4.2.1 copy) [--only REGEX] [--json FILE]\n');
  process.exit(2);
}
const only = opt('--only') ? new RegExp(opt('--only')!) : undefined;
/** Only the original at n = 32, no candidates: quick, and what an older slmcc can be measured on too. */
const originalsOnly = args.includes('--originals-only');

const programs = (): string[] => polybenchPrograms(dir).map((p) => path.join(dir, p.source));

interface Row {
  program: string;
  function: string;
  /** Why the harness did not run the original, or undefined when it did. */
  original?: string;
  /** The original alone at n = 32, as the probe first runs it, with buffers as the plan sizes them at first (mult 0). */
  at32?: string;
  candidates: { id: string; ok: boolean; failed?: string }[];
}

const cc = ['clang-19'];
const codeFlags = ['-O3'];
const config = { ...loadConfig().config, threads: 2 };
const rows: Row[] = [];

/** Why the original alone fails at n = 32 (mult 0, 2 threads), or undefined when it runs. */
async function originalAt32(tu: Parameters<typeof planHarness>[1] & object, fn: Parameters<typeof planHarness>[0]): Promise<string | undefined> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-at32-'));
  try {
    const plan = planHarness(fn, tu);
    const src = generateHarness(tu, fn, undefined, harnessOptions(config, codeFlags));
    const b = await buildHarness(cc, codeFlags, 'plain', src, tmp, 'ref');
    if (!b.ok) return `does not build: ${b.detail}`;
    // Linked with stubs (polybench_alloc_data is in utilities/polybench.c): verify refuses it as such, and so does this.
    if (b.unresolved?.length) return `needs ${[...new Set(b.unresolved.map((u) => u.symbol))].join(', ')} from another translation unit`;
    const n = Math.min(32, plan.maxN);
    const r = await runSet(b.exe, 'plain', { name: `n=${n}`, n, distinct: false, seed: 14, mult: 0 }, 0, { threads: 2, wallMs: 60_000 });
    return r.ok ? undefined : r.detail;
  } catch (e) {
    return (e as Error).message;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
for (const file of programs()) {
  const program = path.basename(file, '.c');
  if (only && !only.test(program)) continue;
  const pp = await preprocess(cc, ['-O3', '-DLARGE_DATASET', '-I', path.join(dir, 'utilities'), '-I', path.dirname(file)], file);
  if (!pp.ok) {
    rows.push({ program, function: '(unit)', original: `does not preprocess: ${pp.stderr.split('\n')[0]}`, candidates: [] });
    continue;
  }
  const tu = analyze(pp.text, { sourceFile: file });
  for (const fn of tu.functions.filter((f) => f.loops.length && path.resolve(tu.file) === path.resolve(file) && f.name !== 'main')) {
    const at32 = unverifiableReason(fn, tu) ? undefined : await originalAt32(tu, fn);
    const row: Row = { program, function: fn.name, candidates: [], at32 };
    const why = unverifiableReason(fn, tu);
    if (why) row.original = why;
    const make = candidateMaker(tu, fn);
    const { candidates } = make(proposeBuiltin(tu, fn, { reassociate: false }));
    const r = originalsOnly || why ? undefined : await verifyFunction({ tu, fn, candidates, cc, codeFlags, config, checksOnly: true });
    if (r?.verdict.kind === 'unverifiable') row.original = r.verdict.reason;
    for (const c of r?.candidates ?? []) {
      const f = failureOf(c);
      row.candidates.push({ id: c.id, ok: !f, failed: f ? `${f.check}: ${(f.detail ?? '').split('\n')[0]}` : undefined });
    }
    rows.push(row);
    const cands = row.candidates.map((c) => (c.ok ? `${c.id} ok` : `${c.id} FAILED ${c.failed}`)).join('; ');
    process.stdout.write(`${program} ${fn.name}: ${row.original ? `not run: ${row.original}` : 'original ran'}${at32 ? ` (at n=32: ${at32})` : ''}${cands ? ` | ${cands}` : ''}\n`);
  }
}

// An I/O function (print_array) is rightly not run; what counts is an original that should have run and did not.
const expected = expectedRefusal;
const originalFailures = rows.filter((r) => (r.original && !expected(r.original)) || (r.at32 && !expected(r.at32)));
const candidateFailures = rows.flatMap((r) => r.candidates.filter((c) => !c.ok).map((c) => ({ ...c, at: `${r.program} ${r.function}` })));
process.stdout.write(`\nfunctions: ${rows.length}; originals run: ${rows.filter((r) => !r.original).length}; originals not run (other than I/O): ${originalFailures.length}\n`);
for (const r of originalFailures) process.stdout.write(`  original ${r.program} ${r.function}: ${r.original}\n`);
process.stdout.write(`builtin candidates: ${rows.reduce((a, r) => a + r.candidates.length, 0)}; failed: ${candidateFailures.length}\n`);
for (const c of candidateFailures) process.stdout.write(`  candidate ${c.at} ${c.id}: ${c.failed}\n`);
if (opt('--json')) fs.writeFileSync(opt('--json')!, JSON.stringify(rows, null, 2));
