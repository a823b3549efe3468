// Is a reduction variable exact (an integer) or floating? Threads combine a
// reduction in another order: exact for integers, a different rounding for
// floating types, which only the user's permission makes acceptable.
import { arithmeticTypedef, isIntegerType, type SymbolInfo, type TranslationUnit } from '../index.js';

const FLOATING = /^(?:(?:long\s+)?double|float|_Float\d+x?|__float128|(?:.*\b_Complex\b.*))$/;

export type NumericKind = 'integer' | 'floating' | 'other';

/** The kind of a scalar's type; a typedef is followed to what it names. */
export function numericKind(tu: TranslationUnit, sym: SymbolInfo | undefined): NumericKind {
  if (!sym || sym.pointerDepth > 0 || sym.dims.length) return 'other';
  let base = sym.baseType
    .replace(/\b(const|volatile|register|static|extern)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!isIntegerType(base) && !FLOATING.test(base)) base = arithmeticTypedef(tu, base)?.replace(/\s+/g, ' ').trim() ?? base;
  if (isIntegerType(base)) return 'integer';
  if (FLOATING.test(base)) return 'floating';
  return 'other';
}
