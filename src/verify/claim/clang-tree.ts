// Clang's AST of one function, normalised for comparing a candidate with the
// original: what the compiler will generate from, without what spelling
// alone changes. An OpenMP directive is replaced by the statement it governs
// (drilling through the CapturedStmt/CapturedDecl wrappers that capturing
// adds, nested for combined directives) and remembered on that statement;
// parentheses, braces around a single statement, empty statements and the
// grouping of declarators into one declaration are dropped; ids and source
// locations are left out of what is compared.
import type { AstNode } from '../facts.js';
import { currentBudget } from '../../analysis/index.js';

/** A directive as clang parsed it: its node (kind, clauses, range), before its clauses are read. */
export interface RawDirective {
  node: AstNode;
}

/** A node of the normalised tree. */
export interface Node {
  kind: string;
  /** Everything compared about the node itself (not its children), as one canonical string. */
  attrs: string;
  /** Children in clang's order; null where clang has an empty slot (a for loop without an increment). */
  kids: (Node | null)[];
  /** For a declaration: clang's id, to bind references to it. */
  decl?: string;
  /** For a reference to a declaration: what it names. */
  ref?: { id: string; kind: string; name: string };
  /** The declared name (declarations, members, labels). */
  name?: string;
  /** Byte range in the unit clang read (end exclusive), when clang gave one. */
  begin?: number;
  end?: number;
  /** Directives that governed this statement, outermost first. */
  directives: RawDirective[];
}

export const LOOP_KINDS: ReadonlySet<string> = new Set(['ForStmt', 'WhileStmt', 'DoStmt']);

/** Fields that carry identity, position or use-counting rather than meaning, or that capturing for OpenMP changes. */
const NOT_COMPARED = new Set([
  'id',
  'kind',
  'loc',
  'range',
  'inner',
  'isUsed',
  'isReferenced',
  'previousDecl',
  'parentDeclContextId',
  'mangledName',
  'refersToEnclosingVariableOrCapture',
  'nonOdrUseReason',
  'isImplicit',
  'implicit',
  'declId',
  'targetLabelDeclId',
  'referencedDecl',
  'referencedMemberDecl',
  'foundReferencedDecl',
  'decl',
  'ownedTagDecl',
]);

/** A type's spelling without the place an unnamed type was declared (which differs between the two units). */
export function typeText(t: unknown): string {
  const q = (t as { qualType?: string } | undefined)?.qualType ?? '';
  return q.replace(/\((unnamed|anonymous)( (struct|union|enum))? at [^)]*\)/g, '($1)');
}

function attrsOf(n: AstNode, labels: Map<string, string>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(n)) {
    if (NOT_COMPARED.has(k) || v === undefined) continue;
    // A reference's type is its declaration's (compared there), except that a
    // capture for OpenMP drops qualifiers (`double *restrict` reads `double *`).
    if (k === 'type' && n.kind === 'DeclRefExpr') continue;
    if (v !== null && typeof v === 'object') {
      // A type by its spelling; anything else clang attaches (the floating-point
      // options a `#pragma float_control` sets on a block) by its whole value.
      parts.push(`${k}=${'qualType' in (v as object) ? typeText(v) : stable(v)}`);
      continue;
    }
    parts.push(`${k}=${String(v)}`);
  }
  if (typeof n.targetLabelDeclId === 'string') parts.push(`label=${labels.get(n.targetLabelDeclId) ?? '?'}`);
  if (n.referencedMemberDecl !== undefined) parts.push(`member=${String(n.name ?? '')}`);
  return parts.sort().join('|');
}

/** Fields of a node held inside another (an initialiser list's filler) that are identity or position. */
const IDENTITY = new Set(['id', 'loc', 'range', 'isUsed', 'isReferenced', 'previousDecl', 'parentDeclContextId', 'refersToEnclosingVariableOrCapture', 'nonOdrUseReason']);

/** JSON with sorted keys and without identities, so that equal values print alike. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => stable(x)).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => !IDENTITY.has(k))
      .sort();
    return `{${keys.map((k) => `${k}:${k === 'type' ? typeText((v as Record<string, unknown>)[k]) : stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

interface Loc {
  offset?: number;
  tokLen?: number;
}

function rangeOf(n: AstNode): { begin?: number; end?: number } {
  const r = n.range as { begin?: Loc; end?: Loc } | undefined;
  const b = r?.begin?.offset;
  const e = r?.end?.offset;
  return { begin: b, end: e === undefined ? undefined : e + (r?.end?.tokLen ?? 0) };
}

const isDirective = (n: AstNode) => /^OMP\w*Directive$/.test(n.kind ?? '');
/** Clause nodes are the only children clang's JSON dump leaves without a kind. */
export const isClause = (n: AstNode) => n.kind === undefined;

