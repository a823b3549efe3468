// Scalars a loop writes that live outside its body: private (written before
// read in every iteration), a reduction, a set-only flag, or carried.
import { unparen, field, walk, type SyntaxNode, type ReductionOpLike } from './ast.js';

export type ScalarClass =
  | { kind: 'private' }
  | { kind: 'reduction'; op: ReductionOpLike }
  | { kind: 'carried'; why: string };

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

/** First statement of the body that mentions s is an unconditional `s = e` (e without s). */
export function privatizable(body: SyntaxNode, s: string): boolean {
  const stmts = body.type === 'compound_statement' ? body.namedChildren.filter((c) => c.type !== 'comment') : [body];
  const first = stmts.find((st) => mentions(st, s));
  if (!first) return false;
  let assign: SyntaxNode | null = null;
  if (first.type === 'expression_statement') assign = first.namedChildren[0] ? unparen(first.namedChildren[0]) : null;
  else if (first.type === 'for_statement') {
    const init = field(first, 'initializer');
    assign = init ? unparen(init) : null;
  }
  if (!assign || assign.type !== 'assignment_expression' || assign.child(1)?.type !== '=') return false;
  return isIdent(field(assign, 'left'), s) && !mentions(field(assign, 'right'), s);
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
