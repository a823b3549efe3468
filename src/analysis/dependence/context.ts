// Everything the builtin's tests need about one function, computed once.
import { allLoops, collectFacts, field, functionSymbols, globalsOf, parseC, structFieldNames, type FunctionInfo, type Loop, type SymbolInfo, type SyntaxNode, type TranslationUnit } from '../index.js';

export interface FnContext {
  tu: TranslationUnit;
  fn: FunctionInfo;
  root: SyntaxNode;
  sym(name: string): SymbolInfo | undefined;
  node(loop: Loop): SyntaxNode | undefined;
  /** Scalars written in a loop's body (not its header). */
  bodyWrites(loop: Loop): Set<string>;
  /** Every field of a struct variable's type, from its declaration; undefined for anything else. */
  structFields(name: string): string[] | undefined;
  all: Loop[];
}

export function fnContext(tu: TranslationUnit, fn: FunctionInfo): FnContext | null {
  const tree = parseC(fn.text);
  const root = tree.rootNode.namedChildren.find((n) => n.type === 'function_definition');
  if (!root) return null;
  const { params, locals } = functionSymbols(root);
  const globals = globalsOf(tu);
  const byName = new Map<string, SymbolInfo>();
  for (const s of [...params, ...locals]) if (!byName.has(s.name)) byName.set(s.name, s);
  const all = allLoops(fn.loops);
  const nodes = new Map<string, SyntaxNode>();
  const loopTypes = ['for_statement', 'while_statement', 'do_statement'];
  for (const n of root.descendantsOfType(loopTypes)) nodes.set(`${n.startIndex}:${n.endIndex}`, n);
  const writes = new Map<Loop, Set<string>>();
  const sym = (n: string) => byName.get(n) ?? globals.get(n);
  const fields = new Map<string, string[] | undefined>();
  return {
    tu,
    fn,
    root,
    sym,
    node: (l) => nodes.get(`${l.start}:${l.end}`),
    bodyWrites(l) {
      let w = writes.get(l);
      if (!w) {
        const b = nodes.get(`${l.start}:${l.end}`);
        const body = b ? field(b, 'body') : null;
        w = new Set(body ? collectFacts(body, { lineOf: () => 0 }).scalarsWritten : ['?']);
        writes.set(l, w);
      }
      return w;
    },
    structFields(n) {
      if (!fields.has(n)) {
        const s = sym(n);
        fields.set(n, s?.kind === 'scalar' ? structFieldNames(tu, s.baseType) : undefined);
      }
      return fields.get(n);
    },
    all,
  };
}
