// Scalars a loop writes that live outside its body: private (written before
// read in every iteration), a reduction, a set-only flag, or carried.
import { unparen, field, walk, memoPerParse, type SyntaxNode, type ReductionOpLike } from './ast.js';

export type ScalarClass = { kind: 'private' } | { kind: 'reduction'; op: ReductionOpLike } | { kind: 'carried'; why: string };

function mentions(node: SyntaxNode | null, name: string): boolean {
  if (!node) return false;
  for (const n of walk(node)) if (n.type === 'identifier' && n.text === name) return true;
  return false;
}

function occurrences(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const n of walk(node)) if (n.type === 'identifier' && n.text === name) out.push(n);
  return out;
}

function isIdent(n: SyntaxNode | null, name: string): boolean {
  return !!n && unparen(n).type === 'identifier' && unparen(n).text === name;
}

const COMPOUND: Record<string, ReductionOpLike> = { '+=': '+', '-=': '+', '*=': '*', '&=': '&', '|=': '|', '^=': '^' };
const MINMAX = /^f?(max|min)[fl]?$/;

function compareKind(cond: SyntaxNode, x: SyntaxNode, s: string): { e: string; op: 'max' | 'min' } | null {
  const c = unparen(cond);
  if (c.type !== 'binary_expression') return null;
  const op = c.child(1)?.type ?? '';
  if (!['<', '<=', '>', '>='].includes(op)) return null;
  const A = unparen(field(c, 'left')!);
  const B = unparen(field(c, 'right')!);
  const xs = unparen(x).text;
  let pickA: boolean;
  let e: string;
  if (isIdent(A, s) && !mentions(B, s)) e = B.text;
  else if (isIdent(B, s) && !mentions(A, s)) e = A.text;
  else return null;
  if (xs === A.text) pickA = true;
  else if (xs === B.text) pickA = false;
  else return null;
  const greater = op === '>' || op === '>=';
  return { e, op: greater === pickA ? 'max' : 'min' };
}

interface Site {
  op: ReductionOpLike;
  consumed: SyntaxNode[];
}

function siteOf(occ: SyntaxNode, s: string): Site | null {
  const p = occ.parent;
  if (!p) return null;
  // s++ / --s
  if (p.type === 'update_expression') return { op: '+', consumed: [occ] };
  // if (e > s) s = e;
  for (let q: SyntaxNode | null = p; q; q = q.parent) {
    if (q.type === 'if_statement') {
      const cond = field(q, 'condition');
      if (!cond || occ.startIndex < cond.startIndex || occ.endIndex > cond.endIndex) break;
      if (field(q, 'alternative')) return null;
      let cons = field(q, 'consequence');
      while (cons && cons.type === 'compound_statement' && cons.namedChildCount === 1) cons = cons.namedChildren[0];
      if (cons?.type !== 'expression_statement') return null;
      const as = unparen(cons.namedChildren[0]);
      if (as?.type !== 'assignment_expression' || as.child(1)?.type !== '=' || !isIdent(field(as, 'left'), s)) return null;
      const k = compareKind(cond, field(as, 'right')!, s);
      if (!k || mentions(field(as, 'right'), s)) return null;
      return { op: k.op, consumed: occurrences(q, s) };
    }
    if (q.type.endsWith('statement')) break;
  }
  // the s in `s = ...` or inside its right side
  let as: SyntaxNode | null = p;
  while (as && as.type !== 'assignment_expression' && !as.type.endsWith('statement')) as = as.parent;
  if (!as || as.type !== 'assignment_expression' || !isIdent(field(as, 'left'), s)) return null;
  const op = as.child(1)?.type ?? '';
  const right = unparen(field(as, 'right')!);
  const all = occurrences(as, s);
  if (COMPOUND[op]) return mentions(right, s) ? null : { op: COMPOUND[op], consumed: all };
  if (op !== '=') return null;
  if (right.type === 'binary_expression') {
    const bop = right.child(1)?.type ?? '';
    const l = field(right, 'left')!;
    const r = field(right, 'right')!;
    if (isIdent(l, s) && !mentions(r, s) && ['+', '-', '*', '&', '|', '^'].includes(bop)) return { op: bop === '-' ? '+' : (bop as ReductionOpLike), consumed: all };
    if (isIdent(r, s) && !mentions(l, s) && ['+', '*', '&', '|', '^'].includes(bop)) return { op: bop as ReductionOpLike, consumed: all };
    return null;
  }
  if (right.type === 'call_expression') {
    const f = unparen(field(right, 'function')!).text;
    const m = MINMAX.exec(f);
    const args = field(right, 'arguments')?.namedChildren ?? [];
    if (!m || args.length !== 2) return null;
    const [a, b] = args;
    if ((isIdent(a, s) && !mentions(b, s)) || (isIdent(b, s) && !mentions(a, s))) return { op: m[1] as 'max' | 'min', consumed: all };
    return null;
  }
  if (right.type === 'conditional_expression') {
    const cond = field(right, 'condition')!;
    const x = field(right, 'consequence')!;
    const y = field(right, 'alternative')!;
    const k = compareKind(cond, x, s);
    if (!k) return null;
    const other = unparen(y).text;
    const xs = unparen(x).text;
    if (!((xs === s && other === k.e) || (xs === k.e && other === s))) return null;
    return { op: k.op, consumed: all };
  }
  return null;
}

