// Loop nests of one function: ids, induction variables, bounds, and the facts
// of each loop's body.
import type { Affine, Bound, LoadedBound, Loop } from './types.js';
import { add, constant, isConstant, names, toAffine, type Env } from './affine.js';
import { collectFacts } from './facts.js';
import { field, unparen, type SyntaxNode } from './parse.js';
import { loopTrip } from './hotness.js';

const LOOP_TYPES = new Set(['for_statement', 'while_statement', 'do_statement']);

export function isLoopNode(n: SyntaxNode): boolean {
  return LOOP_TYPES.has(n.type);
}

export interface LoopContext {
  env: Env;
  choices?: (name: string) => Affine[] | undefined;
  /** Source line of an offset in the text the nodes come from. */
  lineAt: (offset: number) => number;
  /** Offset of the function's text inside the text the nodes come from. */
  base: number;
}

/** Loops directly nested in `node` (not inside another loop below it). */
export function childLoops(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    for (const c of n.namedChildren) {
      if (isLoopNode(c)) out.push(c);
      else visit(c);
    }
  };
  const body = isLoopNode(node) ? field(node, 'body') : node;
  if (body) {
    if (isLoopNode(body)) out.push(body);
    else visit(body);
  }
  return out;
}

/** The single statement a body consists of, looking through braces. */
export function soleStatement(body: SyntaxNode | null): SyntaxNode | null {
  let b = body;
  while (b && b.type === 'compound_statement') {
    const stmts = b.namedChildren.filter((c) => c.type !== 'comment');
    if (stmts.length !== 1) return null;
    b = stmts[0];
  }
  return b;
}

export interface Header {
  var: string;
  /** Init value node. */
  init: SyntaxNode;
  declared: boolean;
  op: '<' | '<=' | '>' | '>=' | '!=';
  limit: SyntaxNode;
  step: number;
}

/** The canonical `for (i = a; i < b; i += c)` header, or null. */
export function forHeader(node: SyntaxNode): Header | null {
  if (node.type !== 'for_statement') return null;
  const init = field(node, 'initializer');
  const cond = field(node, 'condition');
  const upd = field(node, 'update');
  if (!init || !cond || !upd) return null;
  let v: string | undefined;
  let initVal: SyntaxNode | null = null;
  let declared = false;
  if (init.type === 'declaration') {
    const ds = init.childrenForFieldName('declarator');
    if (ds.length !== 1 || ds[0].type !== 'init_declarator') return null;
    const name = field(ds[0], 'declarator');
    if (name?.type !== 'identifier') return null;
    v = name.text;
    initVal = field(ds[0], 'value');
    declared = true;
  } else {
    const a = unparen(init);
    if (a.type !== 'assignment_expression' || a.child(1)?.type !== '=') return null;
    const l = unparen(field(a, 'left')!);
    if (l.type !== 'identifier') return null;
    v = l.text;
    initVal = field(a, 'right');
  }
  if (!v || !initVal) return null;
  const c = unparen(cond);
  if (c.type !== 'binary_expression') return null;
  let op = c.child(1)?.type as string;
  let l = unparen(field(c, 'left')!);
  let r = unparen(field(c, 'right')!);
  if (r.type === 'identifier' && r.text === v && !(l.type === 'identifier' && l.text === v)) {
    [l, r] = [r, l];
    op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '!=': '!=' } as Record<string, string>)[op] ?? op;
  }
  if (l.type !== 'identifier' || l.text !== v) return null;
  if (!['<', '<=', '>', '>=', '!='].includes(op)) return null;
  const step = stepOf(upd, v);
  if (step === null || step === 0) return null;
  return { var: v, init: initVal, declared, op: op as Header['op'], limit: r, step };
}

function stepOf(upd: SyntaxNode, v: string): number | null {
  const u = unparen(upd);
  if (u.type === 'update_expression') {
    const arg = unparen(field(u, 'argument')!);
    if (arg.text !== v) return null;
    return u.text.includes('++') ? 1 : -1;
  }
  if (u.type === 'assignment_expression') {
    const l = unparen(field(u, 'left')!);
    if (l.text !== v) return null;
    const op = u.child(1)?.type;
    const r = unparen(field(u, 'right')!);
    if (op === '+=' || op === '-=') {
      const a = toAffine(r);
      if (!a || !isConstant(a)) return null;
      return op === '+=' ? a.constant : -a.constant;
    }
    if (op === '=' && r.type === 'binary_expression') {
      const bl = unparen(field(r, 'left')!);
      const br = unparen(field(r, 'right')!);
      const bop = r.child(1)?.type;
      const a = toAffine(br);
      if (bl.text === v && a && isConstant(a) && (bop === '+' || bop === '-')) return bop === '+' ? a.constant : -a.constant;
      const a2 = toAffine(bl);
      if (br.text === v && a2 && isConstant(a2) && bop === '+') return a2.constant;
    }
  }
  return null;
}

