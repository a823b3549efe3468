// The screen: refuse before anything is built or run. A candidate must be
// one function definition and nothing else, keep the original's name and
// signature, call nothing new except OpenMP's API and <math.h>, use no
// function as a value, hold no directive but `#pragma omp`, no asm, no new
// static storage, nothing that differs between the checks and the object
// (__func__, __FILE__, ...), observe nothing of the run environment the
// original does not (ctypes.ts' ENVIRONMENT_CALLS: the thread limit, the
// clock, the pid...), and write no global the original leaves alone.
// Each refusal names its reason.
//
// Two readings: the text, read the way the compiler's lexer reads it (line
// splices and trigraphs are refused first, so that comments end where clang
// ends them), then the compiler's own: clang parses the candidate in place of
// the original in its translation unit and the screen walks its AST.
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { parseC } from '../analysis/index.js';
import type { Candidate } from '../core/candidate.js';
import { tokenFacts } from '../core/flags.js';
import { candidateFacts, compilerView, originalView } from './facts.js';
import { isAllowedNewCall, isIoOrProcessCall, isMathCall, observesEnvironment, OMP_API } from './ctypes.js';
import type { CheckOutcome } from '../core/decision.js';

interface Scanned {
  /** Comments gone (each one space), string and character literals blanked to `""` / `'0'`. */
  stripped: string;
  problem?: string;
}

/**
 * Reads `text` as clang's lexer does, given that it holds no line splice and
 * no trigraph (refused before): `/* ... *\/` and `// ...` comments, string and
 * character literals with their prefixes. Anything it cannot read the same
 * way under every language standard (digit separators, raw strings, a literal
 * left open) is a problem, not a guess.
 */
function scan(text: string, lineComments = true): Scanned {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const d = text[i + 1];
    if (lineComments && c === '/' && d === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      out += ' ';
      continue;
    }
    if (c === '/' && d === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return { stripped: out, problem: 'has a comment that is never closed' };
      i = end + 2;
      out += ' ';
      continue;
    }
    if (c === '"' || c === "'") {
      const before = /[A-Za-z0-9_]*$/.exec(out)![0];
      if (before && !['L', 'u', 'U', 'u8'].includes(before))
        return { stripped: out, problem: `has \`${before}${c}\`, which lexes differently under different language standards (digit separator or literal prefix)` };
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n') return { stripped: out, problem: 'has a string or character literal that is never closed' };
      }
      if (j >= text.length) return { stripped: out, problem: 'has a string or character literal that is never closed' };
      out += c === '"' ? '""' : "'0'";
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return { stripped: out };
}

/** Comments, string and character literals blanked out, so words inside them do not count. */
export function stripLiterals(text: string): string {
  return scan(text).stripped;
}

const NOT_CALLS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'return',
  'sizeof',
  '_Alignof',
  'alignof',
  '_Generic',
  '__typeof__',
  '__typeof',
  'typeof',
  '__attribute__',
  '__attribute',
  '_Static_assert',
  '__extension__',
  '__builtin_offsetof',
  '_Pragma',
  'do',
  'else',
  'case',
  '__alignof__',
  '__builtin_types_compatible_p',
  '__builtin_choose_expr',
  '_Atomic',
  '__declspec',
]);

/** OpenMP directive words a candidate may use in `#pragma omp ...`: host-side, structured. */
const OMP_DIRECTIVE_WORDS = new Set([
  'parallel',
  'for',
  'simd',
  'sections',
  'section',
  'single',
  'master',
  'masked',
  'critical',
  'atomic',
  'barrier',
  'taskwait',
  'taskgroup',
  'task',
  'taskyield',
  'taskloop',
  'ordered',
  'flush',
  'loop',
  'scope',
  'tile',
  'unroll',
  // clause-like words that follow a directive word (`atomic update`, `ordered simd`)
  'read',
  'write',
  'update',
  'capture',
  'compare',
  'seq_cst',
  'acq_rel',
  'acquire',
  'release',
  'relaxed',
  'threads',
  'nowait',
]);