/** All uses of s in the body are updates `s op= e` of one reduction operator. */
export function reductionOp(body: SyntaxNode, s: string): ReductionOpLike | null {
  const occ = occurrences(body, s);
  if (!occ.length) return null;
  const done = new Set<number>();
  let op: ReductionOpLike | null = null;
  for (const o of occ) {
    if (done.has(o.startIndex)) continue;
    const site = siteOf(o, s);
    if (!site) return null;
    if (op && op !== site.op) return null;
    op = site.op;
    for (const c of site.consumed) done.add(c.startIndex);
  }
  return occ.every((o) => done.has(o.startIndex)) ? op : null;
}

const FABS = /^fabs[fl]?$/;

/**
 * Why a floating-point max reduction of `s` gives the serial answer bit for
 * bit in any order, or null. An OpenMP max is not exact in general (each
 * thread starts from the lowest finite value, a NaN may enter by the other
 * branch, and of -0.0 and +0.0 whichever comes first wins). It is exact when
 * every value `s` can take is a `fabs()` (never -0.0, never below +0.0), a
 * NaN can never be picked (the update takes the new value only when a
 * comparison that a NaN fails holds, or by fmax), and `s` starts from a
 * non-negative literal just before the loop: then equal values have equal
 * bits, so the largest is the same number whoever finds it first.
 */
export function exactMax(body: SyntaxNode, loopNode: SyntaxNode, s: string): string | null {
  const occ = occurrences(body, s);
  if (!occ.length) return null;
  const values: SyntaxNode[] = [];
  for (const o of occ) {
    const v = maxValue(o, s);
    if (v === undefined) return null;
    if (v) values.push(v);
  }
  if (!values.length || !values.every((v) => nonNegativeValue(v, body))) return null;
  const start = startLiteral(loopNode, s);
  if (start === null || !/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFlL]?$/.test(start)) return null;
  return `${s} is a max of fabs() values from ${start}: no NaN is ever picked and no -0.0 exists, so any order gives the same bits`;
}

/** The value a max site of `s` stores (null: the occurrence is the site's own read of s), or undefined when it is not a NaN-proof max site. */
function maxValue(occ: SyntaxNode, s: string): SyntaxNode | null | undefined {
  let st: SyntaxNode | null = occ.parent;
  while (st && st.type !== 'assignment_expression' && !st.type.endsWith('statement')) st = st.parent;
  if (st?.type === 'assignment_expression' && st.child(1)?.type === '=' && isIdent(field(st, 'left'), s)) {
    const right = unparen(field(st, 'right')!);
    const f = right.type === 'call_expression' ? unparen(field(right, 'function')!).text : '';
    const args = field(right, 'arguments')?.namedChildren ?? [];
    // fmax returns the number when the other argument is a NaN.
    if (/^fmax[fl]?$/.test(f) && args.length === 2) {
      const other = isIdent(args[0], s) ? args[1] : isIdent(args[1], s) ? args[0] : null;
      if (!other || mentions(other, s)) return undefined;
      return occ.startIndex === field(st, 'left')!.startIndex ? other : null;
    }
  }
  while (st && !st.type.endsWith('statement')) st = st.parent;
  // The occurrence is in an if's condition (st is the if), or is its single assignment.
  let q: SyntaxNode | null = st;
  if (q?.type === 'expression_statement') {
    q = q.parent;
    while (q?.type === 'compound_statement' && q.namedChildCount === 1) q = q.parent;
  }
  if (q?.type !== 'if_statement' || field(q, 'alternative')) return undefined;
  let cons = field(q, 'consequence');
  while (cons && cons.type === 'compound_statement' && cons.namedChildCount === 1) cons = cons.namedChildren[0];
  const as = cons?.type === 'expression_statement' ? unparen(cons.namedChildren[0]) : null;
  if (as?.type !== 'assignment_expression' || as.child(1)?.type !== '=' || !isIdent(field(as, 'left'), s)) return undefined;
  const cond = unparen(field(q, 'condition')!);
  if (cond.type !== 'binary_expression') return undefined;
  const op = cond.child(1)?.type ?? '';
  const l = field(cond, 'left')!;
  const r = field(cond, 'right')!;
  // `e > s` or `s < e`: false for a NaN e, so only a number is stored.
  const e = ['>', '>='].includes(op) && isIdent(r, s) ? l : ['<', '<='].includes(op) && isIdent(l, s) ? r : null;
  const stored = unparen(field(as, 'right')!);
  if (!e || unparen(e).text !== stored.text || mentions(e, s)) return undefined;
  const inCondition = occ.startIndex >= cond.startIndex && occ.endIndex <= cond.endIndex;
  if (inCondition) return null;
  return occ.startIndex === unparen(field(as, 'left')!).startIndex ? stored : undefined;
}