/** The statement a directive governs, through the capture wrappers; undefined for a stand-alone directive (barrier, flush). */
export function associated(d: AstNode): AstNode | undefined {
  let s = (d.inner ?? []).find((c) => !isClause(c));
  while (s?.kind === 'CapturedStmt') {
    const decl = (s.inner ?? []).find((c) => c.kind === 'CapturedDecl');
    s = decl?.inner?.[0];
  }
  return s;
}

const DROP = Symbol('drop');

/** Builds the normalised tree of a function definition (the node clang's dump gives for it). */
export function normalise(def: AstNode): Node {
  const labels = new Map<string, string>();
  const collect = (n: AstNode) => {
    if (n.kind === 'LabelStmt' && typeof n.declId === 'string') labels.set(n.declId, String(n.name ?? ''));
    for (const c of n.inner ?? []) collect(c);
  };
  collect(def);
  const build = (n: AstNode): Node | null | typeof DROP => {
    if (isClause(n)) return null;
    const kind = n.kind!;
    if (kind === 'ImplicitParamDecl' || (kind.endsWith('Attr') && (n.implicit || n.isImplicit))) return DROP;
    if (isDirective(n)) {
      const s = associated(n);
      if (!s) return DROP;
      const inner = build(s);
      if (inner === DROP || inner === null) return inner;
      inner.directives.unshift({ node: n });
      return inner;
    }
    if (kind === 'ParenExpr') return build(n.inner![0]);
    const { begin, end } = rangeOf(n);
    const node: Node = { kind, attrs: attrsOf(n, labels), kids: [], begin, end, directives: [] };
    if (typeof n.name === 'string') node.name = n.name;
    if (/Decl$/.test(kind) && n.id) node.decl = n.id;
    const rd = n.referencedDecl;
    if (kind === 'DeclRefExpr' && rd?.id) node.ref = { id: rd.id, kind: rd.kind ?? '', name: rd.name ?? '' };
    for (const c of n.inner ?? []) {
      const b = build(c);
      if (b !== DROP) node.kids.push(b);
    }
    if (kind === 'CompoundStmt') return compound(node);
    return node;
  };
  const root = build(def);
  if (!root || root === DROP) throw new Error('the definition has no tree');
  return root;
}

/** A block's statements one by one: one declaration per declarator, no empty statements; a block of one statement is that statement. */
function compound(node: Node): Node {
  const stmts: Node[] = [];
  for (const k of node.kids) {
    if (!k || k.kind === 'NullStmt') continue;
    if (k.kind === 'DeclStmt' && k.kids.length > 1) {
      for (const d of k.kids) stmts.push({ ...k, kids: [d], begin: d?.begin ?? k.begin, end: d?.end ?? k.end, directives: [] });
      continue;
    }
    stmts.push(k);
  }
  node.kids = stmts;
  // Braces matter only to the scope of what is declared inside them (and to
  // the floating-point options a pragma sets for the block, kept in attrs).
  if (stmts.length === 1 && node.attrs === '' && stmts[0].kind !== 'DeclStmt' && !hasKind(stmts[0], 'CompoundLiteralExpr')) {
    const only = stmts[0];
    only.directives.unshift(...node.directives);
    return only;
  }
  return node;
}

export function hasKind(n: Node | null, kind: string): boolean {
  return preorder(n).some((x) => x.kind === kind);
}

/**
 * Every node of the tree, each before its children. (A loop, not nested
 * generators: a guard's test is a chain of thousands of `&&` as deep as long.)
 */
export function preorder(n: Node | null, skip?: (n: Node) => boolean): Node[] {
  const out: Node[] = [];
  // Each node is a step of the function's analysis budget (analysis/budget.ts), when one is set.
  const budget = currentBudget();
  const stack: (Node | null)[] = [n];
  while (stack.length) {
    const x = stack.pop();
    if (!x) continue;
    budget?.spend();
    out.push(x);
    if (skip?.(x)) continue;
    for (let k = x.kids.length - 1; k >= 0; k--) stack.push(x.kids[k]);
  }
  return out;
}

/** Names of the functions a subtree calls directly. */
export function callees(n: Node | null): Set<string> {
  const out = new Set<string>();
  for (const x of preorder(n))
    if (x.kind === 'CallExpr') {
      const callee = preorder(x.kids[0] ?? null).find((y) => y.kind === 'DeclRefExpr');
      if (callee?.ref?.kind === 'FunctionDecl') out.add(callee.ref.name);
    }
  return out;
}
