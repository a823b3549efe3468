// A plan turned into the function's text: OpenMP pragmas in front of the
// loops they name, loop headers swapped for interchange. Anything the plan
// asks that cannot be applied exactly is refused, never approximated.
import { allLoops, field, forHeader, lineMarker, parseC, affine, type FunctionInfo, type Loop, type SyntaxNode, type TranslationUnit } from '../analysis/index.js';
import type { LoopPlan, Plan } from '../core/plan.js';
import { overlapCheck, workTest } from '../analysis/dependence/index.js';

type Result = { ok: true; text: string } | { ok: false; reason: string };

const IDENT = /^[A-Za-z_]\w*$/;

function pragmaFor(p: LoopPlan): string | null {
  const parts: string[] = [];
  if (p.parallel) parts.push(p.simd ? 'parallel for simd' : 'parallel for');
  else if (p.simd) parts.push('simd');
  else return null;
  if (p.parallel && p.collapse && p.collapse > 1) parts.push(`collapse(${p.collapse})`);
  if (p.private?.length) parts.push(`private(${p.private.join(', ')})`);
  if (p.lastprivate?.length) parts.push(`lastprivate(${p.lastprivate.join(', ')})`);
  for (const r of p.reduction ?? []) parts.push(`reduction(${r.op}:${r.vars.join(', ')})`);
  if (p.parallel && p.schedule) parts.push(`schedule(${p.schedule})`);
  return `#pragma omp ${parts.join(' ')}`;
}

function validate(p: LoopPlan): string | null {
  const names = [...(p.private ?? []), ...(p.lastprivate ?? []), ...(p.reduction ?? []).flatMap((r) => r.vars)];
  for (const n of names) if (!IDENT.test(n)) return `${p.loop}: "${n}" is not a variable name`;
  for (const r of p.reduction ?? []) if (!['+', '*', 'min', 'max', '&', '|', '^', '&&', '||'].includes(r.op)) return `${p.loop}: unknown reduction ${r.op}`;
  if (p.collapse !== undefined && (!Number.isInteger(p.collapse) || p.collapse < 1 || p.collapse > 4)) return `${p.loop}: collapse must be 1..4`;
  if (p.schedule && !['static', 'dynamic', 'guided'].includes(p.schedule)) return `${p.loop}: unknown schedule ${p.schedule}`;
  if (p.aliasGuard?.length && !p.parallel) return `${p.loop}: a runtime overlap guard goes with a parallel loop`;
  return null;
}

