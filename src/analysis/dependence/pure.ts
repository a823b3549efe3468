// Library calls a parallel loop may make: functions that touch no memory the
// caller can see. A function defined in the unit under one of these names is
// its own definition, never this list (calls.ts and effects.ts check that
// first). Left out on purpose: lgamma (it sets the global `signgam`),
// frexp/modf/remquo/sincos (they write through a pointer: effects.ts
// summarises them), rand and the like (hidden
// state). What these do to errno and the floating-point environment is
// thread-local: it is the parallel region's concern (issue 23, item 1), not a
// dependence between iterations.
export const PURE_LIBRARY = new Set(
  (
    'sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh exp exp2 expm1 log log2 log10 log1p pow sqrt cbrt hypot ' +
    'fabs floor ceil round trunc rint nearbyint lround llround fmod remainder fmin fmax fma copysign erf erfc tgamma ldexp ' +
    'abs labs llabs isnan isinf isfinite signbit ' +
    // What <math.h> macros expand to: INFINITY is __builtin_inff(), HUGE_VALF __builtin_huge_valf().
    '__builtin_fabs __builtin_sqrt __builtin_fmax __builtin_fmin __builtin_huge_val __builtin_inf __builtin_nan __builtin_copysign ' +
    '__builtin_expect __builtin_isnan __builtin_isinf __builtin_isfinite __builtin_signbit __builtin_isinf_sign __builtin_fpclassify'
  )
    .split(/\s+/)
    .flatMap((n) => (/^(abs|labs|llabs|is|signbit|__builtin_(expect|is|signbit|fpclassify))/.test(n) ? [n] : [n, `${n}f`, `${n}l`])),
);
