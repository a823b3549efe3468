// One tree-sitter parser for the whole process: creating a parser and loading
// the grammar costs more than parsing a typical translation unit.
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';
import { currentBudget } from './budget.js';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

let parser: Parser | undefined;

export function parseC(text: string): Tree {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(C as unknown as Parser.Language);
  }
  // The default input buffer chunks long strings; a buffer sized to the text
  // avoids the "Invalid argument" failure some bindings show above 32 KiB.
  const parse = (t: string) => parser!.parse(t, undefined, { bufferSize: t.length * 2 + 1024 });
  const tree = parse(text);
  if (!tree.rootNode.hasError) return tree;
  const blanked = blankLayoutAttributes(text);
  if (blanked === text) return tree;
  const again = parse(blanked);
  // Same length, same offsets: every node's text is read from what was written.
  (again as unknown as { input: string }).input = text;
  return again;
}

/** GNU attributes that change no value and call nothing: where an object lives, whether it is used. */
const LAYOUT_ATTRIBUTES = new Set(['aligned', '__aligned__', 'unused', '__unused__', 'used', '__used__', 'maybe_unused']);

/**
 * `text` with the alignment and use attributes blanked out, newlines kept.
 * tree-sitter-c reads `__attribute__((aligned(64)))` before a declaration
 * but not after its declarator (`float t[N] __attribute__((aligned(64)));`,
 * as HPC code writes it), nor `_Alignas(64)`, and a syntax error hides the
 * whole function. An attribute that could change a type or run code
 * (`vector_size`, `cleanup`) stays, and with it the error.
 */
function blankLayoutAttributes(text: string): string {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/\b(?:__attribute__|__attribute|_Alignas)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const close = matchingParen(text, open);
    if (close < 0) continue;
    if (m[0].startsWith('_Alignas')) {
      spans.push([m.index!, close + 1]);
      continue;
    }
    const inner = text.slice(open + 1, close).trim();
    if (!inner.startsWith('(') || !inner.endsWith(')')) continue;
    const items = splitTopLevel(inner.slice(1, -1));
    if (items.every((x) => LAYOUT_ATTRIBUTES.has(/^\s*(\w*)/.exec(x)![1]))) spans.push([m.index!, close + 1]);
  }
  let out = '';
  let at = 0;
  for (const [a, b] of spans) {
    out += text.slice(at, a) + text.slice(a, b).replace(/[^\n]/g, ' ');
    at = b;
  }
  return out + text.slice(at);
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 4096; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
    else if (text[i] === ';' || text[i] === '{') return -1;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const out = [''];
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (c === ',' && depth === 0) out.push('');
    else out[out.length - 1] += c;
  }
  return out;
}

/** True when the subtree holds a syntax error the parser recovered from. */
export function hasSyntaxError(node: SyntaxNode): boolean {
  return node.hasError;
}

/** Every descendant (pre-order), including the node itself. */
export function* walk(node: SyntaxNode): Generator<SyntaxNode> {
  // Each node visited is a step of the analysis budget (budget.ts), when one is set.
  const budget = currentBudget();
  const stack: SyntaxNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    budget?.spend();
    yield n;
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** Strips parentheses: `((x))` is `x`. */
export function unparen(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0];
  return n;
}

export function field(node: SyntaxNode, name: string): SyntaxNode | null {
  return node.childForFieldName(name);
}

/**
 * `compute` remembered per node of one parse: the dependence test asks the
 * same whole-function question for every name of every loop, and each parse
 * of a function is walked once per question instead.
 */
export function memoPerParse<T>(compute: (node: SyntaxNode) => T): (node: SyntaxNode) => T {
  const memo = new WeakMap<object, Map<string, T>>();
  return (node) => {
    let m = memo.get(node.tree);
    if (!m) memo.set(node.tree, (m = new Map()));
    const key = `${node.startIndex}:${node.endIndex}:${node.type}`;
    if (!m.has(key)) m.set(key, compute(node));
    return m.get(key)!;
  };
}
