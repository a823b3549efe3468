// `slmcc explain FILE.c [cc flags]`: what slmcc sees in a file and what the
// builtin provider would do with it and on what evidence, and the verdict the
// decision log last recorded for each function; it builds and runs nothing.
import path from 'node:path';
import { preprocess, tokenFacts } from '../driver/index.js';
import { ANALYSIS_LIMITS, WorkBudget, allLoops, analyze, notWorthDeciding, pickHot, withBudget } from '../analysis/index.js';
import { loopFindings, proposeBuiltin } from '../propose/index.js';
import { applyPlan } from '../rewrite/index.js';
import { loadConfig, logPath, reassociationAllowed, type Config } from '../config/index.js';
import { checkClaim, describeEvidence, readDecisions, type DecisionRecord } from '../verify/index.js';

export interface ExplainOptions {
  file: string;
  ccArgs: string[];
  json: boolean;
  cc: string[];
  maxFunctions: number;
  /** Default: the effective configuration. */
  config?: Config;
  /** The decision log, whose latest verdict per function is shown beside what the analysis sees; default: the configured one. */
  log?: string;
}

/** The latest recorded verdict for each function of `file`. */
function recordedVerdicts(log: string, file: string): Map<string, DecisionRecord> {
  const out = new Map<string, DecisionRecord>();
  let recs: DecisionRecord[] = [];
  try {
    recs = readDecisions(log);
  } catch {
    return out;
  }
  const want = path.resolve(file);
  for (const r of recs) if (path.resolve(r.source) === want) out.set(r.function, r);
  return out;
}

/** What the claim check makes of the builtin's best plan: the evidence a verdict on it would record, or why it is refused. */
function planEvidence(tu: Parameters<typeof applyPlan>[0], fn: Parameters<typeof applyPlan>[1], plan: Parameters<typeof applyPlan>[2], ccArgs: string[], config: Config): string {
  const applied = applyPlan(tu, fn, plan);
  if (!applied.ok) return `does not apply: ${applied.reason}`;
  const claim = checkClaim(tu, fn, applied.text, ccArgs, config);
  return claim.outcome.ok ? describeEvidence(claim.evidence) : `refused by the claim check: ${claim.outcome.detail}`;
}

export async function runExplain(opts: ExplainOptions): Promise<number> {
  const pp = await preprocess(opts.cc, opts.ccArgs, opts.file);
  if (!pp.ok) {
    process.stderr.write(pp.stderr);
    return pp.exitCode || 1;
  }
  const tu = analyze(pp.text, { sourceFile: opts.file, strictAliasing: tokenFacts(opts.ccArgs).strictAliasing });
  const hot = new Set(pickHot(tu, opts.maxFunctions).map((f) => f.name));
  const config = opts.config ?? loadConfig().config;
  const recorded = recordedVerdicts(opts.log ?? logPath(config), opts.file);
  const report = tu.functions.map((fn) => {
    // The compile's budget (pipeline/decide.ts): what it would stop, explain stops and says so.
    const budget = new WorkBudget(ANALYSIS_LIMITS, `the analysis of ${fn.name}`);
    const { findings, proposals, evidence } = withBudget(budget, () => {
      const findings = loopFindings(tu, fn);
      const proposals = budget.exceeded ? [] : proposeBuiltin(tu, fn, { reassociate: reassociationAllowed(opts.ccArgs, config) });
      const best = proposals[0];
      const evidence = best?.form === 'plan' && !budget.exceeded ? planEvidence(tu, fn, best.plan, opts.ccArgs, config) : undefined;
      return { findings, proposals, evidence };
    });
    const overBudget = budget.exceeded ? `kept the original: ${budget.exceeded.why}` : undefined;
    const rec = recorded.get(fn.name);
    return {
      function: fn.name,
      line: fn.sourceLine,
      hotness: fn.hotness,
      picked: hot.has(fn.name),
      skipped: hot.has(fn.name) ? notWorthDeciding(fn) : undefined,
      loops: allLoops(fn.loops).map((l) => {
        const f = findings.find((x) => x.loop === l.id);
        return {
          id: l.id,
          kind: l.kind,
          line: l.sourceLine,
          endLine: l.sourceEndLine,
          depth: l.depth,
          inductionVar: l.inductionVar,
          parallel: f?.parallel ?? false,
          clauses: f?.clauses,
          reasons: f?.reasons ?? [],
        };
      }),
      proposals: proposals.map((p) => (p.form === 'plan' ? { form: p.form, rationale: p.rationale, plan: p.plan } : p.form === 'none' ? { form: p.form, reason: p.reason } : { form: p.form })),
      evidence: overBudget ? undefined : evidence,
      overBudget,
      recorded: rec ? { verdict: rec.verdict.kind, evidence: rec.verdict.kind === 'candidate' ? (rec.verdict.evidence ?? 'tested') : undefined, reason: rec.reason, time: rec.time } : undefined,
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
    if (f.recorded)
      out.push(
        `  recorded verdict (${f.recorded.time}): ${f.recorded.verdict}${f.recorded.evidence ? `, ${describeEvidence(f.recorded.evidence as 'proven' | 'guarded' | 'tested')}` : ''}${f.recorded.reason ? ` - ${f.recorded.reason}` : ''}`,
      );
    if (f.overBudget) {
      out.push(`  over budget: ${f.overBudget}`);
      continue;
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
      if (f.evidence) out.push(`  evidence for this plan: ${f.evidence}`);
    } else if (best.form === 'none' && 'reason' in best) out.push(`  builtin refuses: ${best.reason}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
