// The screen: refuse before anything is built or run. A candidate must parse,
// keep the original's name and signature, call nothing new except OpenMP and
// <math.h>, contain no asm, do no I/O, and write no global the original leaves
// alone. Each refusal names its reason.
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import type { Candidate } from '../propose/candidate.js';
import { candidateFacts } from './facts.js';
import { isAllowedNewCall, isIoOrProcessCall } from './ctypes.js';
import type { CheckOutcome } from './types.js';

/** Comments, string and character literals blanked out, so words inside them do not count. */
export function stripLiterals(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (m) => (m.startsWith('"') ? '""' : m.startsWith("'") ? "'0'" : ' '));
}

const NOT_CALLS = new Set([
  'if', 'for', 'while', 'switch', 'return', 'sizeof', '_Alignof', 'alignof', '_Generic', '__typeof__', '__typeof', 'typeof',
  '__attribute__', '__attribute', '_Static_assert', '__extension__', '__builtin_offsetof', '_Pragma', 'do', 'else', 'case',
  '__alignof__', '__builtin_types_compatible_p', '__builtin_choose_expr', '_Atomic', '__declspec',
]);

/** Every `identifier(` in the body: a superset of the calls, kept as a second opinion to the parser's list. */
export function lexicalCalls(text: string): string[] {
  // Pragma lines hold clause lists (`reduction(+:s)`), not calls.
  const body = stripLiterals(text).replace(/^\s*#.*$/gm, ' ');
  const open = body.indexOf('{');
  const out = new Set<string>();
  for (const m of body.slice(open < 0 ? 0 : open).matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (!NOT_CALLS.has(m[1])) out.add(m[1]);
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

export function screenCandidate(tu: TranslationUnit, fn: FunctionInfo, c: Candidate): CheckOutcome {
  const t0 = performance.now();
  const text = c.text;
  if (!text || !text.trim()) return reject('empty candidate', t0);
  const facts = candidateFacts(tu, text);
  if ('error' in facts) return reject(`does not parse: ${facts.error}`, t0);
  if (facts.name !== fn.name) return reject(`defines ${facts.name || 'nothing'} instead of ${fn.name}`, t0);
  if (normaliseSignature(facts.signature) !== normaliseSignature(fn.signature))
    return reject(`signature changed: \`${facts.signature.trim()}\` instead of \`${fn.signature.trim()}\``, t0);
  const stripped = stripLiterals(text);
  if (/\b(asm|__asm__|__asm)\b/.test(stripped)) return reject('contains inline asm', t0);
  if (/^\s*#\s*(include|define|undef|if|ifdef|ifndef|line)\b/m.test(stripped)) return reject('contains preprocessor directives other than #pragma', t0);
  const original = new Set(fn.calls);
  const calls = new Set([...facts.calls, ...lexicalCalls(text)]);
  calls.delete(fn.name);
  for (const call of calls) {
    if (original.has(call)) continue;
    if (isIoOrProcessCall(call)) return reject(`calls ${call}, which the original does not call (I/O or process control)`, t0);
    if (!isAllowedNewCall(call)) return reject(`calls ${call}, which the original does not call (only OpenMP and <math.h> functions may be added)`, t0);
  }
  const io = [...calls].filter(isIoOrProcessCall);
  if (io.length) return reject(`does I/O (${io.join(', ')})`, t0);
  const written = new Set(fn.globalsWritten);
  const extra = facts.globalsWritten.filter((g) => !written.has(g));
  if (extra.length) return reject(`writes global ${extra.join(', ')}, which the original does not write`, t0);
  return { check: 'screen', ok: true, ms: Math.round(performance.now() - t0) };
}