/** A fabs() call, or a variable whose every write in the body stores one. */
function nonNegativeValue(v: SyntaxNode, body: SyntaxNode): boolean {
  const isFabs = (n: SyntaxNode | null) => !!n && unparen(n).type === 'call_expression' && FABS.test(unparen(field(unparen(n), 'function')!).text);
  if (isFabs(v)) return true;
  const u = unparen(v);
  if (u.type !== 'identifier') return false;
  let writes = 0;
  for (const o of occurrences(body, u.text)) {
    const p = o.parent!;
    if (p.type === 'init_declarator' && field(p, 'declarator')?.startIndex === o.startIndex) {
      if (!isFabs(field(p, 'value'))) return false;
      writes++;
    } else if (p.type === 'assignment_expression' && field(p, 'left')?.startIndex === o.startIndex) {
      if (p.child(1)?.type !== '=' || !isFabs(field(p, 'right'))) return false;
      writes++;
    } else if (p.type === 'update_expression' || (p.type === 'pointer_expression' && p.child(0)?.type === '&')) return false;
  }
  // With no write in the body the value comes from outside: anything.
  return writes > 0;
}

/** The literal the statement just before the loop stores in `s`, or null. */
function startLiteral(loopNode: SyntaxNode, s: string): string | null {
  let prev = loopNode.previousNamedSibling;
  // An outlined nest's line marker sits between its locals and the loop.
  while (prev && (prev.type === 'comment' || prev.type.startsWith('preproc'))) prev = prev.previousNamedSibling;
  if (prev?.type === 'expression_statement') {
    const as = prev.namedChildren[0] ? unparen(prev.namedChildren[0]) : null;
    if (as?.type === 'assignment_expression' && as.child(1)?.type === '=' && isIdent(field(as, 'left'), s) && unparen(field(as, 'right')!).type === 'number_literal')
      return unparen(field(as, 'right')!).text;
  }
  if (prev?.type === 'declaration') {
    for (const d of prev.childrenForFieldName('declarator'))
      if (d.type === 'init_declarator' && isIdent(field(d, 'declarator'), s) && field(d, 'value')?.type === 'number_literal') return field(d, 'value')!.text;
  }
  return null;
}

/** Every use is `s = 1` and the statement before the loop sets s to 0 or 1: an `|` reduction. */
export function setOnlyFlag(body: SyntaxNode, loopNode: SyntaxNode, s: string): boolean {
  const occ = occurrences(body, s);
  if (!occ.length) return false;
  for (const o of occ) {
    const as = o.parent;
    if (as?.type !== 'assignment_expression' || as.child(1)?.type !== '=' || !isIdent(field(as, 'left'), s)) return false;
    if (unparen(field(as, 'right')!).text !== '1') return false;
  }
  const prev = loopNode.previousNamedSibling;
  if (!prev) return false;
  if (prev.type === 'expression_statement') {
    const as = prev.namedChildren[0] ? unparen(prev.namedChildren[0]) : null;
    return !!as && as.type === 'assignment_expression' && as.child(1)?.type === '=' && isIdent(field(as, 'left'), s) && ['0', '1'].includes(unparen(field(as, 'right')!).text);
  }
  if (prev.type === 'declaration') {
    return prev.childrenForFieldName('declarator').some((d) => d.type === 'init_declarator' && isIdent(field(d, 'declarator'), s) && ['0', '1'].includes(field(d, 'value')?.text ?? ''));
  }
  return false;
}

