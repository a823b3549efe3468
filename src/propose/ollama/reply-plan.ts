// Reading a structured reply: JSON out of whatever the model wrapped it in,
// checked against the schema it was asked for; and for plans, checked
// against the function it is meant for.
import type { FunctionInfo, Loop } from '../../analysis/types.js';
import { PLAN_SCHEMA, type LoopPlan, type Plan } from '../plan.js';
import { validate, type Schema } from './schema.js';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The JSON object in a reply; tolerates fences and chatter around it (a server that ignored `format`). */
export function readJson(content: string, schema: Schema): Read<unknown> {
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
    const err = validate(schema, value);
    return err ? { ok: false, reason: `reply does not match the schema: ${err}` } : { ok: true, value };
  }
  const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return { ok: false, reason: `reply is not JSON (${parseError}): ${JSON.stringify(preview)}` };
}

function allLoops(loops: Loop[]): Loop[] {
  return loops.flatMap((l) => [l, ...allLoops(l.children)]);
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

/** A plan for `fn`, or why the reply is not one. */
export function readPlan(content: string, fn: FunctionInfo): Read<Plan> {
  const json = readJson(content, PLAN_SCHEMA as unknown as Schema);
  if (!json.ok) return { ok: false, reason: `plan rejected: ${json.reason}` };
  const raw = json.value as Plan;
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
    }
  }
  const loops = raw.loops.map(cleanLoopPlan);
  if (!loops.some((l) => l.parallel || l.interchangeWith)) {
    const why = loops.map((l) => l.reason).filter(Boolean).join('; ');
    return { ok: false, reason: `the model's plan changes nothing${why ? `: ${why}` : ''}` };
  }
  return { ok: true, value: { function: fn.name, loops } };
}