function bound(node: SyntaxNode, a: Affine | null): Bound {
  const text = node.text;
  if (a && isConstant(a)) return { kind: 'constant', value: a.constant, text };
  if (a) return { kind: 'parameter', text, names: names(a) };
  return { kind: 'unknown', text };
}

/** `x[s] + c` with x a plain name and s affine: a bound a runtime scan can read. */
function loadedBound(node: SyntaxNode, plus: number, env?: Env): LoadedBound | undefined {
  const n = unparen(node);
  if (n.type === 'binary_expression' && ['+', '-'].includes(n.child(1)?.type ?? '')) {
    const c = toAffine(field(n, 'right')!, env);
    if (!c || !isConstant(c)) return undefined;
    return loadedBound(field(n, 'left')!, plus + (n.child(1)?.type === '+' ? c.constant : -c.constant), env);
  }
  if (n.type !== 'subscript_expression') return undefined;
  const base = unparen(field(n, 'argument')!);
  const index = field(n, 'index');
  const a = index && toAffine(index, env);
  return base.type === 'identifier' && a ? { array: base.text, index: a, plus } : undefined;
}

/** The ends headerRange cannot give, where they are one array element. */
function loadedRange(h: Header, range: { min: Affine | null; max: Affine | null }, env?: Env): Loop['loadedRange'] {
  const out: NonNullable<Loop['loadedRange']> = {};
  const limit = (op: Header['op']) => (op === '<' ? -1 : op === '>' ? 1 : op === '<=' || op === '>=' ? 0 : undefined);
  const lim = limit(h.op);
  const [lo, hi] =
    h.step > 0
      ? [loadedBound(h.init, 0, env), lim === undefined || h.op.startsWith('>') ? undefined : loadedBound(h.limit, lim, env)]
      : [lim === undefined || h.op.startsWith('<') ? undefined : loadedBound(h.limit, lim, env), loadedBound(h.init, 0, env)];
  if (!range.min && lo) out.min = lo;
  if (!range.max && hi) out.max = hi;
  return out.min || out.max ? out : undefined;
}

/** Inclusive range of the induction variable when the loop runs at all. */
export function headerRange(h: Header, env?: Env): { min: Affine | null; max: Affine | null } {
  const init = toAffine(h.init, env);
  const lim = toAffine(h.limit, env);
  if (h.step > 0) {
    const max = !lim ? null : h.op === '<' ? add(lim, constant(-1)) : h.op === '<=' ? lim : null;
    return { min: init, max };
  }
  const min = !lim ? null : h.op === '>' ? add(lim, constant(1)) : h.op === '>=' ? lim : null;
  return { min, max: init };
}

export function buildLoops(root: SyntaxNode, ctx: LoopContext): Loop[] {
  const build = (node: SyntaxNode, id: string, depth: number): Loop => {
    const facts = collectFacts(node, { env: ctx.env, choices: ctx.choices, lineOf: (n) => ctx.lineAt(n.startIndex), loop: node, base: ctx.base });
    const h = forHeader(node);
    const kids = childLoops(node);
    const children = kids.map((k, i) => build(k, `${id}.${i + 1}`, depth + 1));
    const sole = soleStatement(field(node, 'body'));
    const loop: Loop = {
      id,
      kind: node.type === 'for_statement' ? 'for' : node.type === 'while_statement' ? 'while' : 'do',
      depth,
      sourceLine: ctx.lineAt(node.startIndex),
      sourceEndLine: ctx.lineAt(Math.max(node.startIndex, node.endIndex - 1)),
      start: node.startIndex - ctx.base,
      end: node.endIndex - ctx.base,
      accesses: facts.accesses,
      scalarsRead: facts.scalarsRead,
      scalarsWritten: facts.scalarsWritten,
      locals: facts.locals,
      calls: facts.calls,
      earlyExits: facts.earlyExits,
      children,
      perfectChild: !!sole && isLoopNode(sole),
      tripEstimate: 0,
    };
    if (h) {
      loop.inductionVar = h.var;
      loop.lower = bound(h.init, toAffine(h.init, ctx.env));
      loop.upper = bound(h.limit, toAffine(h.limit, ctx.env));
      loop.step = h.step;
      loop.range = headerRange(h, ctx.env);
      const loaded = loadedRange(h, loop.range, ctx.env);
      if (loaded) loop.loadedRange = loaded;
    }
    loop.tripEstimate = loopTrip(loop);
    return loop;
  };
  return childLoops(root).map((n, i) => build(n, `L${i + 1}`, 1));
}
