// `slmcc explain FILE.c [cc flags]`: what slmcc sees in a file and what the
// builtin provider would do with it, without compiling anything.
import { preprocess } from '../driver/index.js';
import { allLoops, analyze, notWorthDeciding, pickHot } from '../analysis/index.js';
import { loopFindings, proposeBuiltin } from '../propose/builtin/index.js';
import { flagsReassociate } from '../config/reassociation.js';

export interface ExplainOptions {
  file: string;
  ccArgs: string[];
  json: boolean;
  cc: string[];
  maxFunctions: number;
}

export async function runExplain(opts: ExplainOptions): Promise<number> {
  const pp = await preprocess(opts.cc, opts.ccArgs, opts.file);
  if (!pp.ok) {
    process.stderr.write(pp.stderr);
    return pp.exitCode || 1;
  }
  const tu = analyze(pp.text, { sourceFile: opts.file });
  const hot = new Set(pickHot(tu, opts.maxFunctions).map((f) => f.name));
  const report = tu.functions.map((fn) => {
    const findings = loopFindings(tu, fn);
    const proposals = proposeBuiltin(tu, fn, { reassociate: flagsReassociate(opts.ccArgs) });
    return {
      function: fn.name,
      line: fn.sourceLine,
      hotness: fn.hotness,
      picked: hot.has(fn.name),
      skipped: hot.has(fn.name) ? notWorthDeciding(fn) : undefined,
      loops: allLoops(fn.loops).map((l) => {
        const f = findings.find((x) => x.loop === l.id);
        return { id: l.id, kind: l.kind, line: l.sourceLine, endLine: l.sourceEndLine, depth: l.depth, inductionVar: l.inductionVar, parallel: f?.parallel ?? false, clauses: f?.clauses, reasons: f?.reasons ?? [] };
      }),
      proposals: proposals.map((p) => (p.form === 'plan' ? { form: p.form, rationale: p.rationale, plan: p.plan } : p.form === 'none' ? { form: p.form, reason: p.reason } : { form: p.form })),
    };
  });
  if (opts.json) {
    process.stdout.write(JSON.stringify({ file: tu.file, maxFunctions: opts.maxFunctions, functions: report }, null, 2) + '\n');
    return 0;
  }
  const out: string[] = [`${tu.file}: ${report.length} function(s), picked (hottest, at most ${opts.maxFunctions}): ${[...hot].join(', ') || 'none'}`];
  for (const f of report) {
    out.push('', `${f.function} (line ${f.line}) hotness ${f.hotness}${f.skipped ? `  [not decided at compile time: ${f.skipped}; tune judges it on a workload]` : f.picked ? '  [picked]' : ''}`);
    for (const l of f.loops) {
      const ind = '  '.repeat(l.depth);
      const head = `${ind}${l.id} ${l.kind}${l.inductionVar ? ` ${l.inductionVar}` : ''} lines ${l.line}-${l.endLine}: `;
      out.push(head + (l.parallel ? `parallel${l.clauses ? ` [${l.clauses}]` : ''}${l.reasons.length ? ` (${l.reasons.join('; ')})` : ''}` : `sequential: ${l.reasons.join('; ')}`));
    }
    const best = f.proposals[0];
    if (!best) continue;
    if (best.form === 'plan' && 'plan' in best && best.plan) {
      out.push(`  builtin proposes (${f.proposals.length} plan${f.proposals.length > 1 ? 's' : ''}, best first): ${best.rationale ?? ''}`);
      for (const lp of best.plan.loops) {
        const bits = [
          lp.parallel ? 'parallel for' : '',
          lp.simd ? 'simd' : '',
          lp.collapse ? `collapse(${lp.collapse})` : '',
          lp.private?.length ? `private(${lp.private.join(', ')})` : '',
          lp.lastprivate?.length ? `lastprivate(${lp.lastprivate.join(', ')})` : '',
          ...(lp.reduction ?? []).map((r) => `reduction(${r.op}:${r.vars.join(', ')})`),
          lp.parallel && lp.schedule ? `schedule(${lp.schedule})` : '',
          lp.interchangeWith ? `interchange with ${lp.interchangeWith}` : '',
          lp.aliasGuard ? `if disjoint(${lp.aliasGuard.join(', ')}) else original` : '',
        ].filter(Boolean);
        out.push(`    ${lp.loop}: ${bits.join(' ')}${lp.reason ? ` - ${lp.reason}` : ''}`);
      }
    } else if (best.form === 'none' && 'reason' in best) out.push(`  builtin refuses: ${best.reason}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