function applyEdits(text: string, edits: { start: number; end: number; text: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function sole(l: Loop): Loop | undefined {
  return l.perfectChild && l.children.length === 1 ? l.children[0] : undefined;
}

function mentionsVar(a: affine_t | null | undefined, v: string | undefined): boolean {
  return !a || !v || affine.names(a).includes(v);
}
type affine_t = Parameters<typeof affine.names>[0];

export function applyPlan(tu: TranslationUnit, fn: FunctionInfo, plan: Plan): Result {
  try {
    return apply(tu, fn, plan);
  } catch (e) {
    return { ok: false, reason: `rewrite failed: ${(e as Error).message}` };
  }
}

function apply(tu: TranslationUnit, fn: FunctionInfo, plan: Plan): Result {
  if (plan.function !== fn.name) return { ok: false, reason: `plan is for ${plan.function}, not ${fn.name}` };
  const all = allLoops(fn.loops);
  const byId = new Map(all.map((l) => [l.id, l]));
  const seen = new Set<string>();
  for (const p of plan.loops) {
    if (!byId.has(p.loop)) return { ok: false, reason: `unknown loop ${p.loop}` };
    if (seen.has(p.loop)) return { ok: false, reason: `loop ${p.loop} appears twice` };
    seen.add(p.loop);
    const bad = validate(p);
    if (bad) return { ok: false, reason: bad };
  }
  const root = parseC(fn.text).rootNode;
  const nodes = new Map<string, SyntaxNode>();
  for (const n of root.descendantsOfType(['for_statement', 'while_statement', 'do_statement'])) nodes.set(`${n.startIndex}:${n.endIndex}`, n);
  const nodeOf = (l: Loop) => nodes.get(`${l.start}:${l.end}`);

  // Where each loop's header ends up after interchanges (by default: its own place).
  const headerAt = new Map<string, Loop>();
  const swaps: { outer: Loop; inner: Loop }[] = [];
  for (const p of plan.loops) {
    if (!p.interchangeWith) continue;
    const outer = byId.get(p.loop)!;
    const inner = sole(outer);
    if (!inner || inner.id !== p.interchangeWith) return { ok: false, reason: `${p.loop} can only be interchanged with its only child loop` };
    const on = nodeOf(outer);
    const inn = nodeOf(inner);
    if (!on || !inn || !forHeader(on) || !forHeader(inn)) return { ok: false, reason: `${p.loop} and ${inner.id} must both be counted for loops` };
    if (mentionsVar(inner.range?.min, outer.inductionVar) || mentionsVar(inner.range?.max, outer.inductionVar))
      return { ok: false, reason: `the bounds of ${inner.id} depend on ${outer.inductionVar}` };
    if (swaps.some((s) => [s.outer, s.inner].some((x) => x === outer || x === inner))) return { ok: false, reason: `${p.loop} is part of two interchanges` };
    swaps.push({ outer, inner });
    headerAt.set(outer.id, inner);
    headerAt.set(inner.id, outer);
  }

  for (const p of plan.loops) {
    if (!p.collapse || p.collapse < 2) continue;
    if (!p.parallel) return { ok: false, reason: `${p.loop}: collapse needs a parallel loop` };
    let l = byId.get(p.loop)!;
    const nest = [l];
    for (let k = 1; k < p.collapse; k++) {
      const c = sole(l);
      if (!c) return { ok: false, reason: `${p.loop}: collapse(${p.collapse}) needs a perfect nest of ${p.collapse} loops` };
      nest.push(c);
      l = c;
    }
    for (const x of nest) {
      const n = nodeOf(x);
      if (!n || !forHeader(n)) return { ok: false, reason: `${x.id} is not a counted for loop` };
      if (headerAt.has(x.id)) return { ok: false, reason: `${x.id}: collapse together with interchange is not supported` };
    }
    for (let a = 0; a < nest.length; a++)
      for (let b = a + 1; b < nest.length; b++)
        if (mentionsVar(nest[b].range?.min, nest[a].inductionVar) || mentionsVar(nest[b].range?.max, nest[a].inductionVar))
          return { ok: false, reason: `${p.loop}: collapse needs rectangular bounds (${nest[b].id} depends on ${nest[a].inductionVar})` };
    for (const q of plan.loops) if (nest.slice(1).some((x) => x.id === q.loop) && (q.parallel || q.simd)) return { ok: false, reason: `${q.loop} is inside collapse(${p.collapse}) of ${p.loop}` };
  }
  const parallelIds = plan.loops.filter((p) => p.parallel).map((p) => byId.get(p.loop)!);
  for (const a of parallelIds)
    for (const b of parallelIds) if (a !== b && b.start > a.start && b.end <= a.end) return { ok: false, reason: `${b.id} is nested in ${a.id}; only one parallel loop per nest` };

  interface Edit {
    start: number;
    end: number;
    text: string;
  }
  const edits: Edit[] = [];
  const headerRange = (l: Loop) => {
    const n = nodeOf(l)!;
    return { start: n.startIndex, end: field(n, 'body')!.startIndex };
  };
  const headerText = (l: Loop) => {
    const r = headerRange(l);
    return fn.text.slice(r.start, r.end);
  };
  const fileLine = (l: Loop) => `${lineMarker(l.sourceLine, tu.file)}`;
  const pad = (off: number) => ' '.repeat(off - (fn.text.lastIndexOf('\n', off - 1) + 1));
  // Pragmas keyed by the place (loop) whose header they precede.
  const pragmaAt = new Map<string, string>();
  for (const p of plan.loops) {
    const pr = pragmaFor(p);
    if (!pr) continue;
    const place = headerAt.get(p.loop) ?? byId.get(p.loop)!;
    pragmaAt.set(place.id, pr);
  }
  for (const l of all) {
    const pr = pragmaAt.get(l.id);
    const moved = headerAt.get(l.id);
    if (!pr && !moved) continue;
    const r = headerRange(l);
    const newHeader = moved ? headerText(moved) : fn.text.slice(r.start, r.end);
    const lead = pr ? `{\n${pr}\n${fileLine(l)}\n${pad(r.start)}` : '';
    edits.push({ start: r.start, end: r.end, text: lead + newHeader });
    if (pr) edits.push({ start: l.end, end: l.end, text: '}' });
  }
  // Guarded loops: `if (enough work && ranges disjoint) { parallel form } else { original }`.
  const kept = new Map<string, string[]>();
  for (const p of plan.loops) {
    if (!p.parallel) continue;
    const l = byId.get(p.loop)!;
    const moved = [...headerAt.keys()].some((id) => byId.get(id)!.start >= l.start && byId.get(id)!.end <= l.end);
    const work = moved ? undefined : workTest(tu, fn, l);
    if (!p.aliasGuard?.length && !work) continue;
    const g = p.aliasGuard?.length ? overlapCheck(tu, fn, l, p.aliasGuard) : ({ ok: true, cond: '' } as const);
    if (!g.ok) return { ok: false, reason: `${p.loop}: cannot guard against overlap: ${g.reason}` };
    if ('kept' in g && g.kept) kept.set(g.kept.outer, [...(kept.get(g.kept.outer) ?? []), ...g.kept.declarations]);
    const inside = edits.filter((e) => e.start >= l.start && e.end <= l.end);
    const parallel = applyEdits(
      fn.text.slice(l.start, l.end),
      inside.map((e) => ({ ...e, start: e.start - l.start, end: e.end - l.start })),
    );
    const original = fn.text.slice(l.start, l.end);
    const cond = [work, g.cond].filter(Boolean).join(' && ');
    const check = `if (${cond}) {${parallel}} else {\n${fileLine(l)}\n${pad(l.start)}${original}}`;
    // The scans' declarations open a block of their own, so C89 accepts them.
    const guarded = 'prelude' in g && g.prelude ? `{\n${g.prelude}\n${check}}` : check;
    for (const e of inside) edits.splice(edits.indexOf(e), 1);
    edits.push({ start: l.start, end: l.end, text: guarded });
  }
  // What the scans keep across an outer loop's iterations is declared in a block around that loop.
  for (const [id, decls] of kept) {
    const o = byId.get(id)!;
    if (edits.some((e) => e.start === o.start || e.end === o.end || (e.start < o.start && e.end > o.start) || (e.start < o.end && e.end > o.end)))
      return { ok: false, reason: `${id}: the loop around a guarded loop is itself rewritten, so the guard's scans cannot be kept across it` };
    // The marker puts the loop back on its own source line.
    edits.push({ start: o.start, end: o.start, text: `{\n${decls.join('\n')}\n${fileLine(o)}\n${pad(o.start)}` }, { start: o.end, end: o.end, text: '}' });
  }
  return { ok: true, text: applyEdits(fn.text, edits) };
}
