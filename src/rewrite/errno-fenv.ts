// errno and the floating-point environment across the parallel regions slmcc
// adds. A parallel region changes what the program can see in three ways,
// all measured with clang-19 and Debian's libomp:
//
// - libomp's initialisation (its first fork or API call in the process)
//   leaves errno = ENOENT in the calling thread wherever LANG names a locale
//   (C.UTF-8, en_US.UTF-8: it catopen()s a libomp.cat that is not there;
//   with LANG unset errno stays). Later forks, even ones that create
//   threads, leave errno alone. A function with a `num_threads` clause
//   initialises libomp on its very first instruction (clang puts
//   __kmpc_global_thread_num at the entry), before any code of the function
//   could save errno.
// - A worker's errno is its own: `sqrt(-1)` in a worker's iterations sets
//   EDOM there, and the caller, where the serial loop would have left EDOM,
//   sees nothing.
// - The exception flags a worker's iterations raise (FE_INVALID,
//   FE_DIVBYZERO, FE_OVERFLOW...) never reach the caller. The rounding mode:
//   a thread starts with its creator's environment, and libomp on x86 also
//   loads the caller's control words into its workers at every fork
//   (KMP_INHERIT_FP_CONTROL, on by default); OpenMP promises neither, libgomp
//   does not do the second, and a user may turn it off.
//
// Two measures, in the shipped code (so in the checks too: they run it):
//
// 1. A constructor initialises libomp before `main`, with errno saved and put
//    back (`EARLY_OMP_INIT`). It is the only way to cover the entry-time
//    initialisation and Polly's regions (LLVM emits those: there is no source
//    to wrap), so a Polly unit gets it too (polly-unit.ts). omp_in_parallel is
//    the cheapest call that does the initialisation the ENOENT comes from:
//    about 1-2 ms once per process start (300 starts of a trivial program:
//    0.5-0.7 s without, 1.1 s with, on this shared two-core machine; noisy).
//    The price: libomp reads its OMP_* variables before `main`, so a program
//    that setenv()s one in main before its first region no longer changes
//    libomp's defaults. slmcc's own regions are checked for every thread count.
// 2. Every parallel region of a rewritten function is bracketed, per region
//    and per thread, by helpers under the `<slmcc>` line marker:
//      { struct __slmcc_fe r; __slmcc_fe_fork(&r);
//        _Pragma("omp parallel <its clauses> shared(r)")
//        { unsigned long long t = __slmcc_fe_enter(&r);
//          _Pragma("omp for <its clauses>") <the loop>
//          __slmcc_fe_leave(&r, t); }
//        __slmcc_fe_join(&r); }
//    fork saves the caller's errno and FP environment (fegetenv: rounding
//    mode, flags); enter installs that environment in each thread and clears
//    its flags and errno; leave merges the thread's flags (atomic or) and
//    errno into r and puts the thread's own environment back; join sets the
//    merged flags in the caller (fesetexceptflag: no trap fires there) and
//    leaves errno as the serial loop would: the errno a thread's iterations
//    set, or the caller's when none did. Where several threads set errno, the highest thread number wins: it
//    ran the latest iterations under a static schedule, which is what a serial
//    loop leaves; equal values (EDOM from every negative sqrt) are exact.
//    A combined construct (`parallel for`, `parallel for simd`, `parallel
//    sections`, `parallel loop`, `parallel masked`...) is split into `parallel`
//    and its inner directive with the clauses distributed by PARALLEL_CLAUSES:
//    enter and leave must run once per thread, outside the work-sharing.
//    The directive's line becomes four, each under a line marker giving it
//    the directive's own line, and a marker after them gives the loop its
//    line back; the loop's last line gets the closing calls: every line of
//    the function keeps its number, for diagnostics and debug info. (One line
//    of `_Pragma`s would need no markers, but tree-sitter cannot read a
//    `_Pragma(...) {` statement, and the spliced unit is read again.)
//
// Cost: per region, fork and join in the caller and two calls per thread
// (fegetenv/fesetenv, an atomic or); the split adds no barrier (the inner
// directive gets `nowait`). Measured on a `parallel for` of 3000 divisions
// called 20000 times (best of six runs, a machine at load 10): 1 thread
// 7.1 us a call with the short spin alone, 8.8 us guarded; 2 threads 107 us
// and 90 us, where the noise is larger than the difference.
import { escapeCString, field, parseC, type SyntaxNode } from '../analysis/index.js';

const ERRNO = '__slmcc_errno_location';
const TID = '__slmcc_omp_tid';
const IN_PARALLEL = '__slmcc_omp_in_parallel';
/** The name of EARLY_OMP_INIT's constructor: a unit holds it once. */
export const EARLY_OMP_INIT_NAME = '__slmcc_omp_early';

