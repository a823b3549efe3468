// Declared names and what they are (scalar, array, pointer), for parameters,
// locals and file-scope globals. The dependence test needs to know whether a
// base is a distinct object (an array) or a pointer that may alias, and the
// reductions need to know integer from floating types.
import { isConstant, toAffine } from './affine.js';
import { field, walk, type SyntaxNode } from './parse.js';

export type SymbolKind = 'scalar' | 'array' | 'pointer' | 'function';
export type Scope = 'param' | 'local' | 'static-local' | 'global';

export interface SymbolInfo {
  name: string;
  kind: SymbolKind;
  scope: Scope;
  /** Declared type with the name removed, e.g. `double *restrict`. */
  type: string;
  /** Base type specifier as written (`double`, `struct p`, `real`). */
  baseType: string;
  pointerDepth: number;
  /** Array dimension texts, outermost first ('' for `[]`). */
  dims: string[];
  /**
   * Each dimension's value where its expression is an integer constant
   * (`1200 + 0`, as PolyBench's macros write it), read from the expression
   * tree; undefined where it is not (`n`, `[]`, a sizeof).
   */
  dimValues: (number | undefined)[];
  isRestrict: boolean;
  isConst: boolean;
  isConstPointee: boolean;
  isVolatile: boolean;
  /** Offset of the declaration (inside whatever text it was parsed from). */
  start: number;
  /** The initializer node's text when there is one. */
  init?: string;
}

const RESTRICT = new Set(['restrict', '__restrict', '__restrict__']);

interface DeclShape {
  name: string;
  pointerDepth: number;
  dims: string[];
  dimValues: (number | undefined)[];
  isRestrict: boolean;
  isConstPtr: boolean;
  isFunction: boolean;
  nameNode: SyntaxNode;
}

/** Walks a declarator (`*restrict a`, `a[n][m]`, `(*f)(int)`) down to its name. */
export function declaratorShape(decl: SyntaxNode | null): DeclShape | null {
  let pointerDepth = 0;
  const dims: string[] = [];
  const dimValues: (number | undefined)[] = [];
  let isRestrict = false;
  let isConstPtr = false;
  let isFunction = false;
  let first = true;
  let n = decl;
  while (n) {
    switch (n.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        return { name: n.text, pointerDepth, dims, dimValues, isRestrict, isConstPtr, isFunction, nameNode: n };
      case 'pointer_declarator': {
        pointerDepth++;
        for (const c of n.namedChildren)
          if (c.type === 'type_qualifier') {
            if (first && RESTRICT.has(c.text)) isRestrict = true;
            if (first && c.text === 'const') isConstPtr = true;
          }
        first = false;
        n = field(n, 'declarator');
        break;
      }
      case 'array_declarator': {
        const size = field(n, 'size');
        dims.unshift(size ? size.text : '');
        dimValues.unshift(size ? constantValue(size) : undefined);
        for (const c of n.namedChildren) if (c.type === 'type_qualifier' && RESTRICT.has(c.text)) isRestrict = true;
        n = field(n, 'declarator');
        break;
      }
      case 'function_declarator':
        isFunction = true;
        n = field(n, 'declarator');
        break;
      case 'parenthesized_declarator':
      case 'attributed_declarator':
        n = n.namedChildren.find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
        break;
      case 'init_declarator':
        n = field(n, 'declarator');
        break;
      default:
        return null;
    }
  }
  return null;
}

/** An integer constant expression's value, when the expression tree is one. */
function constantValue(node: SyntaxNode): number | undefined {
  const a = toAffine(node);
  return a && isConstant(a) ? a.constant : undefined;
}

function qualifiers(node: SyntaxNode): string[] {
  return node.namedChildren.filter((c) => c.type === 'type_qualifier').map((c) => c.text);
}

function storage(node: SyntaxNode): string[] {
  return node.namedChildren.filter((c) => c.type === 'storage_class_specifier').map((c) => c.text);
}

/** Symbols declared by a declaration, parameter_declaration or field. */
export function symbolsOfDeclaration(node: SyntaxNode, scope: Scope): SymbolInfo[] {
  const typeNode = field(node, 'type');
  const baseType = typeNode ? typeNode.text : 'int';
  const quals = qualifiers(node);
  const isStatic = storage(node).includes('static');
  const out: SymbolInfo[] = [];
  const declarators = node.childrenForFieldName('declarator');
  for (const d of declarators) {
    const shape = declaratorShape(d);
    if (!shape) continue;
    const inner = d.type === 'init_declarator' ? field(d, 'declarator') : d;
    const init = d.type === 'init_declarator' ? field(d, 'value') : null;
    const typeText = (() => {
      if (!inner) return baseType;
      const full = node.text;
      // Type text: qualifiers + base + the declarator with the name cut out.
      const s = inner.startIndex - node.startIndex;
      const decl = full.slice(s, inner.endIndex - node.startIndex);
      const ns = shape.nameNode.startIndex - inner.startIndex;
      const cut = decl.slice(0, ns) + decl.slice(ns + shape.name.length);
      return `${quals.length ? quals.join(' ') + ' ' : ''}${baseType} ${cut}`.replace(/\s+/g, ' ').trim();
    })();
    let kind: SymbolKind;
    if (shape.isFunction && shape.pointerDepth === 0) kind = 'function';
    else if (shape.dims.length && scope !== 'param') kind = 'array';
    else if (shape.dims.length) kind = 'array';
    else if (shape.pointerDepth > 0 || shape.isFunction) kind = 'pointer';
    else kind = 'scalar';
    out.push({
      name: shape.name,
      kind,
      scope: scope === 'local' && isStatic ? 'static-local' : scope,
      type: typeText,
      baseType,
      pointerDepth: shape.pointerDepth,
      dims: shape.dims,
      dimValues: shape.dimValues,
      isRestrict: shape.isRestrict,
      isConst: shape.pointerDepth > 0 ? shape.isConstPtr : quals.includes('const'),
      isConstPointee: (shape.pointerDepth > 0 || shape.dims.length > 0) && quals.includes('const'),
      isVolatile: quals.includes('volatile'),
      start: node.startIndex,
      init: init?.text,
    });
  }
  return out;
}

/** Parameters and locals of one function definition node. */
export function functionSymbols(fnNode: SyntaxNode): { params: SymbolInfo[]; locals: SymbolInfo[] } {
  const params: SymbolInfo[] = [];
  const locals: SymbolInfo[] = [];
  let fd = field(fnNode, 'declarator');
  while (fd && fd.type !== 'function_declarator') fd = field(fd, 'declarator');
  const plist = fd ? field(fd, 'parameters') : null;
  if (plist) for (const p of plist.namedChildren) if (p.type === 'parameter_declaration') params.push(...symbolsOfDeclaration(p, 'param'));
  const body = field(fnNode, 'body');
  if (body) for (const n of walk(body)) if (n.type === 'declaration') locals.push(...symbolsOfDeclaration(n, 'local'));
  return { params, locals };
}