/** Clause names followed by a parenthesis in an OpenMP pragma: not calls. */
const OMP_CLAUSES = new Set([
  'private',
  'firstprivate',
  'lastprivate',
  'shared',
  'reduction',
  'schedule',
  'collapse',
  'num_threads',
  'if',
  'default',
  'ordered',
  'proc_bind',
  'copyin',
  'copyprivate',
  'aligned',
  'linear',
  'safelen',
  'simdlen',
  'nontemporal',
  'order',
  'allocate',
  'depend',
  'grainsize',
  'num_tasks',
  'final',
  'priority',
  'hint',
  'in_reduction',
  'task_reduction',
  'critical',
  'flush',
  'sizes',
  'partial',
  'filter',
  'bind',
  'untied',
  'mergeable',
  'nogroup',
  'full',
  'uval',
  'val',
  'ref',
  'inscan',
  'task',
  'static',
  'dynamic',
  'guided',
  'auto',
  'runtime',
  'monotonic',
  'nonmonotonic',
  'min',
  'max',
]);

/** Names that are not the same in the checks and in the shipped object. */
const CONTEXT_NAMES = [
  '__func__',
  '__FUNCTION__',
  '__PRETTY_FUNCTION__',
  '__FILE__',
  '__LINE__',
  '__FILE_NAME__',
  '__BASE_FILE__',
  '__INCLUDE_LEVEL__',
  '__COUNTER__',
  '__DATE__',
  '__TIME__',
  '__TIMESTAMP__',
  '__builtin_FILE',
  '__builtin_LINE',
  '__builtin_FUNCTION',
  '__builtin_COLUMN',
  '__builtin_FILE_NAME',
  '__builtin_source_location',
];

/** Every `identifier(` in the body: a superset of the calls, kept as a second opinion to the parser's list. */
export function lexicalCalls(text: string): string[] {
  const body = stripLiterals(text);
  const open = body.indexOf('{');
  const out = new Set<string>();
  for (const line of body.slice(open < 0 ? 0 : open).split('\n')) {
    // Pragma lines hold clause lists (`reduction(+:s)`), not calls; an expression inside a clause may still call.
    const pragma = /^\s*#/.test(line);
    for (const m of line.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
      if (NOT_CALLS.has(m[1]) || (pragma && OMP_CLAUSES.has(m[1]))) continue;
      out.add(m[1]);
    }
  }
  return [...out];
}