// No preprocessor directive or predefined macro in what slmcc adds (the
// memory orders are written as their values, 0 for relaxed): the unit is
// compiled as preprocessed text (`-x cpp-output`), which gcc does not
// preprocess again.

/** Initialises libomp before `main`, errno put back: see (1) above. */
export const EARLY_OMP_INIT = [
  '# 1 "<slmcc>"',
  `extern int *${ERRNO}(void) __asm__("__errno_location");`,
  `extern int ${IN_PARALLEL}(void) __asm__("omp_in_parallel");`,
  `static void __attribute__((constructor, used)) ${EARLY_OMP_INIT_NAME}(void) { int e = *${ERRNO}(); (void)${IN_PARALLEL}(); *${ERRNO}() = e; }`,
  '',
].join('\n');

const FE = (name: string, sig: string, ret = 'int') => `extern ${ret} __slmcc_${name}(${sig}) __asm__("${name}") __attribute__((weak));`;

/**
 * The per-region helpers (2); goes once before the first guarded function,
 * EARLY_OMP_INIT included. The floating-point environment goes through C's
 * own <fenv.h> functions, referenced weakly: they live in libm, and a
 * program that can read or set that environment (fetestexcept, fesetround)
 * links libm, which resolves them; in one that does not they are null and
 * only errno is carried. fenv_t is at most 32 bytes on glibc's targets (x86-64
 * saves the x87 environment and MXCSR): 64 are kept. The flag masks are -1:
 * glibc masks them with FE_ALL_EXCEPT itself, which spares slmcc the
 * per-target values (and preprocessor conditionals).
 */
export const ERRNO_FENV_PRELUDE = [
  EARLY_OMP_INIT.trimEnd(),
  `extern int ${TID}(void) __asm__("omp_get_thread_num");`,
  FE('fegetenv', 'void *'),
  FE('fesetenv', 'const void *'),
  FE('fetestexcept', 'int'),
  FE('feclearexcept', 'int'),
  FE('fesetexceptflag', 'const void *, int'),
  'struct __slmcc_fe { unsigned long long err; unsigned long long env[8]; int flags; int e0; };',
  'static __inline__ __attribute__((unused)) int __slmcc_fe_ok(void) { return __slmcc_fegetenv && __slmcc_fesetenv && __slmcc_fetestexcept && __slmcc_feclearexcept && __slmcc_fesetexceptflag; }',
  // noinline: opaque calls, so the compiler keeps the loop's arithmetic between them.
  'static __attribute__((noinline, unused)) void __slmcc_fe_fork(struct __slmcc_fe *r) {',
  `  r->e0 = *${ERRNO}(); r->err = 0; r->flags = 0;`,
  '  if (__slmcc_fe_ok()) __slmcc_fegetenv(r->env);',
  '}',
  'static __attribute__((noinline, unused)) void __slmcc_fe_enter(struct __slmcc_fe *r, unsigned long long *own) {',
  '  if (__slmcc_fe_ok()) { __slmcc_fegetenv(own); __slmcc_fesetenv(r->env); __slmcc_feclearexcept(-1); }',
  `  *${ERRNO}() = 0;`,
  '}',
  'static __attribute__((noinline, unused)) void __slmcc_fe_leave(struct __slmcc_fe *r, unsigned long long *own) {',
  `  int e = *${ERRNO}();`,
  '  if (__slmcc_fe_ok()) { int f = __slmcc_fetestexcept(-1); if (f) __atomic_fetch_or(&r->flags, f, 0); __slmcc_fesetenv(own); }',
  '  if (e) {',
  `    unsigned long long mine = ((unsigned long long)(${TID}() + 1) << 32) | (unsigned)e, seen = __atomic_load_n(&r->err, 0);`,
  '    while (mine > seen && !__atomic_compare_exchange_n(&r->err, &seen, mine, 0, 0, 0)) {}',
  '  }',
  '}',
  // fesetexceptflag, not feraiseexcept: the flags are set, no trap fires in the caller.
  'static __attribute__((noinline, unused)) void __slmcc_fe_join(struct __slmcc_fe *r) {',
  '  int f = __atomic_load_n(&r->flags, 0); unsigned long long err = __atomic_load_n(&r->err, 0);',
  '  if (f && __slmcc_fe_ok()) { unsigned long long bits = (unsigned long long)(unsigned)f; __slmcc_fesetexceptflag(&bits, f); }',
  `  *${ERRNO}() = err ? (int)(unsigned)err : r->e0;`,
  '}',
  '',
].join('\n');

