// Subscripts and loop bounds as integer polynomials over names: `i*n + j + 1`
// is {terms: {'i*n': 1, j: 1}, constant: 1}. A term's key is its names sorted
// and joined by '*'. The dependence test needs symbolic coefficients such as
// the `n` of a flattened `a[i*n + j]`, so products of names are kept; anything
// that is not a polynomial (division, modulo, loads, calls) is null.
import type { Affine } from './types.js';
import { unparen, type SyntaxNode } from './parse.js';

export const ZERO: Affine = { terms: {}, constant: 0 };

export function constant(c: number): Affine {
  return { terms: {}, constant: c };
}

export function variable(name: string): Affine {
  return { terms: { [name]: 1 }, constant: 0 };
}

function clean(terms: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(terms).sort()) if (terms[k] !== 0) out[k] = terms[k];
  return out;
}

export function add(a: Affine, b: Affine, sign = 1): Affine {
  const t: Record<string, number> = { ...a.terms };
  for (const [k, v] of Object.entries(b.terms)) t[k] = (t[k] ?? 0) + sign * v;
  return { terms: clean(t), constant: a.constant + sign * b.constant };
}

export function sub(a: Affine, b: Affine): Affine {
  return add(a, b, -1);
}

export function scale(a: Affine, c: number): Affine {
  const t: Record<string, number> = {};
  for (const [k, v] of Object.entries(a.terms)) t[k] = v * c;
  return { terms: clean(t), constant: a.constant * c };
}

function mulKey(a: string, b: string): string {
  return [...a.split('*'), ...b.split('*')].sort().join('*');
}

export function mul(a: Affine, b: Affine): Affine {
  const t: Record<string, number> = {};
  const bump = (k: string, v: number) => (t[k] = (t[k] ?? 0) + v);
  for (const [ka, va] of Object.entries(a.terms)) {
    for (const [kb, vb] of Object.entries(b.terms)) bump(mulKey(ka, kb), va * vb);
    if (b.constant) bump(ka, va * b.constant);
  }
  if (a.constant) for (const [kb, vb] of Object.entries(b.terms)) bump(kb, vb * a.constant);
  return { terms: clean(t), constant: a.constant * b.constant };
}

export function isConstant(a: Affine): boolean {
  return Object.keys(a.terms).length === 0;
}

export function equal(a: Affine, b: Affine): boolean {
  return isConstant(sub(a, b)) && a.constant === b.constant;
}

/** Every name the polynomial mentions. */
export function names(a: Affine): string[] {
  const s = new Set<string>();
  for (const k of Object.keys(a.terms)) for (const n of k.split('*')) s.add(n);
  return [...s].sort();
}

/** Splits `a` into coeff*v + rest where coeff and rest do not mention v; null when v appears squared. */
export function splitOn(a: Affine, v: string): { coeff: Affine; rest: Affine } | null {
  const coeff: Record<string, number> = {};
  let cc = 0;
  const rest: Record<string, number> = {};
  for (const [k, val] of Object.entries(a.terms)) {
    const parts = k.split('*');
    const n = parts.filter((p) => p === v).length;
    if (n === 0) rest[k] = val;
    else if (n === 1) {
      const others = parts.filter((p) => p !== v);
      if (others.length === 0) cc += val;
      else {
        const key = others.join('*');
        coeff[key] = (coeff[key] ?? 0) + val;
      }
    } else return null;
  }
  return { coeff: { terms: clean(coeff), constant: cc }, rest: { terms: clean(rest), constant: a.constant } };
}

/** Replaces name v by the polynomial e. */
export function substitute(a: Affine, v: string, e: Affine): Affine | null {
  let out: Affine = constant(a.constant);
  for (const [k, val] of Object.entries(a.terms)) {
    let term: Affine = constant(val);
    for (const p of k.split('*')) term = mul(term, p === v ? e : variable(p));
    out = add(out, term);
  }
  return out;
}

export function toC(a: Affine): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(a.terms)) {
    const body = k
      .split('*')
      .map((n) => `(long)${n}`)
      .join('*');
    parts.push(v === 1 ? body : `${v}L*${body}`);
  }
  if (a.constant || parts.length === 0) parts.push(`${a.constant}L`);
  return `(${parts.join(' + ')})`;
}

