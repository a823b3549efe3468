// Compiling apart the functions Polly helped, so that only they get Polly.
//
// `apart` holds the declarations those functions depend on and their bodies
// renamed `__slmcc_polly_<name>` with hidden visibility (so the combined object
// exports nothing new); `main` is the TU with each body replaced by a call to
// the apart copy under the original name and linkage. A function is moved
// only when that is safe: it touches no file-scope variable (the apart TU
// would otherwise need the definition, or get its own copy of a static) and
// calls no function the TU defines `static` (the apart TU could not see it).
// Functions left out keep their original text in `main`; when none can move,
// `apart` is empty and `main` is the TU unchanged.
import { declarationsFor, lineMarker } from '../analysis/index.js';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';

export const POLLY_PREFIX = '__slmcc_polly_';

function movable(tu: TranslationUnit, fn: FunctionInfo): boolean {
  if (fn.globalsRead.length || fn.globalsWritten.length || fn.isVariadic) return false;
  const statics = new Set(tu.functions.filter((f) => f.isStatic).map((f) => f.name));
  if (fn.calls.some((c) => statics.has(c))) return false;
  return fn.params.every((p) => p.name !== '');
}

const LINKAGE = /\b(static|inline|extern|__inline__|__inline)\b/g;

function renamed(text: string, name: string, to: string): string {
  return text.replace(new RegExp(`\\b${name}(\\s*\\()`), `${to}$1`);
}

export function splitForPolly(tu: TranslationUnit, fns: FunctionInfo[]): { main: string; apart: string } {
  const moving = fns.filter((f) => movable(tu, f));
  if (!moving.length) return { main: tu.text, apart: '' };
  const combined: FunctionInfo = { ...moving[0], start: -1, text: moving.map((f) => f.text).join('\n') };
  const decls = declarationsFor(tu, combined);
  const hidden = '__attribute__((visibility("hidden")))';
  const apartDefs = moving.map((f) => {
    const body = renamed(f.text, f.name, POLLY_PREFIX + f.name).replace(/^\s*((?:(?:static|inline|extern|__inline__|__inline)\s+)+)/, '');
    return `${lineMarker(f.sourceLine, tu.file)}\n${hidden} ${body}\n`;
  });
  const apart = `${decls}\n${apartDefs.join('\n')}`;
  let main = tu.text;
  for (const f of [...moving].sort((a, b) => b.start - a.start)) {
    const proto = `${hidden} ${renamed(f.signature.replace(LINKAGE, ' ').trim(), f.name, POLLY_PREFIX + f.name)};`;
    const ret = f.returnType.replace(LINKAGE, ' ').trim();
    const call = `${POLLY_PREFIX}${f.name}(${f.params.map((p) => p.name).join(', ')})`;
    const stub = `${proto}\n${f.signature} { ${ret === 'void' ? `${call};` : `return ${call};`} }`;
    // Keep line count so the markers after the function stay right.
    const lines = (f.text.match(/\n/g) ?? []).length;
    main = main.slice(0, f.start) + stub.replace(/\n/g, ' ') + '\n'.repeat(lines) + main.slice(f.end);
  }
  return { main, apart };
}
