// Parameter types as clang reads them, where the declarator's text does not
// say what the function does with a parameter: a `void *` the body casts to
// a pointer to a variable-length array (`double (*u)[n2][n1] = (double
// (*)[n2][n1])ou;`) is that array to every part that must build or judge
// it. Read from the same clang run the screen makes of the original
// (facts.ts caches it per function and flags), so the compile path pays once.
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { originalDefinition, type AstNode } from './facts.js';

/** A pointer type in clang's spelling, taken apart: `double (*)[n2][n1]` is double with two array dimensions below the pointer. */
export interface PointerShape {
  /** The element type, unqualified, typedefs resolved (clang's desugared spelling). */
  elem: string;
  /** Dimensions of the array pointed to, outermost first, as clang prints them (`1100`, `n2`): none for `T *`. */
  dims: string[];
}

/** What clang knows of one parameter. */
export interface ClangParam {
  name: string;
  /** clang's spelling of the parameter's type, typedefs resolved. */
  type: string;
  /** For a `void *`: the one pointer type the body casts it to, when there is exactly one. */
  castTo?: PointerShape;
}

const QUALIFIER_WORDS = new Set(['const', 'volatile', 'restrict', '__restrict', '__restrict__', '_Atomic']);

/**
 * `double (*)[n2][n1]`, `const double *restrict`, `int *` taken apart; undefined for
 * anything else (a pointer to a pointer, a function pointer, not a pointer).
 * The spelling is clang's own canonical print of a type, not the user's text.
 */
export function pointerShape(spelling: string): PointerShape | undefined {
  const t = spelling.trim();
  const paren = t.indexOf('(*');
  if (paren >= 0) {
    const close = t.indexOf(')', paren);
    if (
      close < 0 ||
      t
        .slice(paren + 2, close)
        .split(/\s+/)
        .some((w) => w && !QUALIFIER_WORDS.has(w))
    )
      return undefined;
    const dims: string[] = [];
    let rest = t.slice(close + 1).trim();
    while (rest.startsWith('[')) {
      let depth = 0;
      let end = -1;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '[') depth++;
        else if (rest[i] === ']' && --depth === 0) {
          end = i;
          break;
        }
      }
      if (end < 0) return undefined;
      dims.push(rest.slice(1, end).trim());
      rest = rest.slice(end + 1).trim();
    }
    if (rest || !dims.length) return undefined;
    const elem = unqualified(t.slice(0, paren));
    return elem ? { elem, dims } : undefined;
  }
  const star = t.indexOf('*');
  if (star < 0 || t.indexOf('*', star + 1) >= 0 || /[()[\]]/.test(t)) return undefined;
  if (
    t
      .slice(star + 1)
      .split(/\s+/)
      .some((w) => w && !QUALIFIER_WORDS.has(w))
  )
    return undefined;
  const elem = unqualified(t.slice(0, star));
  return elem ? { elem, dims: [] } : undefined;
}

function unqualified(words: string): string {
  return words
    .split(/\s+/)
    .filter((w) => w && !QUALIFIER_WORDS.has(w))
    .join(' ');
}

const typeOf = (n: AstNode): string => {
  const t = n.type as { qualType?: string; desugaredQualType?: string } | undefined;
  return t?.desugaredQualType ?? t?.qualType ?? '';
};

/** The parameters of `fn` as clang reads them in its unit, or why they could not be had. */
export function clangParams(tu: TranslationUnit, fn: FunctionInfo, codeFlags: readonly string[] = []): ClangParam[] | { error: string } {
  const d = originalDefinition(tu, fn, codeFlags);
  if ('error' in d) return d;
  const parms = (d.def.inner ?? []).filter((c) => c.kind === 'ParmVarDecl');
  const byId = new Map(parms.map((p) => [p.id, p]));
  const casts = new Map<string, Set<string>>();
  // Every cast whose operand is (the value of) a void * parameter, by the parameter.
  const walk = (n: AstNode) => {
    if ((n.kind === 'CStyleCastExpr' || n.kind === 'ImplicitCastExpr') && n.castKind === 'BitCast') {
      let x = n.inner?.[0];
      while (x && (x.kind === 'ImplicitCastExpr' || x.kind === 'ParenExpr') && x.castKind !== 'BitCast') x = x.inner?.[0];
      const id = x?.kind === 'DeclRefExpr' ? x.referencedDecl?.id : undefined;
      const p = id ? byId.get(id) : undefined;
      if (p && isVoidPointer(typeOf(p))) {
        const to = typeOf(n);
        if (!isVoidPointer(to)) casts.set(id!, (casts.get(id!) ?? new Set()).add(to));
      }
    }
    for (const c of n.inner ?? []) walk(c);
  };
  walk(d.def);
  return parms.map((p) => {
    const out: ClangParam = { name: String(p.name ?? ''), type: typeOf(p) };
    const to = casts.get(p.id ?? '');
    if (to?.size === 1) {
      const shape = pointerShape([...to][0]);
      if (shape) out.castTo = shape;
    }
    return out;
  });
}

function isVoidPointer(spelling: string): boolean {
  const s = pointerShape(spelling);
  return s !== undefined && s.elem === 'void' && s.dims.length === 0;
}
