// Which loops each analysis proves free of loop-carried dependences: the
// builtin's dependence test, LLVM's DependenceAnalysis (print<da>) and Polly's
// dependences (the parallel loops of its AST with the original schedule).
//
//   npx vite-node scripts/dependence-compare.ts [--md] [-IDIR] [-DX=Y] FILE.c...
//
// Each source loop is matched to LLVM's view through debug lines: a DA pair
// belongs to a loop when both its instructions lie on the loop's lines, and
// the loop's depth picks the entry of the pair's direction vector; a Polly
// AST loop is matched through the lines of the statements it runs. What each
// column means:
//   builtin  yes | guard (parallel under the runtime overlap check) | no
//   DA       yes: no load/store pair of the loop has a dependence carried by
//            it (registers are not DA's business: a reduction shows as yes);
//            no (a dependence it cannot rule out); carried (one at an exact
//            distance); calls (the loop calls code DA does not look into)
//   Polly    yes | rtc (yes under Polly's runtime alias check) | no | ? (a loop
//            between two others that isl marks neither way) | - (not in a SCoP)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allLoops, analyze, type Loop } from '../src/analysis/index.js';
import { fnContext, safeTest } from '../src/analysis/dependence/index.js';
import { PURE_LIBRARY } from '../src/analysis/dependence/pure.js';

const argv = process.argv.slice(2);
const md = argv.includes('--md');
// -IDIR and -DX=Y go to the compiler (joined: vite-node eats a bare `--`).
const cppflags = argv.filter((a) => /^-[ID]./.test(a));
const files = argv.filter((a) => a !== '--md' && !cppflags.includes(a));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-compare-'));

interface SrcLoop {
  fn: string;
  id: string;
  depth: number;
  first: number;
  last: number;
  builtin: string;
  calls: boolean;
  da: string;
  polly: string;
}

/** `!N = !DILocation(line: L` → N → L. */
function debugLines(ll: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of ll.matchAll(/^!(\d+) = !DILocation\(line: (\d+)/gm)) m.set(x[1], Number(x[2]));
  return m;
}

const lineOf = (instr: string, dbg: Map<string, number>) => {
  const d = /!dbg !(\d+)/.exec(instr);
  return d ? dbg.get(d[1]) : undefined;
};

function sourceLoops(file: string): SrcLoop[] {
  const pp = execFileSync('clang-19', ['-E', ...cppflags, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const tu = analyze(pp, { sourceFile: file });
  const out: SrcLoop[] = [];
  for (const fn of tu.functions) {
    const ctx = fnContext(tu, fn);
    if (!ctx) continue;
    const depth = (l: Loop) => l.id.split('.').length;
    for (const l of allLoops(fn.loops)) {
      const v = safeTest(ctx, l);
      const first = l.sourceLine;
      const last = first + (fn.text.slice(l.start, l.end).match(/\n/g)?.length ?? 0);
      const calls = l.calls.some((c) => !PURE_LIBRARY.has(c) || tu.functions.some((f) => f.name === c));
      out.push({ fn: fn.name, id: l.id, depth: depth(l), first, last, builtin: v.parallel ? (v.aliasGuard ? 'guard' : 'yes') : 'no', calls, da: 'yes', polly: '-' });
    }
  }
  return out;
}

const allowsEq = (e: string) => /^(=|<=|>=|\*|0)$/.test(e);
const allowsCarry = (e: string) => /^(<|>|<=|>=|<>|\*)$/.test(e) || (/^-?\d+$/.test(e) && e !== '0');

/** An instruction without its metadata: DA prints instructions with metadata numbered afresh, so lines come from the module's own text. */
const bare = (instr: string) => instr.replace(/,\s*!\w+ !\d+/g, '').trim();

/** Per function, each instruction (bare text) → its source line. */
function instructionLines(ll: string): Map<string, number> {
  const dbg = debugLines(ll);
  const m = new Map<string, number>();
  let fn = '';
  for (const line of ll.split('\n')) {
    const d = /^define .*@([\w.]+)\(/.exec(line);
    if (d) fn = d[1];
    const l = lineOf(line, dbg);
    if (l !== undefined) m.set(`${fn}|${bare(line)}`, l);
  }
  return m;
}

function llvmDA(ll: string, loops: SrcLoop[]): void {
  const where = instructionLines(ll);
  const prepared = path.join(work, 'da.ll');
  fs.writeFileSync(prepared, ll);
  const r = spawnSync('opt-19', ['-disable-output', '-passes=print<da>', prepared], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const text = r.stdout + r.stderr;
  let fn = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const f = /'Dependence Analysis' for function '([^']+)'/.exec(lines[i]);
    if (f) {
      fn = f[1];
      continue;
    }
    const m = /^Src:\s*(.*) --> Dst:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const res = /da analyze - (.*)!$/.exec(lines[i + 1] ?? '')?.[1] ?? 'confused';
    // Two loads never conflict; 'S' in a vector is a level the subscripts ignore (any direction).
    if (res === 'none' || /^input/.test(res)) continue;
    if (/= load/.test(m[1]) && /= load/.test(m[2])) continue;
    const a = where.get(`${fn}|${bare(m[1])}`);
    const b = where.get(`${fn}|${bare(m[2])}`);
    if (a === undefined || b === undefined) {
      // A pair we cannot place: every loop of the function loses its proof.
      for (const L of loops) if (L.fn === fn) L.da = 'no';
      continue;
    }
    const vec = /\[([^\]]*)\]/
      .exec(res)?.[1]
      .replace(/\|<$/, '')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((e) => (e === 'S' ? '*' : e.replace(/p[<>=]*$/, '')));
    for (const L of loops) {
      if (L.fn !== fn || a === undefined || b === undefined) continue;
      if (a < L.first || a > L.last || b < L.first || b > L.last) continue;
      const common = loops.filter((x) => x.fn === fn && x.first <= Math.min(a, b) && Math.max(a, b) <= x.last).length;
      if (res.startsWith('confused') || !vec || vec.length !== common) {
        if (L.da !== 'carried') L.da = 'no';
        continue;
      }
      const k = L.depth - 1;
      if (vec.slice(0, k).every(allowsEq) && allowsCarry(vec[k])) {
        // A distance DA computed exactly (outer levels all 0): the dependence is there, not merely possible.
        const definite = /^-?\d+$/.test(vec[k]) && vec.slice(0, k).every((e) => e === '0');
        L.da = definite ? 'carried' : L.da === 'carried' ? 'carried' : 'no';
      }
    }
  }
  for (const L of loops) if (L.calls && L.da === 'yes') L.da = 'calls';
}

