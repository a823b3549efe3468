// The translation unit's top-level items (typedefs, tagged types, globals,
// prototypes, functions) and the transitive declarations a function needs.
import type { FunctionInfo, TranslationUnit } from './types.js';
import { field, walk, type SyntaxNode } from './parse.js';
import { declaratorShape, symbolsOfDeclaration, type SymbolInfo } from './symbols.js';

export interface TopItem {
  start: number;
  end: number;
  kind: 'typedef' | 'declaration' | 'function' | 'type';
  defines: string[];
  /** Prototype text for a function definition (its signature and `;`). */
  prototype?: string;
  node: SyntaxNode;
}

/** File-scope variables, looked up lazily: most header declarations are never asked for. */
export interface Globals {
  has(name: string): boolean;
  get(name: string): SymbolInfo | undefined;
}

export interface TuIndex {
  items: TopItem[];
  byName: Map<string, TopItem[]>;
  globals: Globals;
}

class LazyGlobals implements Globals {
  private cache = new Map<string, SymbolInfo | undefined>();
  constructor(private byName: Map<string, TopItem[]>) {}
  get(name: string): SymbolInfo | undefined {
    if (this.cache.has(name)) return this.cache.get(name);
    let found: SymbolInfo | undefined;
    for (const it of this.byName.get(name) ?? []) {
      if (it.kind !== 'declaration') continue;
      const s = symbolsOfDeclaration(it.node, 'global').find((x) => x.name === name && x.kind !== 'function');
      // A definition with array bounds beats an `extern T x[];`.
      if (s && (!found || s.dims.some((d) => d !== ''))) found = s;
    }
    this.cache.set(name, found);
    return found;
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/** Tags and enumerators defined anywhere in the TU, by the offset of their node (one native query, not a walk per item). */
function tagDefinitions(root: SyntaxNode): { at: number; name: string }[] {
  const out: { at: number; name: string }[] = [];
  for (const n of root.descendantsOfType(['struct_specifier', 'union_specifier', 'enum_specifier', 'enumerator'])) {
    const name = field(n, 'name');
    if (!name) continue;
    if (n.type === 'enumerator') out.push({ at: n.startIndex, name: name.text });
    else if (field(n, 'body')) out.push({ at: n.startIndex, name: `${n.type.split('_')[0]} ${name.text}` });
  }
  return out;
}

export function indexTopLevel(root: SyntaxNode, text: string): TuIndex {
  const items: TopItem[] = [];
  const tags = tagDefinitions(root);
  let tagPos = 0;
  const tagsDefined = (n: SyntaxNode): string[] => {
    const out: string[] = [];
    while (tagPos < tags.length && tags[tagPos].at < n.startIndex) tagPos++;
    while (tagPos < tags.length && tags[tagPos].at < n.endIndex) out.push(tags[tagPos++].name);
    return out;
  };
  for (const n of root.namedChildren) {
    let item: TopItem | null = null;
    if (n.type === 'type_definition') {
      const defs = n
        .childrenForFieldName('declarator')
        .map((d) => declaratorShape(d)?.name)
        .filter((x): x is string => !!x);
      item = { start: n.startIndex, end: n.endIndex, kind: 'typedef', defines: [...defs, ...tagsDefined(n)], node: n };
    } else if (n.type === 'declaration') {
      const defs = n
        .childrenForFieldName('declarator')
        .map((d) => declaratorShape(d)?.name)
        .filter((x): x is string => !!x);
      item = { start: n.startIndex, end: n.endIndex, kind: 'declaration', defines: [...defs, ...tagsDefined(n)], node: n };
    } else if (n.type === 'function_definition') {
      const body = field(n, 'body');
      let d = field(n, 'declarator');
      while (d && d.type !== 'function_declarator') d = field(d, 'declarator');
      const name = d ? declaratorShape(field(d, 'declarator'))?.name : undefined;
      if (name && body) item = { start: n.startIndex, end: n.endIndex, kind: 'function', defines: [name], prototype: text.slice(n.startIndex, body.startIndex).trim() + ';', node: n };
    } else if (n.type === 'struct_specifier' || n.type === 'union_specifier' || n.type === 'enum_specifier') {
      item = { start: n.startIndex, end: n.endIndex, kind: 'type', defines: tagsDefined(n), node: n };
    }
    if (item && item.defines.length) items.push(item);
  }
  const byName = new Map<string, TopItem[]>();
  for (const it of items) for (const d of it.defines) byName.set(d, [...(byName.get(d) ?? []), it]);
  return { items, byName, globals: new LazyGlobals(byName) };
}

/** Names a piece of syntax refers to: identifiers, type names, struct/union/enum tags. */
export function referencedNames(node: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const n of walk(node)) {
    if (n.type === 'identifier' || n.type === 'type_identifier') out.add(n.text);
    else if (n.type === 'struct_specifier' || n.type === 'union_specifier' || n.type === 'enum_specifier') {
      const name = field(n, 'name');
      if (name) out.add(`${n.type.split('_')[0]} ${name.text}`);
    }
  }
  return out;
}

export function declarationsText(tu: TranslationUnit, idx: TuIndex, fnNode: SyntaxNode, fn: FunctionInfo): string {
  const chosen = new Set<TopItem>();
  const seen = new Set<string>();
  const work = [...referencedNames(fnNode)];
  while (work.length) {
    const name = work.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const it of idx.byName.get(name) ?? []) {
      if (it.start === fn.start || chosen.has(it)) continue;
      chosen.add(it);
      const src = it.kind === 'function' ? (field(it.node, 'declarator') ?? it.node) : it.node;
      for (const r of referencedNames(src)) if (!seen.has(r)) work.push(r);
      if (it.kind === 'function') {
        const t = field(it.node, 'type');
        if (t) for (const r of referencedNames(t)) if (!seen.has(r)) work.push(r);
      }
    }
  }
  return [...chosen]
    .sort((a, b) => a.start - b.start)
    .map((it) => (it.kind === 'function' ? it.prototype! : it.kind === 'type' ? tu.text.slice(it.start, it.end) + ';' : tu.text.slice(it.start, it.end)))
    .join('\n');
}

/** The function and every function of the same unit it can call, transitively (each once). */
export function withSameFileCallees(tu: TranslationUnit | undefined, fn: FunctionInfo): FunctionInfo[] {
  const byName = new Map((tu?.functions ?? []).map((f) => [f.name, f]));
  const seen = new Set([fn.name]);
  const out = [fn];
  for (let i = 0; i < out.length; i++)
    for (const c of out[i].calls) {
      const g = byName.get(c);
      if (g && !seen.has(c)) {
        seen.add(c);
        out.push(g);
      }
    }
  return out;
}
