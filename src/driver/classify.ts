import path from 'node:path';
import type { Arg, Classified, FlagKind, InputLang, PassReason } from '../core/command-line.js';
import { readFlag } from '../core/flags.js';

const C_EXT = new Set(['.c']);
const PREPROCESSED_EXT = new Set(['.i']);
const OBJECT_EXT = new Set(['.o', '.a', '.so', '.lo', '.obj', '.la']);

function langOf(file: string, forced: string | undefined): InputLang {
  if (forced !== undefined && forced !== 'none') {
    if (forced === 'c') return 'c';
    if (forced === 'cpp-output') return 'preprocessed-c';
    return 'other';
  }
  const ext = path.extname(file);
  if (C_EXT.has(ext)) return 'c';
  if (PREPROCESSED_EXT.has(ext)) return 'preprocessed-c';
  if (OBJECT_EXT.has(ext) || /\.so(\.\d+)*$/.test(file)) return 'object';
  // .cc .cpp .m .s .S .f90 ... and anything clang would guess at.
  if (ext !== '' && /^\.(cc|cp|cxx|cpp|c\+\+|C|CC|ii|m|mm|M|s|S|sx|asm|f|f90|f95|for|F|cu|cl|hip|h|hh|hpp|ll|bc|pcm)$/.test(ext)) return 'other';
  // Files without a known extension are linker inputs for clang.
  return 'object';
}

/** Autoconf's and CMake's probes: identical bytes out matter more than speed. */
function isBuildSystemProbe(file: string): boolean {
  const base = path.basename(file);
  return /^conftest\./.test(base) || /^CMakeC(Compiler(Id|ABI))\.c$/.test(base) || base === 'CheckIncludeFile.c';
}

export function parseArgs(args: readonly string[]): Arg[] | { unknown: string } {
  const out: Arg[] = [];
  let forcedLang: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-' || !a.startsWith('-') || a.length === 1) {
      out.push({ role: 'input', path: a, lang: a === '-' ? langOf('-', forcedLang ?? 'stdin') : langOf(a, forcedLang), tokens: [a] });
      continue;
    }
    const r = readFlag(args, i);
    if ('unknown' in r) return r;
    i = r.next - 1;
    if (r.flag.kind === 'language') forcedLang = r.flag.value;
    out.push(r.flag);
  }
  return out;
}

export function classify(args: readonly string[]): Classified {
  const parsed = parseArgs(args);
  if (!Array.isArray(parsed)) {
    return { kind: 'passthrough', reason: 'unknown flag', detail: parsed.unknown };
  }
  const flags = parsed.filter((a): a is Extract<Arg, { role: 'flag' }> => a.role === 'flag');
  const inputs = parsed.filter((a): a is Extract<Arg, { role: 'input' }> => a.role === 'input');
  const has = (name: string) => flags.some((f) => f.name === name);
  const pass = (reason: PassReason, detail?: string): Classified => ({ kind: 'passthrough', reason, detail });

  const query = flags.find((f) => f.kind === 'query');
  if (query) return pass('query', query.tokens[0]);
  const unsupported = flags.find((f) => f.kind === 'unsupported');
  if (unsupported) return pass('unsupported flag', unsupported.tokens.join(' '));
  if (inputs.length === 0) return pass('no input');
  if (has('-E')) return pass('preprocess only');
  if (flags.some((f) => f.kind === 'deps-only')) return pass('dependencies only');
  if (has('-S')) return pass('assembly output');
  if (has('-fsyntax-only')) return pass('syntax only');
  if (flags.filter((f) => f.kind === 'arch').length > 1) return pass('several -arch');
  const lang = flags.filter((f) => f.kind === 'language').map((f) => f.value);
  if (lang.some((l) => l !== 'c' && l !== 'none')) return pass('language not C', lang.join(','));
  if (inputs.some((i) => i.path === '-')) return pass('stdin input');

  const outputs = flags.filter((f) => f.kind === 'output');
  const output = outputs.at(-1)?.value;
  if (output === '-') return pass('output to stdout');
  if (output !== undefined && output.startsWith('/dev/')) return pass('output not a regular file', output);

  const sources = inputs.filter((i) => i.lang === 'c').map((i) => i.path);
  const compileOnly = has('-c');
  if (sources.length === 0) {
    if (compileOnly || inputs.some((i) => i.lang !== 'object')) return pass('not C input');
    return { kind: 'link', parsed, objects: inputs.map((i) => i.path) };
  }
  const other = inputs.find((i) => i.lang === 'other' || i.lang === 'preprocessed-c' || (compileOnly && i.lang === 'object'));
  if (other) return pass('not C input', other.path);
  const probe = sources.find(isBuildSystemProbe);
  if (probe) return pass('build-system probe', probe);
  if (compileOnly && sources.length > 1 && output !== undefined) return pass('several outputs with -o');
  const objects = inputs.filter((i) => i.lang === 'object').map((i) => i.path);
  return { kind: 'compile', sources, link: !compileOnly, output, objects, parsed };
}

/** The tokens of every flag of the given kinds, in order. */
export function flagTokens(parsed: readonly Arg[], kinds: readonly FlagKind[]): string[] {
  return parsed.flatMap((a) => (a.role === 'flag' && kinds.includes(a.kind) ? a.tokens : []));
}

/** Where a `-c` compile of `source` writes its object. */
export function objectPathFor(source: string, output: string | undefined): string {
  if (output !== undefined) return output;
  return path.basename(source).replace(/\.[^.]*$/, '') + '.o';
}

/** The flags that shape what the preprocessor sees: the user's -D/-I/-include and the code flags that predefine macros (-std, -O, -fopenmp, -m...). */
export function preprocessFlags(parsed: readonly Arg[]): string[] {
  return flagTokens(parsed, ['preprocessor', 'code', 'arch']);
}