function polly(ll: string, loops: SrcLoop[]): void {
  const prepared = path.join(work, 'polly.ll');
  fs.writeFileSync(prepared, ll);
  const r = spawnSync('opt-19', ['-disable-output', '-polly-process-unprofitable', '-polly-ast-detect-parallel', '-polly-optimizer=none', '-polly-use-llvm-names', '-polly-print-ast', prepared], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const text = r.stdout + r.stderr;
  const dbg = debugLines(ll);
  // Basic block → first debug line, per function.
  const blockLine = new Map<string, number>();
  let cur = '';
  let block = '';
  for (const line of ll.split('\n')) {
    const d = /^define .*@([\w.]+)\(/.exec(line);
    if (d) {
      cur = d[1];
      block = 'entry';
      continue;
    }
    const b = /^([\w.]+):/.exec(line);
    if (b) {
      block = b[1];
      continue;
    }
    const key = `${cur}:${block.replace(/\./g, '_')}`;
    if (!blockLine.has(key)) {
      const l = lineOf(line, dbg);
      if (l !== undefined) blockLine.set(key, l);
    }
  }
  const verdicts = new Map<SrcLoop, string[]>();
  for (const section of text.split(/:: isl ast :: /).slice(1)) {
    const fn = /^(\S+) ::/.exec(section)?.[1] ?? '';
    const body = section.split('\n');
    const ifLine = body.find((l) => /^if \(/.test(l.trim()));
    const rtc = !!ifLine && ifLine.trim() !== 'if (1)';
    // AST loops by indentation, with their pragmas and statements.
    const done: { depth: number; parallel: 'yes' | 'no' | '?'; stmts: { name: string; k: number }[] }[] = [];
    // isl marks the outermost parallel loop known-parallel and the innermost parallel one simd;
    // a loop between them that is parallel too carries neither mark, and one with a
    // dependence carries its minimal distance.
    let pending: 'yes' | 'no' | '?' = '?';
    const open: { indent: number; parallel: 'yes' | 'no' | '?'; depth: number; stmts: { name: string; k: number }[] }[] = [];
    for (const raw of body) {
      if (/original code/.test(raw)) break;
      const indent = raw.length - raw.trimStart().length;
      const t = raw.trim();
      if (!t) continue;
      while (open.length && indent <= open[open.length - 1].indent && !t.startsWith('}')) done.push(open.pop()!);
      if (t === '#pragma known-parallel' || t === '#pragma simd') pending = 'yes';
      else if (t.startsWith('#pragma minimal dependence distance')) pending = 'no';
      else if (t.startsWith('for (')) {
        open.push({ indent, parallel: pending, depth: open.length, stmts: [] });
        pending = '?';
      } else if (/^Stmt_\w+\(/.test(t)) {
        const name = /^Stmt_(\w+)\(/.exec(t)![1];
        for (const o of open) o.stmts.push({ name, k: open.length });
      }
    }
    done.push(...open);
    for (const a of done)
      for (const s of a.stmts) {
        const base = s.name.replace(/_b$/, '');
        const line = blockLine.get(`${fn}:${base}`);
        if (line === undefined) continue;
        const enclosing = loops.filter((x) => x.fn === fn && x.first <= line && line <= x.last).sort((p, q) => p.depth - q.depth);
        const idx = enclosing.length - s.k + a.depth;
        const L = enclosing[idx];
        if (!L) continue;
        verdicts.set(L, [...(verdicts.get(L) ?? []), a.parallel === 'yes' ? (rtc ? 'rtc' : 'yes') : a.parallel]);
      }
  }
  for (const [L, vs] of verdicts) L.polly = vs.includes('no') ? 'no' : vs.includes('?') ? '?' : vs.includes('rtc') ? 'rtc' : 'yes';
}

const rows: string[] = [];
for (const file of files) {
  const loops = sourceLoops(file);
  const raw = path.join(work, 'raw.ll');
  execFileSync('clang-19', ['-g', '-O1', '-Xclang', '-disable-llvm-passes', '-fno-discard-value-names', '-emit-llvm', '-S', ...cppflags, file, '-o', raw]);
  const ll = execFileSync('opt-19', ['-S', '-passes=function(sroa,mem2reg,simplifycfg,loop-simplify,lcssa,loop-rotate,indvars)', raw], { encoding: 'utf8', maxBuffer: 1 << 28 });
  llvmDA(ll, loops);
  polly(ll, loops);
  for (const L of loops) {
    const cells = [path.basename(file), L.fn, L.id, String(L.first), L.builtin, L.da, L.polly];
    rows.push(md ? `| ${cells.join(' | ')} |` : cells.join('\t'));
  }
}
if (md) console.log('| file | function | loop | line | builtin | LLVM DA | Polly |\n|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
fs.rmSync(work, { recursive: true, force: true });