/** `int f(int n, double *a)` and `int f(int n,double* a)` read the same. */
export function normaliseSignature(sig: string): string {
  return stripLiterals(sig)
    .replace(/\b(static|inline|__inline__|__inline|extern)\b/g, ' ')
    .replace(/\b__restrict__\b|\b__restrict\b/g, 'restrict')
    .replace(/\s*([*(),[\]])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function reject(detail: string, t0: number): CheckOutcome {
  return { check: 'screen', ok: false, ms: Math.round(performance.now() - t0), detail };
}

const TRIGRAPH = /\?\?[=/'()!<>-]/;
const SPLICE = /\\[ \t\v\f]*(\r\n|\r|\n)/;
const ATTRIBUTE_WORDS = /\b(constructor|destructor|section|alias|weak|weakref|ifunc|used|visibility|cleanup|naked|externally_visible|init_priority)\b/;

const LINE_MARKER = /^[ \t]*#[ \t]*\d+[ \t]+"((?:[^"\\\n]|\\.)*)"(?:[ \t]+\d+)*[ \t]*$/gm;

/**
 * Whether `//` starts a comment under the user's language standard: C89 and
 * C94 have no line comments (clang's gnu89 does), so there a slash-slash-star is a
 * division and whatever follows it is code.
 */
export function hasLineComments(codeFlags: readonly string[]): boolean {
  const std = tokenFacts(codeFlags).standard;
  return !std || !['c89', 'c90', 'iso9899:1990', 'iso9899:199409'].includes(std);
}

/** Why the text alone is refused, read as the lexer reads it under the user's standard; undefined when it is not. */
export function textProblem(text: string, fn: FunctionInfo, unitFile?: string, lineComments = true): string | undefined {
  if (SPLICE.test(text)) return 'contains a line splice (backslash-newline), which can end a comment or continue a directive where a reader does not expect it';
  if (/\r(?!\n)/.test(text)) return 'contains a carriage return that is not part of a line end';
  const tri = TRIGRAPH.exec(text);
  if (tri) return `contains the trigraph ${tri[0]}`;
  const s = scan(text, lineComments);
  if (s.problem) return s.problem;
  const stripped = s.stripped;
  const original = scan(fn.text, lineComments).stripped;
  if (/%:/.test(stripped)) return 'contains the digraph %: (a directive in disguise)';
  if (/\\/.test(stripped)) return 'contains a backslash outside a literal (a universal character name in an identifier)';
  if (/[^\x00-\x7f]/.test(stripped)) return 'contains a non-ASCII character outside comments and literals';
  if (/\b(_Pragma|__pragma)\b/.test(stripped)) return 'contains _Pragma, which is not an allowed #pragma omp form';
  // Line markers (`# 37 "sim.c"`) keep a rewritten function's lines its
  // user's; they may name only files the original's own text names (or the
  // unit's file), so they cannot point diagnostics or debug info elsewhere.
  const allowedFiles = new Set([...fn.text.matchAll(LINE_MARKER)].map((m) => m[1]));
  for (const m of text.matchAll(LINE_MARKER)) if (!allowedFiles.has(m[1]) && m[1] !== unitFile) return `contains a line marker naming ${m[1]}, which the original does not`;
  // A pragma the original itself carries (PolyBench's `#pragma scop`) means
  // what it meant there; each may appear as often as the original has it.
  const ownPragmas = new Map<string, number>();
  const pragmaKey = (line: string) => line.trim().replace(/\s+/g, ' ');
  for (const line of original.split('\n')) if (/^\s*#\s*pragma\b/.test(line)) ownPragmas.set(pragmaKey(line), (ownPragmas.get(pragmaKey(line)) ?? 0) + 1);
  for (const line of stripped.split('\n')) {
    const hash = line.indexOf('#');
    if (hash < 0) continue;
    const own = ownPragmas.get(pragmaKey(line));
    if (own && line.indexOf('#', hash + 1) < 0) {
      ownPragmas.set(pragmaKey(line), own - 1);
      continue;
    }
    if (/^\s*#\s*\d+\s+""(\s+\d+)*\s*$/.test(line)) continue;
    const m = /^\s*#\s*(\w*)/.exec(line);
    if (!m) return 'contains # outside a directive';
    if (m[1] !== 'pragma') return `contains the preprocessor directive #${m[1]} (only #pragma omp is allowed)`;
    const p = /^\s*#\s*pragma\s+(\w*)\s*(\w*)/.exec(line)!;
    if (p[1] !== 'omp') return `contains #pragma ${p[1]} (only #pragma omp is allowed)`;
    if (!OMP_DIRECTIVE_WORDS.has(p[2])) return `contains #pragma omp ${p[2]}, which is not an allowed OpenMP directive here`;
    if (line.indexOf('#', hash + 1) >= 0) return 'contains # inside a directive';
  }
  const context = CONTEXT_NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(stripped));
  if (context.length) return `uses ${context.join(', ')}, which differ between the checks and the shipped object`;
  if (/\b(asm|__asm__|__asm)\b/.test(stripped)) return 'contains inline asm';
  const attrs = [...stripped.matchAll(/\b(__attribute__|__attribute|__declspec)\s*\(\(?[^;{]*|\[\[[^\]]*\]\]/g)].map((m) => m[0].replace(/\s+/g, ''));
  const originalAttrs = new Set([...original.matchAll(/\b(__attribute__|__attribute|__declspec)\s*\(\(?[^;{]*|\[\[[^\]]*\]\]/g)].map((m) => m[0].replace(/\s+/g, '')));
  const newAttr = attrs.find((a) => !originalAttrs.has(a));
  if (newAttr || (/\[\[/.test(stripped) && !/\[\[/.test(original))) {
    const word = ATTRIBUTE_WORDS.exec(newAttr ?? '');
    return `carries an attribute the original does not${word ? ` (${word[1]})` : ''}`;
  }
  const builtins = [...new Set([...stripped.matchAll(/\b__builtin_\w+/g)].map((m) => m[0]))].filter((b) => !isMathCall(b) && !original.includes(b));
  if (builtins.length) return `uses ${builtins.join(', ')} (only math builtins, __builtin_expect and __builtin_assume_aligned are allowed)`;
  const noPragmas = (t: string) => t.slice(Math.max(0, t.indexOf('{'))).replace(/^\s*#.*$/gm, ' ');
  const body = noPragmas(stripped);
  const originalBody = noPragmas(original);
  const storage = /\b(static|extern|_Thread_local|__thread|thread_local)\b/.exec(body);
  if (storage && !new RegExp(`\\b${storage[1]}\\b`).test(originalBody)) return `declares ${storage[1]} storage inside the function, which the original does not`;
  // One function definition and nothing else at file scope.
  const tree = parseC(stripped);
  const top = tree.rootNode.namedChildren.filter((n) => n.type !== 'comment');
  if (top.length !== 1 || top[0].type !== 'function_definition') {
    const other = top.find((n) => n.type !== 'function_definition') ?? top[1];
    return `has something besides the one function at file scope (${other ? `${other.type.replace(/_/g, ' ')}: \`${other.text.split('\n')[0].slice(0, 60)}\`` : 'nothing'})`;
  }
  return undefined;
}

/**
 * `codeFlags`: the user's code-shaping flags (-std, -O, -m, -f...), the ones
 * the shipped compile uses, so that clang reads the candidate under the
 * user's language standard. -D, -I and -include have already done their work
 * in the preprocessed unit the screen reads.
 */
export function screenCandidate(tu: TranslationUnit, fn: FunctionInfo, c: Candidate, codeFlags: readonly string[] = []): CheckOutcome {
  const t0 = performance.now();
  const text = c.text;
  if (!text || !text.trim()) return reject('empty candidate', t0);
  const lexical = textProblem(text, fn, tu.file, hasLineComments(codeFlags));
  if (lexical) return reject(lexical, t0);
  const facts = candidateFacts(tu, text);
  if ('error' in facts) return reject(`does not parse: ${facts.error}`, t0);
  if (facts.name !== fn.name) return reject(`defines ${facts.name || 'nothing'} instead of ${fn.name}`, t0);
  if (normaliseSignature(facts.signature) !== normaliseSignature(fn.signature)) return reject(`signature changed: \`${facts.signature.trim()}\` instead of \`${fn.signature.trim()}\``, t0);
  const original = new Set(fn.calls);
  const judgeCall = (call: string): string | undefined => {
    if (call === fn.name) return original.has(call) ? undefined : `calls itself (${fn.name}), which the original does not`;
    if (original.has(call)) return undefined;
    if (observesEnvironment(call)) return `observes the run environment (${call}), which the original does not`;
    if (isIoOrProcessCall(call)) return `calls ${call}, which the original does not call (I/O or process control)`;
    if (!isAllowedNewCall(call)) return `calls ${call}, which the original does not call (only OpenMP's API${call.startsWith('omp_') ? ' (a closed list)' : ''} and <math.h> functions may be added)`;
    return undefined;
  };
  // The compiler's reading, in the unit the candidate ships in. Its refusals
  // of a construct come first (they name the construct: a function used as a
  // value before the call through it); a unit that does not compile is
  // reported after the calls, since calling an undeclared name is the usual cause.
  const orig = originalView(tu, fn, codeFlags);
  if ('error' in orig) return reject(`the compiler's view of the original is not available (${orig.error}), so no candidate can be screened`, t0);
  const view = compilerView(tu, fn, text, codeFlags);
  if (!('error' in view)) {
    const known = new Set(orig.problems);
    const problem = view.problems.find((p) => !known.has(p));
    if (problem) return reject(problem, t0);
    for (const call of orig.callees) original.add(call);
  }
  // Where clang read the candidate, its callees are the calls: the parser's
  // and the lexical lists also take a cast to a pointer to an array
  // (`(double (*)[n2][n1])ou`, `(real (*)[n])p`) for a call of the type.
  // They stand in only when the unit does not compile, to name the likely cause.
  const calls = 'error' in view ? [...facts.calls, ...lexicalCalls(text)] : view.callees;
  for (const call of new Set(calls)) {
    const why = judgeCall(call);
    if (why) return reject(why, t0);
  }
  const written = new Set(fn.globalsWritten);
  const extra = facts.globalsWritten.filter((g) => !written.has(g));
  if (extra.length) return reject(`writes global ${extra.join(', ')}, which the original does not write`, t0);
  if ('error' in view) return reject(view.error, t0);
  const usedGlobals = new Set([...orig.globals, ...fn.globalsRead, ...fn.globalsWritten]);
  const newGlobals = view.globals.filter((g) => !usedGlobals.has(g));
  if (newGlobals.length) return reject(`uses global ${newGlobals.join(', ')}, which the original does not use`, t0);
  const ownAttrs = view.ownAttrs.filter((a) => !orig.ownAttrs.includes(a));
  if (ownAttrs.length) return reject(`carries an attribute the original does not (${ownAttrs.map((a) => a.replace(/Attr$/, '')).join(', ')})`, t0);
  return { check: 'screen', ok: true, ms: Math.round(performance.now() - t0) };
}

/** For tests and doctor: the names the screen lets a candidate add. */
export const ALLOWED_OMP_API: ReadonlySet<string> = OMP_API;
