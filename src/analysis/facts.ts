// What a piece of code reads, writes and calls: array accesses (with affine
// subscripts where they are affine), scalars, calls, early exits. Used for a
// whole function and for each loop.
import type { Affine, ArrayAccess, CodeFacts, EarlyExit } from './types.js';
import { constant, names, toAffine, type Env } from './affine.js';
import { field, unparen, type SyntaxNode } from './parse.js';

export interface Facts extends CodeFacts {
  /** Names whose address is taken (`&x`) or that are passed whole to a call. */
  escaped: string[];
  hasAsm: boolean;
}

export interface FactsOptions {
  env?: Env;
  /** Names set to one of a few affine values (function.ts). */
  choices?: (name: string) => Affine[] | undefined;
  lineOf: (node: SyntaxNode) => number;
  /** Offset of the function's text in the parsed text, for ArrayAccess.offset. */
  base?: number;
  /** The loop whose exits count (break/continue of this loop, any return/goto). */
  loop?: SyntaxNode;
}

/** Most values a subscript may take that the overlap check spells out. */
const MAX_CHOICES = 4;

/**
 * The affine values an expression takes when it is a choice between them
 * (`x == 0 ? c : c - 1`, or a name set to one), else undefined.
 */
export function affineChoices(node: SyntaxNode, env?: Env, named?: (name: string) => Affine[] | undefined): Affine[] | undefined {
  const n = unparen(node);
  const a = toAffine(n, env);
  if (a) return [a];
  if (n.type === 'identifier') return named?.(n.text);
  if (n.type !== 'conditional_expression') return undefined;
  const arms = [field(n, 'consequence'), field(n, 'alternative')].map((x) => (x ? affineChoices(x, env, named) : undefined));
  if (arms.some((x) => !x)) return undefined;
  const all = arms.flat() as Affine[];
  return all.length <= MAX_CHOICES ? all : undefined;
}

/**
 * The values of a subscript (`sub`, as toAffine read it) that uses names
 * set to a choice of values (`tIn[w]`, `tIn[w + 1]`) or is such a choice
 * itself, one per combination; undefined when it is neither or they are
 * too many.
 */
function subscriptChoices(node: SyntaxNode, sub: Affine | null, env: Env | undefined, named: (name: string) => Affine[] | undefined): Affine[] | undefined {
  const ids = [...new Set((sub ? names(sub) : identifiersIn(node)).filter((x) => named(x)))];
  if (!ids.length) {
    if (sub) return undefined;
    const direct = affineChoices(node, env, named);
    return direct && direct.length > 1 ? direct : undefined;
  }
  let combos: Map<string, Affine>[] = [new Map()];
  for (const id of ids) combos = combos.flatMap((c) => named(id)!.map((v) => new Map([...c, [id, v]])));
  if (combos.length > MAX_CHOICES) return undefined;
  const out: Affine[] = [];
  for (const c of combos) {
    const a = toAffine(node, (x) => c.get(x) ?? env?.(x));
    if (!a) return undefined;
    out.push(a);
  }
  return out;
}

function identifiersIn(node: SyntaxNode): string[] {
  const out: string[] = [];
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier') out.push(n.text);
    stack.push(...n.namedChildren);
  }
  return out;
}

function isExpression(n: SyntaxNode): boolean {
  return n.type.endsWith('_expression') || n.type === 'identifier';
}

const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement']);

class Collector {
  accesses: ArrayAccess[] = [];
  read = new Set<string>();
  written = new Set<string>();
  locals = new Set<string>();
  calls = new Set<string>();
  exits = new Set<EarlyExit>();
  escaped = new Set<string>();
  hasAsm = false;
  constructor(private opts: FactsOptions) {}

