// Reading a structured reply: JSON out of whatever the model wrapped it in,
// checked against the schema it was asked for; and for plans, checked
// against the function it is meant for.
import { allLoops, parseC, type SyntaxNode } from '../../analysis/index.js';
import type { FunctionInfo, Loop } from '../../analysis/types.js';
import type { z } from 'zod';
import { PlanSchema, type LoopPlan, type Plan, type ReductionOp } from '../../core/plan.js';
import { check } from '../ollama/schema.js';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The JSON object in a reply; tolerates fences and chatter around it (a server that ignored `format`). */
export function readJson<T>(content: string, schema: z.ZodType<T>): Read<T> {
  const text = content.trim();
  const attempts = [text];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(text);
  if (fenced) attempts.push(fenced[1]);
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) attempts.push(text.slice(first, last + 1));
  let parseError = '';
  for (const a of attempts) {
    let value: unknown;
    try {
      value = JSON.parse(a);
    } catch (e) {
      parseError ||= (e as Error).message;
      continue;
    }
    const checked = check(schema, value);
    return checked.ok ? checked : { ok: false, reason: `reply does not match the schema: ${checked.problem}` };
  }
  const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return { ok: false, reason: `reply is not JSON (${parseError}): ${JSON.stringify(preview)}` };
}

function cleanLoopPlan(p: LoopPlan): LoopPlan {
  const out: LoopPlan = { loop: p.loop, parallel: p.parallel };
  if (p.private?.length) out.private = p.private;
  if (p.reduction?.length) out.reduction = p.reduction.map((r) => ({ op: r.op, vars: r.vars }));
  if (p.collapse !== undefined && p.collapse > 1) out.collapse = p.collapse;
  if (p.schedule) out.schedule = p.schedule;
  if (p.simd !== undefined) out.simd = p.simd;
  if (p.interchangeWith) out.interchangeWith = p.interchangeWith;
  if (p.reason) out.reason = p.reason;
  return out;
}

const COMPOUND: Partial<Record<ReductionOp, string>> = { '+': '+=', '*': '*=', '&': '&=', '|': '|=', '^': '^=' };
const MIN_MAX_CALLS: Record<string, RegExp> = { min: /^(fmin|fminf|fminl)$/, max: /^(fmax|fmaxf|fmaxl)$/ };

function identifiers(node: SyntaxNode, name: string, out: SyntaxNode[] = []): SyntaxNode[] {
  if (node.type === 'identifier' && node.text === name) out.push(node);
  for (const c of node.namedChildren) identifiers(c, name, out);
  return out;
}