// Written before read: the flow of one scalar through a statement, in
// execution order. A loop body that never reads s before assigning it on
// every path may give each iteration its own s (private), however deep the
// first assignment sits: `for (k = 0; ...)` nested in a loop, `tmp = 0` at
// the top of a row.

/** What a statement does to s on the paths through it. */
export interface Flow {
  /** Some path may read s before assigning it. */
  read: boolean;
  /** Every path that completes normally has assigned s (without reading it first). */
  killed: boolean;
  /** Paths that leave the statement by a jump before s is assigned. */
  leaks: { break: boolean; continue: boolean; other: boolean };
}

const NO_LEAKS = { break: false, continue: false, other: false };
const READ: Flow = { read: true, killed: false, leaks: NO_LEAKS };
const NONE: Flow = { read: false, killed: false, leaks: NO_LEAKS };
const KILL: Flow = { read: false, killed: true, leaks: NO_LEAKS };

function orLeaks(a: Flow['leaks'], b: Flow['leaks']): Flow['leaks'] {
  return { break: a.break || b.break, continue: a.continue || b.continue, other: a.other || b.other };
}

function anyLeak(l: Flow['leaks']): boolean {
  return l.break || l.continue || l.other;
}

/** A variable, or one member of a struct variable (`d.x`), followed through the flow. */
type Target = string | { name: string; member: string };

const nameOf = (t: Target) => (typeof t === 'string' ? t : t.name);

/** Does `node` read or write `t`? For a member: `s.m` itself, or `s` used whole (`f(s)`, `t = s`). */
function uses(node: SyntaxNode | null, t: Target): boolean {
  if (typeof t === 'string') return mentions(node, t);
  if (!node) return false;
  return occurrences(node, t.name).some((n) => {
    const m = memberOf(n);
    return m === undefined || m === t.member;
  });
}

/** Is `left` all of `t`: `s`, or for a member `s.m` (or `s` whole)? */
function assigns(left: SyntaxNode | null, t: Target): boolean {
  if (typeof t === 'string' || isIdent(left, t.name)) return isIdent(left, nameOf(t));
  const l = left ? unparen(left) : null;
  return l?.type === 'field_expression' && l.child(1)?.type === '.' && isIdent(l.childForFieldName('argument'), t.name) && l.childForFieldName('field')?.text === t.member;
}

/** An expression evaluated for its effect: `s = e` (e without s) assigns, a comma sequence goes left to right, any other mention reads. */
function exprFlow(node: SyntaxNode | null, s: Target): Flow {
  if (!node) return NONE;
  const e = unparen(node);
  if (e.type === 'comma_expression') return seqFlow(e.namedChildren, s, exprFlow);
  if (e.type === 'assignment_expression' && e.child(1)?.type === '=' && assigns(field(e, 'left'), s)) return uses(field(e, 'right'), s) ? READ : KILL;
  return uses(e, s) ? READ : NONE;
}

function seqFlow(items: SyntaxNode[], s: Target, each: (n: SyntaxNode, s: Target) => Flow): Flow {
  let leaks = NO_LEAKS;
  for (const it of items) {
    const f = each(it, s);
    if (f.read) return READ;
    leaks = orLeaks(leaks, f.leaks);
    if (f.killed) return { read: false, killed: true, leaks };
  }
  return { read: false, killed: false, leaks };
}

/** Declares s itself (a shadowing declaration): the analysis does not follow scopes, so it gives up. */
function declares(node: SyntaxNode, s: string): boolean {
  return declaredIn(node).has(s);
}

// The flow test asks this of every loop around every scalar.
const declaredIn = memoPerParse((node) => {
  const out = new Set<string>();
  for (const n of walk(node)) {
    if (n.type !== 'declaration') continue;
    for (const d of n.childrenForFieldName('declarator')) {
      let name: SyntaxNode | null = d;
      while (name && name.type !== 'identifier') name = field(name, 'declarator');
      if (name) out.add(name.text);
    }
  }
  return out;
});