  access(node: SyntaxNode, isWrite: boolean, isRead: boolean): void {
    // Flatten a[i][j] into base a with subscripts [i, j].
    const idx: SyntaxNode[] = [];
    let n = unparen(node);
    while (n.type === 'subscript_expression') {
      const index = field(n, 'index');
      if (index) idx.unshift(index);
      n = unparen(field(n, 'argument')!);
    }
    for (const i of idx) this.expr(i, false, true);
    let base: string;
    let throughPointer = false;
    if (n.type === 'identifier') base = n.text;
    else if (n.type === 'field_expression') {
      // s.arr[i] / p->arr[i]: a member array; name it by its text.
      base = n.text.replace(/\s+/g, '');
      this.expr(field(n, 'argument')!, false, true);
    } else if (n.type === 'pointer_expression' && n.child(0)?.type === '*' && unparen(field(n, 'argument')!).type === 'identifier') {
      // (*B)[r][s], B a pointer to one whole array (PolyBench's heap arrays): B[0][r][s].
      base = unparen(field(n, 'argument')!).text;
      this.read.add(base);
      throughPointer = true;
    } else {
      base = '*';
      this.expr(n, false, true);
    }
    const subs = idx.map((i) => toAffine(i, this.opts.env));
    const texts = idx.map((i) => i.text);
    if (throughPointer) this.push(base, [constant(0), ...subs], ['0', ...texts], node, isWrite, isRead);
    else this.push(base, subs, texts, node, isWrite, isRead);
    const named = this.opts.choices;
    const choices = named ? idx.map((i, k) => subscriptChoices(i, subs[k], this.opts.env, named)) : [];
    if (choices.some((c) => c)) this.accesses[this.accesses.length - 1].choices = throughPointer ? [undefined, ...choices] : choices;
  }

  /** One access to `array`, as `node` in the source. */
  push(array: string, subscripts: ArrayAccess['subscripts'], subscriptTexts: string[], node: SyntaxNode, isWrite: boolean, isRead: boolean): void {
    this.accesses.push({ array, subscripts, subscriptTexts, text: node.text, isWrite, isRead, line: this.opts.lineOf(node), offset: node.startIndex - (this.opts.base ?? 0) });
  }

  /** `*p`, `*(p + e)`: an access to p[0] / p[e]. */
  deref(node: SyntaxNode, isWrite: boolean, isRead: boolean): void {
    const arg = unparen(field(node, 'argument')!);
    if (arg.type === 'identifier') {
      this.read.add(arg.text);
      this.push(arg.text, [constant(0)], ['0'], node, isWrite, isRead);
      return;
    }
    if (arg.type === 'binary_expression' && (arg.child(1)?.type === '+' || arg.child(1)?.type === '-')) {
      const l = unparen(field(arg, 'left')!);
      const r = field(arg, 'right')!;
      if (l.type === 'identifier') {
        this.read.add(l.text);
        this.expr(r, false, true);
        const a = toAffine(r, this.opts.env);
        const sub = a && arg.child(1)?.type === '-' ? { terms: Object.fromEntries(Object.entries(a.terms).map(([k, v]) => [k, -v])), constant: -a.constant } : a;
        this.push(l.text, [sub], [(arg.child(1)?.type === '-' ? '-' : '') + r.text], node, isWrite, isRead);
        return;
      }
    }
    this.expr(arg, false, true);
    this.push('*', [null], [arg.text], node, isWrite, isRead);
  }

