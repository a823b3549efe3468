// Calls a parallel loop may make: functions without side effects. Library
// functions are listed by name; the user's own functions are pure when their
// analysis shows no writes outside their locals, no globals, no I/O.
import { isTypedefName, type FunctionInfo, type TranslationUnit } from '../index.js';

export const PURE_LIBRARY = new Set(
  (
    'sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh exp exp2 expm1 log log2 log10 log1p pow sqrt cbrt hypot ' +
    'fabs floor ceil round trunc rint nearbyint lround llround fmod remainder fmin fmax fma copysign erf erfc tgamma lgamma ldexp ' +
    'abs labs llabs isnan isinf isfinite signbit ' +
    // What <math.h> macros expand to: INFINITY is __builtin_inff(), HUGE_VALF __builtin_huge_valf().
    '__builtin_fabs __builtin_sqrt __builtin_fmax __builtin_fmin __builtin_huge_val __builtin_inf __builtin_nan __builtin_copysign ' +
    '__builtin_expect __builtin_isnan __builtin_isinf __builtin_isfinite __builtin_signbit __builtin_isinf_sign __builtin_fpclassify'
  )
    .split(/\s+/)
    .flatMap((n) => (/^(abs|labs|llabs|is|signbit|__builtin_(expect|is|signbit|fpclassify))/.test(n) ? [n] : [n, `${n}f`, `${n}l`])),
);

export function isPureCall(tu: TranslationUnit, name: string, seen: Set<string> = new Set()): boolean {
  if (PURE_LIBRARY.has(name)) return true;
  if (seen.has(name)) return false;
  // `(real)(x)`: a cast to a typedef'd type, which tree-sitter parses as a call of `real`.
  if (!tu.functions.some((f) => f.name === name) && isTypedefName(tu, name)) return true;
  const fn = tu.functions.find((f) => f.name === name);
  return !!fn && isPureFunction(tu, fn, new Set([...seen, name]));
}

export function isPureFunction(tu: TranslationUnit, fn: FunctionInfo, seen: Set<string>): boolean {
  if (fn.hasAsm || fn.globalsRead.length || fn.globalsWritten.length) return false;
  if (fn.params.some((p) => p.isPointer && p.writtenThrough)) return false;
  if (/\bstatic\b/.test(fn.text.slice(fn.text.indexOf('{')))) return false;
  if (/\bvolatile\b/.test(fn.text)) return false;
  return fn.calls.every((c) => isPureCall(tu, c, seen));
}