const usesGoto = memoPerParse((fnNode) => [...walk(fnNode)].some((n) => n.type === 'goto_statement'));

export function stmtFlow(node: SyntaxNode, s: Target): Flow {
  switch (node.type) {
    case 'comment':
      return NONE;
    case 'compound_statement':
      return seqFlow(node.namedChildren, s, stmtFlow);
    case 'expression_statement':
      return seqFlow(node.namedChildren, s, exprFlow);
    case 'declaration':
      if (declares(node, nameOf(s))) return READ;
      return uses(node, s) ? READ : NONE;
    case 'break_statement':
      return { ...NONE, leaks: { ...NO_LEAKS, break: true } };
    case 'continue_statement':
      return { ...NONE, leaks: { ...NO_LEAKS, continue: true } };
    case 'goto_statement':
      return { ...NONE, leaks: { ...NO_LEAKS, other: true } };
    case 'return_statement':
      return uses(node, s) ? READ : { ...NONE, leaks: { ...NO_LEAKS, other: true } };
    case 'if_statement': {
      const c = exprFlow(field(node, 'condition'), s);
      if (c.read || c.killed) return c;
      const a = stmtOrNone(field(node, 'consequence'), s);
      const alt = field(node, 'alternative');
      const b = alt ? stmtOrNone(alt.type === 'else_clause' ? (alt.namedChildren.find((x) => x.type !== 'comment') ?? null) : alt, s) : NONE;
      if (a.read || b.read) return READ;
      return { read: false, killed: a.killed && b.killed, leaks: orLeaks(a.leaks, b.leaks) };
    }
    case 'for_statement': {
      if (declares(node, nameOf(s))) return READ;
      const initNode = field(node, 'initializer');
      const init = initNode?.type === 'declaration' ? (uses(initNode, s) ? READ : NONE) : exprFlow(initNode, s);
      if (init.read || init.killed) return init;
      if (uses(field(node, 'condition'), s)) return READ;
      const body = stmtOrNone(field(node, 'body'), s);
      if (body.read) return READ;
      if (uses(field(node, 'update'), s) && !(body.killed && !body.leaks.continue)) return READ;
      // The body may run zero times: nothing is assigned for sure.
      return { read: false, killed: false, leaks: { ...NO_LEAKS, other: body.leaks.other } };
    }
    case 'while_statement': {
      if (uses(field(node, 'condition'), s)) return READ;
      const body = stmtOrNone(field(node, 'body'), s);
      if (body.read) return READ;
      return { read: false, killed: false, leaks: { ...NO_LEAKS, other: body.leaks.other } };
    }
    case 'do_statement': {
      const body = stmtOrNone(field(node, 'body'), s);
      if (body.read) return READ;
      const done = body.killed && !body.leaks.continue && !body.leaks.break;
      if (uses(field(node, 'condition'), s) && !done) return READ;
      return { read: false, killed: done, leaks: { ...NO_LEAKS, other: body.leaks.other } };
    }
    default:
      // switch, labels, anything else: any mention is a read, any jump a leak.
      if (uses(node, s)) return READ;
      return { ...NONE, leaks: { ...NO_LEAKS, other: hasJump(node) } };
  }
}

function stmtOrNone(node: SyntaxNode | null, s: Target): Flow {
  return node ? stmtFlow(node, s) : NONE;
}

function hasJump(node: SyntaxNode): boolean {
  for (const n of walk(node)) if (['break_statement', 'continue_statement', 'return_statement', 'goto_statement'].includes(n.type)) return true;
  return false;
}

/**
 * s is read only after it was assigned in the same iteration, on every path
 * through the loop body: each iteration may have its own copy.
 */
export function writtenBeforeRead(body: SyntaxNode, s: string, fieldsOf?: (name: string) => readonly string[] | undefined): Flow {
  const whole = stmtFlow(body, s);
  if (!whole.read) return whole;
  // A struct set member by member (`d.x = ...; d.y = ...;` then read): each
  // member it reads was set first. Never assigned whole on every path, so
  // it is at most private, never lastprivate. Used whole (`f(d)`, `t = d`),
  // it is read at every field: those the body never names are known only
  // from the struct's declaration (`fieldsOf`).
  const named = memberNames(body, s);
  if (!named.length) return whole;
  const readWhole = occurrences(body, s).some((n) => memberOf(n) === undefined && !isWholeAssignment(n));
  const fields = readWhole ? fieldsOf?.(s) : undefined;
  if (readWhole && !fields?.length) return whole;
  const members = fields ? [...new Set([...named, ...fields])] : named;
  let leaks = NO_LEAKS;
  for (const member of members) {
    const f = stmtFlow(body, { name: s, member });
    if (f.read) return whole;
    leaks = orLeaks(leaks, f.leaks);
  }
  return { read: false, killed: false, leaks };
}

