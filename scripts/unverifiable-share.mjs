// The share of hot functions (pickHot, after outlining) the harness cannot
// drive, per program, with the reasons that remain.
//
//   node scripts/unverifiable-share.mjs dist DIR [DIR...]
//
// DIST is a built dist/ (compare two checkouts); each DIR holds one
// program's .c files (PolyBench folders get -DLARGE_DATASET -I utilities).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
const dist = new URL(process.argv[2] + '/', 'file://' + process.cwd() + '/').href;
const { analyze, pickHot } = await import(`${dist}/analysis/index.js`);
const { outlineHotNests } = await import(`${dist}/pipeline/outlining.js`);
const { unverifiableReason } = await import(`${dist}/verify/index.js`);
const reasons = new Map();
let tot = 0,
  bad = 0;
for (const dir of process.argv.slice(3)) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.c') && !f.startsWith('polybench'));
  let hot = 0,
    unv = 0;
  for (const f of files) {
    const util = path.resolve(dir, '../../utilities'),
      util2 = path.resolve(dir, '../../../utilities');
    const inc = ['-I', dir, '-I', util, '-I', util2, '-DLARGE_DATASET'];
    let text;
    try {
      text = execFileSync('clang-19', ['-E', ...inc, path.join(dir, f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      continue;
    }
    const o = analyze(text, { sourceFile: path.join(dir, f) });
    let out;
    try {
      out = outlineHotNests(o);
    } catch {}
    const tu = out?.work ?? o;
    const parents = new Set((out?.nests ?? []).map((n) => n.from));
    for (const fn of pickHot(tu, 1000)) {
      if (parents.has(fn.name)) continue;
      hot++;
      const why = unverifiableReason(fn, tu);
      if (why) {
        unv++;
        const k = why
          .replace(/\(.*$/, '')
          .replace(/ [A-Za-z_]\w* (is|from)/, ' X $1')
          .slice(0, 60);
        reasons.set(k, (reasons.get(k) ?? 0) + 1);
      }
    }
  }
  tot += hot;
  bad += unv;
  console.log(`${path.basename(dir).padEnd(18)} hot ${String(hot).padStart(3)}  unverifiable ${String(unv).padStart(3)}`);
}
console.log(`TOTAL hot ${tot} unverifiable ${bad} (${((100 * bad) / tot).toFixed(0)}%)`);
for (const [k, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${n}  ${k}`);
