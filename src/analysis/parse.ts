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
  return parser.parse(text, undefined, { bufferSize: text.length * 2 + 1024 });
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