/** Clauses that belong to `parallel` when a combined construct is split; every other one goes to the inner directive. */
const PARALLEL_CLAUSES = new Set(['if', 'num_threads', 'default', 'shared', 'copyin', 'proc_bind', 'message', 'severity']);
/** Inner directives of a combined `parallel X` construct, longest first. */
const INNER = [
  ['for', 'simd'],
  ['for'],
  ['sections'],
  ['loop'],
  ['masked', 'taskloop', 'simd'],
  ['masked', 'taskloop'],
  ['masked'],
  ['master', 'taskloop', 'simd'],
  ['master', 'taskloop'],
  ['master'],
  ['workshare'],
];

interface Clause {
  name: string;
  text: string;
  /** The argument inside the parentheses, if any. */
  arg?: string;
}

/** `reduction(+:s) private(i, j) nowait` as clauses; undefined where parentheses do not balance. */
function clauses(text: string): Clause[] | undefined {
  const out: Clause[] = [];
  let i = 0;
  while (i < text.length) {
    if (/[\s,]/.test(text[i])) {
      i++;
      continue;
    }
    const m = /^[A-Za-z_]\w*/.exec(text.slice(i));
    if (!m) return undefined;
    let j = i + m[0].length;
    while (j < text.length && /\s/.test(text[j])) j++;
    if (text[j] !== '(') {
      out.push({ name: m[0], text: m[0] });
      i = i + m[0].length;
      continue;
    }
    let depth = 0;
    let k = j;
    for (; k < text.length; k++) {
      if (text[k] === '(') depth++;
      else if (text[k] === ')' && --depth === 0) break;
    }
    if (k >= text.length) return undefined;
    out.push({ name: m[0], text: text.slice(i, k + 1), arg: text.slice(j + 1, k) });
    i = k + 1;
  }
  return out;
}

