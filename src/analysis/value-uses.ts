// How a function uses the values it is given, read from its parse tree: which
// pointer parameters it tests against NULL (the harness then passes NULL,
// where a candidate that drops the test faults), and which arrays hold
// indices or sizes rather than data (the harness may put INT_MIN into data,
// never into an index the original would follow out of its buffer).
import type { FunctionInfo } from './types.js';
import { field, parseC, unparen, walk, type SyntaxNode } from './parse.js';

export interface ValueUses {
  /** Pointer parameters compared with NULL: `if (p)`, `if (!p)`, `p == NULL`, `p != 0`, `p && ...`, `p ? a : b`. */
  nullTested: Set<string>;
  /**
   * Names (parameters or globals) whose elements reach a subscript, a loop's
   * header, a call's argument or a `while` condition, directly or through a
   * local assigned from them (`int j = col[k]; ... x[j]`).
   */
  indexLike: Set<string>;
  /**
   * Pointer parameters that may reach more than the one object they point
   * to: subscripted, stepped, offset, dereferenced whole or assigned. A
   * parameter named only to reach a member (`g->u`) or handed on to a call
   * is not among them: it stands for one record the harness can build.
   */
  beyondOne: Set<string>;
}

const definitionOf = (root: SyntaxNode): SyntaxNode | undefined => {
  for (const n of walk(root)) if (n.type === 'function_definition') return n;
  return undefined;
};

/** `0`, `(void *)0`, `((void *)0)`: what NULL is after preprocessing. */
function isNullConstant(node: SyntaxNode): boolean {
  let n = unparen(node);
  while (n.type === 'cast_expression') {
    const v = field(n, 'value');
    if (!v) return false;
    n = unparen(v);
  }
  return n.type === 'number_literal' && /^0+[uUlL]*$/.test(n.text);
}

/** The expression around `node` once parentheses are stepped over, and the child it was reached from. */
function enclosing(node: SyntaxNode): { parent: SyntaxNode | null; child: SyntaxNode } {
  let child = node;
  let parent = node.parent;
  while (parent && parent.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

const sameNode = (a: SyntaxNode | null, b: SyntaxNode) => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

/** `p` used where only its being NULL or not matters. */
function testsForNull(id: SyntaxNode): boolean {
  const { parent, child } = enclosing(id);
  if (!parent) return false;
  switch (parent.type) {
    case 'unary_expression':
      return field(parent, 'operator')?.text === '!';
    case 'binary_expression': {
      const op = field(parent, 'operator')?.text;
      if (op === '&&' || op === '||') return true;
      if (op !== '==' && op !== '!=') return false;
      const l = field(parent, 'left'),
        r = field(parent, 'right');
      const other = sameNode(l, child) ? r : l;
      return !!other && isNullConstant(other);
    }
    case 'if_statement':
    case 'while_statement':
    case 'do_statement':
      return sameNode(field(parent, 'condition'), child);
    case 'conditional_expression':
      return sameNode(field(parent, 'condition'), child);
    case 'for_statement':
      return sameNode(field(parent, 'condition'), child);
    default:
      return false;
  }
}

const identifiersIn = (n: SyntaxNode): string[] => [...walk(n)].filter((x) => x.type === 'identifier').map((x) => x.text);

const VALUE_FUNCTIONS = new Set(
  ['abs', 'labs', 'llabs', 'fabs', 'sqrt', 'exp', 'log', 'pow', 'sin', 'cos', 'tan', 'fmin', 'fmax', 'floor', 'ceil', 'round', 'isnan', 'isinf', 'isfinite'].flatMap((f) => [
    f,
    `${f}f`,
    `${f}l`,
    `__builtin_${f}`,
  ]),
);

/** Places whose value decides where memory is touched or how often: a subscript, a loop header, a call's argument, a while condition. */
function indexPlaces(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const n of walk(body)) {
    if (n.type === 'subscript_expression') {
      const i = field(n, 'index');
      if (i) out.push(i);
    } else if (n.type === 'for_statement') {
      for (const f of ['initializer', 'condition', 'update']) {
        const x = field(n, f);
        if (x) out.push(x);
      }
    } else if (n.type === 'while_statement' || n.type === 'do_statement') {
      const c = field(n, 'condition');
      if (c) out.push(c);
    } else if (n.type === 'call_expression') {
      // A value handed to unknown code may be a size or an index there; libm and abs take data.
      const a = field(n, 'arguments');
      if (a && !VALUE_FUNCTIONS.has(field(n, 'function')?.text ?? '')) out.push(a);
    } else if (n.type === 'pointer_expression') {
      // `*(x + off[i])`: an address computed from the values.
      out.push(n);
    }
  }
  return out;
}

/** `p->m`, `*p`, `f(p)`, or a test of `p` against NULL: a use that stays inside the one object `p` points to. */
function reachesOneRecord(id: SyntaxNode): boolean {
  let n = id;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const up = n.parent;
  if (!up) return false;
  if (up.type === 'field_expression') return up.child(1)?.type === '->' && field(up, 'argument')?.startIndex === n.startIndex;
  if (up.type === 'argument_list') return true;
  // `*p`, read, written or measured: the one object.
  if (up.type === 'pointer_expression' && up.child(0)?.type === '*') return true;
  return testsForNull(id);
}

/** Which names flow into each local by assignment or initialisation: `j` gets `col` from `int j = col[k]`. */
function localFlows(body: SyntaxNode): Map<string, Set<string>> {
  const flows = new Map<string, Set<string>>();
  const add = (target: SyntaxNode | null, value: SyntaxNode | null) => {
    if (!target || !value) return;
    const t = unparen(target);
    if (t.type !== 'identifier') return;
    const set = flows.get(t.text) ?? new Set<string>();
    for (const id of identifiersIn(value)) set.add(id);
    flows.set(t.text, set);
  };
  for (const n of walk(body)) {
    if (n.type === 'init_declarator') add(field(n, 'declarator'), field(n, 'value'));
    else if (n.type === 'assignment_expression') add(field(n, 'left'), field(n, 'right'));
  }
  return flows;
}

export function valueUses(fn: FunctionInfo): ValueUses {
  const nullTested = new Set<string>();
  const indexLike = new Set<string>();
  const beyondOne = new Set<string>();
  const def = definitionOf(parseC(fn.text).rootNode);
  const body = def && field(def, 'body');
  if (!body) return { nullTested, indexLike, beyondOne: new Set(fn.params.map((p) => p.name)) };
  const pointers = new Set(fn.params.filter((p) => p.isPointer || p.arrayDims).map((p) => p.name));
  for (const n of walk(body)) if (n.type === 'identifier' && pointers.has(n.text) && testsForNull(n)) nullTested.add(n.text);
  for (const n of walk(body)) if (n.type === 'identifier' && pointers.has(n.text) && !reachesOneRecord(n)) beyondOne.add(n.text);
  // A name reaches an index place itself or through locals it flows into.
  const flows = localFlows(body);
  const reaching = new Set<string>();
  for (const place of indexPlaces(body)) for (const id of identifiersIn(place)) reaching.add(id);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [local, sources] of flows) {
      if (!reaching.has(local)) continue;
      for (const s of sources) if (!reaching.has(s)) (reaching.add(s), (grew = true));
    }
  }
  for (const name of reaching) indexLike.add(name);
  return { nullTested, indexLike, beyondOne };
}