const strip = (n: SyntaxNode | null): SyntaxNode | null => {
  while (n && n.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
  return n;
};

/**
 * Why `reduction(op: v)` is wrong for `loop`, or undefined when it is right:
 * every use of `v` inside the loop must be one update `v op= e` (or
 * `v = v op e`, `v = e op v`; for min and max also `v = fmax(v, e)`,
 * `v = v > e ? v : e` and `if (e > v) v = e;`), with `v` read or written
 * nowhere else in the loop. A variable reset, read or declared inside the
 * loop is not a reduction variable.
 */
export function reductionProblem(fn: FunctionInfo, loop: Loop, op: ReductionOp, v: string): string | undefined {
  const loopText = fn.text.slice(loop.start, loop.end);
  const tree = parseC(`void __slmcc_f(void) {\n${loopText}\n}\n`);
  const body = tree.rootNode.namedChildren[0];
  if (!body || tree.rootNode.hasError) return `loop ${loop.id} could not be read to check reduction(${op}:${v})`;
  const uses = identifiers(body, v);
  const where = `reduction(${op}:${v}) on ${loop.id}`;
  if (uses.length === 0) return `${where}: ${v} is not used in the loop`;
  if (uses.some((u) => u.parent?.type === 'init_declarator' || u.parent?.type === 'declaration' || u.parent?.type === 'parameter_declaration')) return `${where}: ${v} is declared inside the loop`;
  // The one statement that holds every use.
  const stmtOf = (n: SyntaxNode): SyntaxNode => {
    let s: SyntaxNode = n;
    while (s.parent && s.type !== 'expression_statement' && s.type !== 'if_statement' && s.type !== 'for_statement') s = s.parent;
    return s;
  };
  let stmt = stmtOf(uses[0]);
  // `if (e > v) v = e;`: the if statement holds both uses.
  if (stmt.type === 'if_statement' || (stmt.type === 'expression_statement' && stmt.parent?.type === 'if_statement' && uses.length > 1)) stmt = stmt.type === 'if_statement' ? stmt : stmt.parent!;
  if (
    uses.some((u) => {
      let p: SyntaxNode | null = u;
      while (p && p.id !== stmt.id) p = p.parent;
      return !p;
    })
  )
    return `${where}: ${v} is read or written elsewhere in the loop, not only in one update`;
  if (stmt.type === 'if_statement') {
    if (op !== 'min' && op !== 'max') return `${where}: ${v} is updated under a condition`;
    const cond = strip(stmt.childForFieldName('condition'));
    const then = stmt.childForFieldName('consequence');
    const assign =
      then?.type === 'expression_statement' ? then.namedChildren[0] : then?.type === 'compound_statement' && then.namedChildren.length === 1 ? then.namedChildren[0]?.namedChildren[0] : undefined;
    if (stmt.childForFieldName('alternative') || !cond || cond.type !== 'binary_expression' || !assign || assign.type !== 'assignment_expression')
      return `${where}: the conditional update of ${v} is not \`if (e > ${v}) ${v} = e;\``;
    const l = strip(cond.childForFieldName('left'));
    const r = strip(cond.childForFieldName('right'));
    const rel = cond.childForFieldName('operator')?.text ?? cond.children[1]?.text;
    const lhs = strip(assign.childForFieldName('left'));
    const rhs = strip(assign.childForFieldName('right'));
    if (assign.childForFieldName('operator')?.text !== '=' || lhs?.text !== v || !rhs) return `${where}: the conditional update of ${v} is not \`if (e > ${v}) ${v} = e;\``;
    const e = l?.text === v ? r : r?.text === v ? l : null;
    const bigger = l?.text === v ? ['<', '<='] : ['>', '>='];
    const smaller = l?.text === v ? ['>', '>='] : ['<', '<='];
    const fits = op === 'max' ? bigger.includes(rel ?? '') : smaller.includes(rel ?? '');
    if (!e || e.text !== rhs.text || !fits || uses.length !== 2) return `${where}: the conditional update of ${v} is not a ${op}`;
    return undefined;
  }
  const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
  if (!expr || expr.type !== 'assignment_expression') return `${where}: ${v} is used in the loop other than in one \`${v} ${COMPOUND[op] ?? '='} e\``;
  const lhs = strip(expr.childForFieldName('left'));
  const rhs = strip(expr.childForFieldName('right'));
  const operator = expr.childForFieldName('operator')?.text ?? expr.children[1]?.text;
  if (lhs?.type !== 'identifier' || lhs.text !== v || !rhs) return `${where}: ${v} is used in the loop other than as the target of one update`;
  const inRhs = identifiers(rhs, v).length;
  if (COMPOUND[op] && operator === COMPOUND[op]) return inRhs === 0 ? undefined : `${where}: the update of ${v} reads ${v} again`;
  if (operator !== '=') return `${where}: ${v} is updated with ${operator}, not ${COMPOUND[op] ?? '='}`;
  if (inRhs !== 1) return `${where}: ${v} is ${inRhs === 0 ? 'overwritten' : 'read more than once'} in the loop`;
  if (rhs.type === 'binary_expression') {
    const bop = rhs.childForFieldName('operator')?.text ?? rhs.children[1]?.text;
    const l = strip(rhs.childForFieldName('left'));
    const r = strip(rhs.childForFieldName('right'));
    if (bop === op && (l?.text === v || r?.text === v)) return undefined;
  }
  if ((op === 'min' || op === 'max') && rhs.type === 'call_expression' && MIN_MAX_CALLS[op].test(rhs.childForFieldName('function')?.text ?? '')) {
    const args = rhs.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length === 2 && args.some((a) => strip(a)?.text === v)) return undefined;
  }
  return `${where}: the update of ${v} is not \`${v} ${COMPOUND[op] ?? '='} e\` or \`${v} = ${v} ${op} e\``;
}

/** A plan for `fn`, or why the reply is not one. */
export function readPlan(content: string, fn: FunctionInfo): Read<Plan> {
  const json = readJson(content, PlanSchema);
  if (!json.ok) return { ok: false, reason: `plan rejected: ${json.reason}` };
  const raw = json.value;
  if (raw.function !== fn.name) {
    return { ok: false, reason: `plan rejected: it is for function "${raw.function}", not "${fn.name}"` };
  }
  const known = allLoops(fn.loops);
  if (known.length > 0) {
    const byId = new Map(known.map((l) => [l.id, l]));
    for (const lp of raw.loops) {
      const loop = byId.get(lp.loop);
      if (!loop) {
        return { ok: false, reason: `plan rejected: no loop "${lp.loop}" in ${fn.name} (loops: ${known.map((l) => l.id).join(', ')})` };
      }
      if (lp.interchangeWith && !loop.children.some((c) => c.id === lp.interchangeWith)) {
        return { ok: false, reason: `plan rejected: ${lp.loop} cannot be interchanged with "${lp.interchangeWith}", which is not a loop directly inside it` };
      }
      for (const r of lp.parallel ? (lp.reduction ?? []) : []) {
        for (const v of r.vars) {
          const why = reductionProblem(fn, loop, r.op, v);
          if (why) return { ok: false, reason: `plan rejected: ${why}` };
        }
      }
    }
  }
  const loops = raw.loops.map(cleanLoopPlan);
  if (!loops.some((l) => l.parallel || l.interchangeWith)) {
    const why = loops
      .map((l) => l.reason)
      .filter(Boolean)
      .join('; ');
    return { ok: false, reason: `the model's plan changes nothing${why ? `: ${why}` : ''}` };
  }
  return { ok: true, value: { function: fn.name, loops } };
}