/** Variables a data-sharing clause lists (`+: s`, `a[0:n]`, `x, y`): the names, without sections or modifiers. */
function listedVariables(c: Clause): string[] {
  if (!c.arg) return [];
  const list = c.arg.includes(':') && !c.arg.includes('[') ? c.arg.slice(c.arg.lastIndexOf(':') + 1) : c.arg.replace(/^[^:[]*:/, '');
  return list
    .replace(/\[[^\]]*\]/g, '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => /^[A-Za-z_]\w*$/.test(v));
}

/** The two directives a `#pragma omp parallel ...` line becomes, or undefined when it cannot be split with certainty. */
export function splitParallel(directive: string, region: string): { parallel: string; inner?: string } | undefined {
  const words = directive.trim().split(/\s+/);
  if (words[0] !== 'omp' || words[1] !== 'parallel') return undefined;
  const rest = directive.trim().replace(/^omp\s+parallel\b/, '');
  const inner = INNER.find((seq) => new RegExp(`^\\s*${seq.join('\\s+')}\\b`).test(rest));
  const clauseText = inner ? rest.replace(new RegExp(`^\\s*${inner.join('\\s+')}\\b`), '') : rest;
  const list = clauses(clauseText);
  if (!list) return undefined;
  const shareRegion = `shared(${region})`;
  if (!inner) return { parallel: `omp parallel ${[...list.map((c) => c.text), shareRegion].join(' ')}`.replace(/\s+/g, ' ') };
  const onParallel: string[] = [];
  const onInner: string[] = [];
  let defaultKind: string | undefined;
  const innerVars: string[] = [];
  for (const c of list) {
    const simdIf = c.name === 'if' && /^\s*simd\s*:/.test(c.arg ?? '');
    if (PARALLEL_CLAUSES.has(c.name) && !simdIf) {
      if (c.name === 'default') {
        defaultKind = (c.arg ?? '').trim();
        // default(none) is only a compile-time check, which the split form
        // (loop counters and inner clauses' variables referenced in the
        // parallel region) would fail for nothing: it goes.
        if (defaultKind === 'none') continue;
      }
      onParallel.push(c.text);
    } else {
      onInner.push(c.text);
      if (['reduction', 'lastprivate', 'linear'].includes(c.name)) innerVars.push(...listedVariables(c));
    }
  }
  // Under default(private|firstprivate), a variable the inner directive
  // reduces into or writes back must stay the caller's in the parallel region.
  if (defaultKind && defaultKind !== 'shared' && defaultKind !== 'none' && innerVars.length) onParallel.push(`shared(${[...new Set(innerVars)].join(', ')})`);
  onParallel.push(shareRegion);
  // The combined construct has one barrier, at its end; split, the inner
  // work-sharing directive would add its own before the region's. `nowait`
  // leaves the region's end barrier as the only one, as before the split
  // (a reduction's or lastprivate's value is complete after it, which is
  // where the caller reads it): measured, the extra barrier doubled the cost
  // of a small region on a loaded machine. `loop` takes no nowait.
  if (['for', 'sections'].includes(inner[0]) && !list.some((c) => c.name === 'nowait')) onInner.push('nowait');
  return { parallel: `omp parallel ${onParallel.join(' ')}`, inner: `omp ${inner.join(' ')}${onInner.length ? ' ' + onInner.join(' ') : ''}` };
}

/** Where the function's text sits in the user's file: its first line. */
export interface TextPlace {
  file: string;
  line: number;
}

const MARKER = /^[ \t]*#[ \t]*(\d+)[ \t]+"((?:[^"\\\n]|\\.)*)"/;

/** The file and line of each line of `text`, following any line markers inside it. */
function placesOf(text: string, at: TextPlace): { file: string; line: number; escaped: boolean }[] {
  const out: { file: string; line: number; escaped: boolean }[] = [];
  let file = at.file;
  let escaped = false;
  let line = at.line;
  for (const l of text.split('\n')) {
    out.push({ file, line, escaped });
    const m = MARKER.exec(l);
    if (m) {
      line = Number(m[1]);
      file = m[2];
      escaped = true;
    } else line++;
  }
  return out;
}

interface Edit {
  at: number;
  end: number;
  text: string;
  /** Ties at one offset: the outer region's closing text goes after the inner's. */
  order: number;
}

/** The statement a directive applies to: the next sibling that is neither a directive nor a comment. */
function associated(node: SyntaxNode): SyntaxNode | undefined {
  let next = node.nextNamedSibling;
  while (next && (next.type === 'comment' || next.type === 'preproc_call')) next = next.nextNamedSibling;
  return next ?? undefined;
}

function parallelPragmas(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode) => {
    if (n.type === 'preproc_call' && /^#\s*pragma$/.test(field(n, 'directive')?.text ?? '') && /^\s*omp\s+parallel\b/.test(field(n, 'argument')?.text ?? '')) out.push(n);
    for (const c of n.namedChildren) walk(c);
  };
  walk(root);
  return out;
}

/**
 * The function text with every `#pragma omp parallel` region bracketed (see
 * the header); unchanged when it has none. A region whose directive cannot be
 * split with certainty (an unbalanced clause, a directive continued on the
 * next line) is left as it is: the checks compare errno and the flags a
 * candidate leaves, so what the guard misses there is still caught where it shows.
 */
export function withErrnoFenvGuard(text: string, at: TextPlace): { text: string; guarded: boolean } {
  if (!/^[ \t]*#[ \t]*pragma[ \t]+omp[ \t]+parallel\b/m.test(text)) return { text, guarded: false };
  let root: SyntaxNode;
  try {
    root = parseC(text).rootNode;
  } catch {
    return { text, guarded: false };
  }
  const edits: Edit[] = [];
  const places = placesOf(text, at);
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  parallelPragmas(root).forEach((pragma, k) => {
    const stmt = associated(pragma);
    const directive = field(pragma, 'argument')?.text ?? '';
    if (!stmt || /\\\s*$/.test(directive)) return;
    const r = `__slmcc_fe${k}`;
    const split = splitParallel(directive, r);
    if (!split) return;
    // The pragma node runs to its newline: replace the directive, keep the line end.
    const lineEnd = text.indexOf('\n', pragma.startIndex);
    const end = lineEnd < 0 || lineEnd > pragma.endIndex ? pragma.endIndex : lineEnd;
    const place = places[lineOf(pragma.startIndex)];
    // The directive's line for every line that replaces it; the next line's number after them.
    const here = `# ${place.line} "${place.escaped ? place.file : escapeCString(place.file)}"`;
    const next = `# ${place.line + 1} "${place.escaped ? place.file : escapeCString(place.file)}"`;
    const open = [
      `{ struct __slmcc_fe ${r}; __slmcc_fe_fork(&${r});`,
      here,
      `#pragma ${split.parallel}`,
      here,
      `{ unsigned long long ${r}_own[8]; __slmcc_fe_enter(&${r}, ${r}_own);`,
      ...(split.inner ? [here, `#pragma ${split.inner}`] : []),
      next,
    ].join('\n');
    edits.push({ at: pragma.startIndex, end, text: open, order: k });
    edits.push({ at: stmt.endIndex, end: stmt.endIndex, text: ` __slmcc_fe_leave(&${r}, ${r}_own); } __slmcc_fe_join(&${r}); }`, order: k });
  });
  if (!edits.length) return { text, guarded: false };
  let out = text;
  // Back to front; at one offset the outer region (smaller k) is applied first, so its closing text ends up after the inner one's.
  for (const e of edits.sort((a, b) => b.at - a.at || a.order - b.order)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return { text: out, guarded: true };
}