export function show(a: Affine): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(a.terms)) {
    const body = k.replace(/\*/g, '*');
    if (v === 1) parts.push(body);
    else if (v === -1) parts.push(`-${body}`);
    else parts.push(`${v}*${body}`);
  }
  if (a.constant || parts.length === 0) parts.push(String(a.constant));
  return parts.join(' + ').replace(/\+ -/g, '- ');
}

export function parseIntLiteral(text: string): number | null {
  const t = text.replace(/[uUlL]+$/, '');
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0[0-7]*$/.test(t)) v = parseInt(t, 8);
  else if (/^[1-9][0-9]*$/.test(t)) v = parseInt(t, 10);
  else return null;
  return Number.isSafeInteger(v) ? v : null;
}

export type Env = (name: string) => Affine | null | undefined;

const INT_CASTS = /^(?:(?:unsigned|signed|long|short|int|size_t|ssize_t|ptrdiff_t|int(?:8|16|32|64)_t|uint(?:8|16|32|64)_t|intptr_t|uintptr_t|const)\s*)+$/;

/**
 * The polynomial of an integer expression, or null. `env` may replace a name
 * by its definition (a local set once from an affine expression); a name it
 * leaves undefined stays a symbol.
 */
export function toAffine(node: SyntaxNode, env?: Env): Affine | null {
  const n = unparen(node);
  switch (n.type) {
    case 'number_literal': {
      // tree-sitter reads `-2` in `for (d = -2; ...)` as one literal.
      const neg = n.text.startsWith('-');
      const v = parseIntLiteral(neg ? n.text.slice(1) : n.text);
      return v === null ? null : constant(neg ? -v : v);
    }
    case 'char_literal': {
      const m = /^'(.)'$/.exec(n.text);
      return m ? constant(m[1].charCodeAt(0)) : null;
    }
    case 'identifier': {
      const d = env?.(n.text);
      if (d === null) return null;
      return d ?? variable(n.text);
    }
    case 'field_expression': {
      // `g.n` of a struct variable (by value, not through a pointer): a
      // symbol named by its text, which changes when the struct does
      // (callers compare the root before the first '.').
      const path = memberPath(n);
      return path ? variable(path) : null;
    }
    case 'unary_expression': {
      const op = n.child(0)?.type;
      const arg = n.childForFieldName('argument');
      if (!arg) return null;
      const a = toAffine(arg, env);
      if (!a) return null;
      if (op === '-') return scale(a, -1);
      if (op === '+') return a;
      return null;
    }
    case 'cast_expression': {
      const ty = n.childForFieldName('type');
      const v = n.childForFieldName('value');
      if (!ty || !v || !INT_CASTS.test(ty.text.trim())) return null;
      return toAffine(v, env);
    }
    case 'binary_expression': {
      const op = n.childForFieldName('operator')?.type ?? n.child(1)?.type;
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      if (!l || !r) return null;
      const a = toAffine(l, env);
      const b = toAffine(r, env);
      if (!a || !b) return null;
      switch (op) {
        case '+':
          return add(a, b);
        case '-':
          return sub(a, b);
        case '*':
          return mul(a, b);
        case '<<':
          if (isConstant(b) && b.constant >= 0 && b.constant < 31) return scale(a, 2 ** b.constant);
          return null;
        default:
          return null;
      }
    }
    default:
      return null;
  }
}

/** `g.n`, `g.dims.n`: the dotted path of members of a struct variable; null through `->`, a subscript or a call. */
export function memberPath(node: SyntaxNode): string | null {
  const n = unparen(node);
  if (n.type === 'identifier') return n.text;
  if (n.type !== 'field_expression' || n.child(1)?.type !== '.') return null;
  const arg = n.childForFieldName('argument');
  const f = n.childForFieldName('field');
  const base = arg ? memberPath(arg) : null;
  return base && f ? `${base}.${f.text}` : null;
}

/** The variable a symbol names: `g` for `g.n`. */
export function rootName(name: string): string {
  const i = name.indexOf('.');
  return i < 0 ? name : name.slice(0, i);
}