/** The members `s.m` names in `node`. */
function memberNames(node: SyntaxNode, s: string): string[] {
  const out = new Set<string>();
  for (const n of occurrences(node, s)) {
    const m = memberOf(n);
    if (m) out.add(m);
  }
  return [...out];
}

/** `s = e`, with `id` the `s`. */
function isWholeAssignment(id: SyntaxNode): boolean {
  let n = id;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const p = n.parent;
  return p?.type === 'assignment_expression' && p.child(1)?.type === '=' && p.childForFieldName('left')?.id === n.id;
}

/** `m` when `id` is the struct of a `.m` member access. */
function memberOf(id: SyntaxNode): string | undefined {
  const p = id.parent;
  if (p?.type !== 'field_expression' || p.childForFieldName('argument')?.id !== id.id || p.child(1)?.type !== '.') return undefined;
  return p.childForFieldName('field')?.text;
}

const LOOP_NODES = new Set(['for_statement', 'while_statement', 'do_statement']);

/**
 * May the value s holds when `loop` finishes be read later (before s is
 * assigned again)? Follows the statements after the loop outwards, through
 * the enclosing loops' next iterations and exits, to the end of the
 * function. `local` says s is a local or a parameter (its value dies with
 * the function); anything else is live at the end.
 */
export function liveAfter(loop: SyntaxNode, s: string, local: boolean): { live: boolean; why?: string } {
  const whole = liveAfterOf(loop, s, local);
  if (!whole.live) return whole;
  // A struct the code after the loop sets member by member before reading: dead, member by member.
  // (What makes a variable live whatever is read, a goto or a global, makes each member live too.)
  let fnNode: SyntaxNode | null = loop;
  while (fnNode && fnNode.type !== 'function_definition') fnNode = fnNode.parent;
  const members = fnNode ? memberNames(fnNode, s) : [];
  if (!members.length || members.some((member) => liveAfterOf(loop, { name: s, member }, local).live)) return whole;
  return { live: false };
}

function liveAfterOf(loop: SyntaxNode, t: Target, local: boolean): { live: boolean; why?: string } {
  const s = nameOf(t);
  let fnNode: SyntaxNode | null = loop;
  while (fnNode && fnNode.type !== 'function_definition') fnNode = fnNode.parent;
  if (!fnNode) return { live: true, why: 'the enclosing function was not found' };
  if (usesGoto(fnNode)) return { live: true, why: 'the function uses goto' };
  let cur: SyntaxNode = loop;
  for (;;) {
    const p: SyntaxNode | null = cur.parent;
    if (!p) return { live: true, why: 'the loop is not inside a function body' };
    if (p.type === 'function_definition') return local ? { live: false } : { live: true, why: `${s} is not a local variable` };
    if (p.type === 'compound_statement') {
      const after = p.namedChildren.filter((c) => c.startIndex >= cur.endIndex);
      const f = seqFlow(after, t, stmtFlow);
      if (f.read) return { live: true, why: `${s} is read after the loop` };
      if (f.killed && !anyLeak(f.leaks)) return { live: false };
    } else if (LOOP_NODES.has(p.type)) {
      // The rest of the enclosing loop's iteration is above; next comes its update, its test, and its body from the start (or its exit).
      if (uses(field(p, 'update'), t) || uses(field(p, 'condition'), t)) return { live: true, why: `${s} is read by the header of an enclosing loop` };
      const body = field(p, 'body');
      if (!body || body.startIndex !== cur.startIndex || body.endIndex !== cur.endIndex) return { live: true, why: 'unexpected loop position' };
      if (body && stmtFlow(body, t).read) return { live: true, why: `${s} is read by the next iteration of an enclosing loop` };
    } else if (p.type !== 'if_statement' && p.type !== 'else_clause' && p.type !== 'labeled_statement') {
      return { live: true, why: `the loop sits in a ${p.type.replace(/_/g, ' ')}` };
    }
    cur = p;
  }
}
