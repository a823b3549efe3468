// Replaces functions in the preprocessed text. A line marker before each
// replacement points its lines at the user's function, and one after it
// re-synchronises, so every later line keeps its number for diagnostics,
// already-expanded __LINE__ and debug info.
//
// Each replaced function is followed by a keep-alive: a local, `used`
// pointer to it. The checks call the function's own symbol in the object
// this very text compiles to (verify/build.ts), and a static function whose
// every caller the compiler sees may be inlined away, specialised on its
// callers' constant arguments (IPSCCP) or stripped of unused parameters:
// its symbol would not be the C function the candidate's text says, or not
// exist. Taking its address keeps one out-of-line copy with the plain C ABI,
// in the checks and in the object alike (both are compiled from this text);
// callers still inline it as before.
//
// A replaced function that opens a parallel region also runs with a short
// OpenMP block time (short-spin.ts), and its regions keep errno and the
// floating-point environment as the serial code would (errno-fenv.ts), in
// the checks and in the object alike.
import { lineMarker, type FunctionInfo, type TranslationUnit } from '../analysis/index.js';
import { ERRNO_FENV_PRELUDE, withErrnoFenvGuard } from './errno-fenv.js';
import { SHORT_SPIN_PRELUDE, withShortSpin } from './short-spin.js';

function columnOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return offset - (nl + 1);
}

export function spliceFunctions(tu: TranslationUnit, replacements: { fn: FunctionInfo; text: string }[]): string {
  const sorted = [...replacements].sort((a, b) => a.fn.start - b.fn.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].fn.start < sorted[i - 1].fn.end) throw new Error(`overlapping replacements for ${sorted[i - 1].fn.name} and ${sorted[i].fn.name}`);
  let out = '';
  let pos = 0;
  let prelude = false;
  for (const { fn, text: replacement } of sorted) {
    const spin = withShortSpin(replacement);
    // After the short spin, whose declaration goes on the body's first line: this one's line markers follow it.
    const { text, guarded } = withErrnoFenvGuard(spin.text, { file: tu.file, line: fn.sourceLine });
    out += tu.text.slice(pos, fn.start);
    if ((guarded || spin.guarded) && !prelude) {
      out += `\n${SHORT_SPIN_PRELUDE}${ERRNO_FENV_PRELUDE}`;
      prelude = true;
    }
    out += `\n${lineMarker(fn.sourceLine, tu.file)}\n${' '.repeat(columnOf(tu.text, fn.start))}`;
    out += text + keepAlive(fn, text);
    out += `\n${lineMarker(fn.sourceEndLine, tu.file)}\n${' '.repeat(columnOf(tu.text, fn.end))}`;
    pos = fn.end;
  }
  return out + tu.text.slice(pos);
}

/** The name of the keep-alive pointer `spliceFunctions` puts after a replaced function. */
export const keepAliveName = (fn: string) => `__slmcc_keep_${fn}`;

/**
 * ` static void *const __slmcc_keep_f __attribute__((used)) = (void *)f;`, on
 * the function's last line (line numbers stay). None for a C99 `inline`
 * definition without `static`: the unit holds no out-of-line body of it, and
 * its address would be a new reference to another file's definition.
 */
export function keepAlive(fn: FunctionInfo, text: string): string {
  const head = text.slice(0, Math.max(0, text.indexOf(fn.name)));
  if (/\b(inline|__inline__|__inline)\b/.test(head) && !/\bstatic\b/.test(head)) return '';
  return ` static void *const ${keepAliveName(fn.name)} __attribute__((used)) = (void *)${fn.name};`;
}