  /** An lvalue or rvalue expression. */
  expr(node: SyntaxNode, isWrite: boolean, isRead: boolean): void {
    const n = unparen(node);
    switch (n.type) {
      case 'identifier':
        if (isRead) this.read.add(n.text);
        if (isWrite) this.written.add(n.text);
        return;
      case 'subscript_expression':
        this.access(n, isWrite, isRead);
        return;
      case 'field_expression': {
        const arg = unparen(field(n, 'argument')!);
        const arrow = n.child(1)?.type === '->';
        if (arrow) {
          // p->x is *p; a[i]->x writes where the loaded pointer points.
          if (arg.type === 'identifier') {
            this.read.add(arg.text);
            this.push(arg.text, [constant(0)], ['0'], n, isWrite, isRead);
          } else {
            this.expr(arg, false, true);
            this.push('*', [null], [arg.text], n, isWrite, isRead);
          }
        } else this.expr(arg, isWrite, isRead || !isWrite);
        return;
      }
      case 'pointer_expression': {
        const op = n.child(0)?.type;
        if (op === '*') this.deref(n, isWrite, isRead);
        else {
          // &x: the address escapes, so treat x as possibly written.
          const arg = unparen(field(n, 'argument')!);
          if (arg.type === 'identifier') {
            this.escaped.add(arg.text);
            this.written.add(arg.text);
            this.read.add(arg.text);
          } else this.expr(arg, false, true);
        }
        return;
      }
      case 'assignment_expression': {
        const op = n.child(1)?.type ?? '=';
        this.expr(field(n, 'right')!, false, true);
        this.expr(field(n, 'left')!, true, op !== '=');
        return;
      }
      case 'update_expression':
        this.expr(field(n, 'argument')!, true, true);
        return;
      case 'call_expression': {
        const fnNode = unparen(field(n, 'function')!);
        if (fnNode.type === 'identifier') this.calls.add(fnNode.text);
        else {
          this.calls.add('(*)');
          this.expr(fnNode, false, true);
        }
        const args = field(n, 'arguments');
        if (args)
          for (const a of args.namedChildren) {
            const u = unparen(a);
            if (u.type === 'identifier') this.escaped.add(u.text);
            this.expr(a, false, true);
          }
        return;
      }
      case 'sizeof_expression':
      case 'alignof_expression':
      case 'offsetof_expression':
        return;
      case 'gnu_asm_expression':
        this.hasAsm = true;
        return;
      default:
        this.children(n);
    }
  }

  children(node: SyntaxNode): void {
    for (const c of node.namedChildren) {
      if (isExpression(c)) this.expr(c, false, true);
      else this.stmt(c);
    }
  }

  /** Statements, declarations and anything else: visit children. */
  stmt(node: SyntaxNode): void {
    switch (node.type) {
      case 'declaration':
        for (const d of node.childrenForFieldName('declarator')) {
          let name: SyntaxNode | null = d.type === 'init_declarator' ? field(d, 'declarator') : d;
          while (name && name.type !== 'identifier') name = field(name, 'declarator');
          if (name) this.locals.add(name.text);
          if (d.type === 'init_declarator') {
            const v = field(d, 'value');
            if (v) this.expr(v, false, true);
          }
          // VLA sizes are reads.
          let a: SyntaxNode | null = d.type === 'init_declarator' ? field(d, 'declarator') : d;
          while (a && a.type !== 'identifier') {
            if (a.type === 'array_declarator') {
              const s = field(a, 'size');
              if (s) this.expr(s, false, true);
            }
            a = field(a, 'declarator');
          }
        }
        return;
      case 'break_statement':
        if (this.ownsJump(node, true)) this.exits.add('break');
        return;
      case 'continue_statement':
        if (this.ownsJump(node, false)) this.exits.add('continue');
        return;
      case 'return_statement':
        this.exits.add('return');
        for (const c of node.namedChildren) this.expr(c, false, true);
        return;
      case 'goto_statement':
        this.exits.add('goto');
        return;
      case 'gnu_asm_expression':
        this.hasAsm = true;
        return;
      case 'expression_statement':
      case 'parenthesized_expression':
      case 'comma_expression':
        for (const c of node.namedChildren) this.expr(c, false, true);
        return;
      default:
        if (isExpression(node)) this.expr(node, false, true);
        else this.children(node);
    }
  }

  /** Whether a break/continue leaves the loop we collect for (not an inner loop or switch). */
  ownsJump(node: SyntaxNode, isBreak: boolean): boolean {
    const loop = this.opts.loop;
    let p = node.parent;
    while (p) {
      if (loop && p.startIndex === loop.startIndex && p.endIndex === loop.endIndex && p.type === loop.type) return true;
      if (LOOPS.has(p.type)) return false;
      if (isBreak && p.type === 'switch_statement') return false;
      p = p.parent;
    }
    return !loop;
  }
}

export function collectFacts(node: SyntaxNode, opts: FactsOptions): Facts {
  const c = new Collector(opts);
  c.stmt(node);
  return {
    accesses: c.accesses,
    scalarsRead: [...c.read].sort(),
    scalarsWritten: [...c.written].sort(),
    locals: [...c.locals].sort(),
    calls: [...c.calls],
    earlyExits: [...c.exits],
    escaped: [...c.escaped].sort(),
    hasAsm: c.hasAsm,
  };
}
