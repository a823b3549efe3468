// One table of the compiler flags slmcc understands, each with its kind, the
// way ccache and sccache keep theirs. A flag that is not here (and matches no
// prefix rule) makes the command a passthrough: slmcc never guesses how an
// unknown flag changes how a file is read. Both tables are sorted and each
// entry means the same wherever it stands (test/driver/flags.test.ts).
import type { Arg, FlagKind } from './command-line.js';

/** How a flag takes its value. */
export type ArgForm =
  | 'none'
  /** `-o out` or `-oout` */
  | 'joined-or-separate'
  /** `-Xlinker x`: always the next argument */
  | 'separate'
  /** `-std=c11`, `-O2`: the value is part of the same argument */
  | 'joined';

export interface FlagSpec {
  kind: FlagKind;
  arg: ArgForm;
}

const f = (kind: FlagKind, arg: ArgForm = 'none'): FlagSpec => ({ kind, arg });

/** Exact names, sorted. Checked before the prefix rules. */
export const EXACT_FLAGS: Readonly<Record<string, FlagSpec>> = {
  '-###': f('query'),
  '--analyze': f('unsupported'),
  '--help': f('query'),
  '--sysroot': f('code', 'joined-or-separate'),
  '--version': f('query'),
  '-B': f('unsupported', 'joined-or-separate'),
  '-C': f('preprocessor'),
  '-D': f('preprocessor', 'joined-or-separate'),
  '-E': f('mode'),
  '-I': f('preprocessor', 'joined-or-separate'),
  '-L': f('link', 'joined-or-separate'),
  '-M': f('deps-only'),
  '-MD': f('depfile'),
  '-MF': f('depfile', 'joined-or-separate'),
  '-MG': f('depfile'),
  '-MM': f('deps-only'),
  '-MMD': f('depfile'),
  '-MP': f('depfile'),
  '-MQ': f('depfile', 'joined-or-separate'),
  '-MT': f('depfile', 'joined-or-separate'),
  '-MV': f('depfile'),
  '-P': f('preprocessor'),
  '-S': f('mode'),
  '-T': f('link', 'joined-or-separate'),
  '-U': f('preprocessor', 'joined-or-separate'),
  '-Werror': f('diagnostic'),
  '-Xassembler': f('code', 'separate'),
  '-Xclang': f('unsupported', 'separate'),
  '-Xlinker': f('link', 'separate'),
  '-Xpreprocessor': f('unsupported', 'separate'),
  '-ansi': f('code'),
  '-arch': f('arch', 'separate'),
  '-c': f('mode'),
  '-dM': f('query'),
  '-dumpmachine': f('query'),
  '-dumpspecs': f('query'),
  '-dumpversion': f('query'),
  '-e': f('link', 'joined-or-separate'),
  '-emit-llvm': f('unsupported'),
  '-fopenmp': f('code'),
  '-fsyntax-only': f('mode'),
  '-g': f('code'),
  '-gcc-toolchain': f('code', 'separate'),
  '-help': f('query'),
  '-idirafter': f('preprocessor', 'joined-or-separate'),
  '-imacros': f('preprocessor', 'separate'),
  '-include': f('preprocessor', 'separate'),
  '-iprefix': f('preprocessor', 'joined-or-separate'),
  '-iquote': f('preprocessor', 'joined-or-separate'),
  '-isysroot': f('preprocessor', 'joined-or-separate'),
  '-isystem': f('preprocessor', 'joined-or-separate'),
  '-iwithprefix': f('preprocessor', 'joined-or-separate'),
  '-iwithprefixbefore': f('preprocessor', 'joined-or-separate'),
  '-l': f('link', 'joined-or-separate'),
  '-mllvm': f('unsupported', 'separate'),
  '-no-pie': f('link'),
  '-nodefaultlibs': f('link'),
  '-nostartfiles': f('link'),
  '-nostdinc': f('preprocessor'),
  '-nostdlib': f('link'),
  '-o': f('output', 'joined-or-separate'),
  '-pedantic': f('diagnostic'),
  '-pedantic-errors': f('diagnostic'),
  '-pie': f('link'),
  '-pipe': f('diagnostic'),
  '-pthread': f('code'),
  '-r': f('link'),
  '-rdynamic': f('link'),
  '-resource-dir': f('code', 'separate'),
  '-s': f('link'),
  '-save-temps': f('unsupported'),
  '-shared': f('link'),
  '-specs': f('unsupported', 'joined-or-separate'),
  '-static': f('link'),
  '-static-libgcc': f('link'),
  '-target': f('code', 'separate'),
  '-trigraphs': f('code'),
  '-u': f('link', 'joined-or-separate'),
  '-undef': f('preprocessor'),
  '-v': f('query'),
  '-w': f('diagnostic'),
  '-x': f('language', 'joined-or-separate'),
  '-z': f('link', 'separate'),
};

/**
 * Prefix rules for joined arguments (`-std=c11`, `-O3`, `-Wall`, `-Iinc`),
 * sorted. Each rule stands alone and the longest matching prefix wins, so
 * neither the order here nor the exact table changes what a rule means
 * (`-Wl,` beats `-W`, `-flto` beats `-f`).
 */
export const PREFIX_FLAGS: ReadonlyArray<readonly [string, FlagSpec]> = [
  ['--print-', f('query')],
  ['--rtlib=', f('link', 'joined')],
  ['--std=', f('code', 'joined')],
  ['--sysroot=', f('code', 'joined')],
  ['--target=', f('code', 'joined')],
  ['-D', f('preprocessor', 'joined')],
  ['-I', f('preprocessor', 'joined')],
  ['-L', f('link', 'joined')],
  ['-MF', f('depfile', 'joined')],
  ['-MQ', f('depfile', 'joined')],
  ['-MT', f('depfile', 'joined')],
  ['-O', f('code', 'joined')],
  ['-U', f('preprocessor', 'joined')],
  ['-W', f('diagnostic', 'joined')],
  ['-Wa,', f('code', 'joined')],
  ['-Wl,', f('link', 'joined')],
  ['-Wp,', f('unsupported', 'joined')],
  ['-f', f('code', 'joined')],
  ['-fcolor-diagnostics', f('diagnostic', 'joined')],
  ['-fdebug-prefix-map=', f('code', 'joined')],
  ['-fdiagnostics-', f('diagnostic', 'joined')],
  ['-ferror-limit', f('diagnostic', 'joined')],
  ['-ffile-prefix-map=', f('code', 'joined')],
  ['-flto', f('unsupported', 'joined')],
  ['-fmacro-prefix-map=', f('preprocessor', 'joined')],
  ['-fmessage-length', f('diagnostic', 'joined')],
  ['-fmodules', f('unsupported', 'joined')],
  ['-fno-color-diagnostics', f('diagnostic', 'joined')],
  ['-fopenmp', f('code', 'joined')],
  ['-fplugin', f('unsupported', 'joined')],
  ['-fsyntax-only', f('mode', 'joined')],
  ['-fuse-ld=', f('link', 'joined')],
  ['-g', f('code', 'joined')],
  ['-idirafter', f('preprocessor', 'joined')],
  ['-iquote', f('preprocessor', 'joined')],
  ['-isystem', f('preprocessor', 'joined')],
  ['-l', f('link', 'joined')],
  ['-m', f('code', 'joined')],
  ['-o', f('output', 'joined')],
  ['-print-', f('query')],
  ['-rtlib=', f('link', 'joined')],
  ['-save-temps=', f('unsupported', 'joined')],
  ['-std=', f('code', 'joined')],
  ['-x', f('language', 'joined')],
];

/** Looks a flag up: exact names first, then the longest matching prefix. */
export function lookupFlag(arg: string): { spec: FlagSpec; name: string; joinedValue?: string } | undefined {
  return lookupIn(EXACT_FLAGS, PREFIX_FLAGS, arg);
}

/** lookupFlag over given tables (the tests check that the prefix rules' order does not matter). */
export function lookupIn(
  exact: Readonly<Record<string, FlagSpec>>,
  prefixes: ReadonlyArray<readonly [string, FlagSpec]>,
  arg: string,
): { spec: FlagSpec; name: string; joinedValue?: string } | undefined {
  if (Object.hasOwn(exact, arg)) return { spec: exact[arg], name: arg };
  let best: readonly [string, FlagSpec] | undefined;
  for (const rule of prefixes) if (arg.startsWith(rule[0]) && (!best || rule[0].length > best[0].length)) best = rule;
  return best && { spec: best[1], name: best[0], joinedValue: arg.slice(best[0].length) };
}

/** One flag of a parsed command line. */
export type FlagArg = Extract<Arg, { role: 'flag' }>;

/**
 * Reads the flag that starts at `args[i]` (with its separate value, if its
 * form takes one): the one place a flag's text is taken apart. `unknown`
 * when the table does not know it or its value is missing.
 */
export function readFlag(args: readonly string[], i: number): { flag: FlagArg; next: number } | { unknown: string } {
  const a = args[i];
  const hit = lookupFlag(a);
  if (!hit) return { unknown: a };
  const { spec, name } = hit;
  let value = hit.joinedValue;
  const tokens = [a];
  let next = i + 1;
  if ((spec.arg === 'separate' || spec.arg === 'joined-or-separate') && (value === undefined || value === '')) {
    if (spec.arg === 'separate' || a === name) {
      if (next >= args.length) return { unknown: a };
      value = args[next++];
      tokens.push(value);
    }
  }
  return { flag: { role: 'flag', kind: spec.kind, name, value, tokens }, next };
}

/**
 * The flags of a token list handed on by the driver (the code flags verify
 * and the cache are given): each flag read through the table, anything else
 * (an input, a flag the table does not know) skipped.
 */
export function readFlags(tokens: readonly string[]): FlagArg[] {
  const out: FlagArg[] = [];
  for (let i = 0; i < tokens.length;) {
    const t = tokens[i];
    if (t.length < 2 || !t.startsWith('-')) {
      i++;
      continue;
    }
    const r = readFlag(tokens, i);
    if ('unknown' in r) i++;
    else {
      out.push(r.flag);
      i = r.next;
    }
  }
  return out;
}

/**
 * What a flag means beyond its kind, the way ccache keeps compopt bits: each
 * part asks for a property and never reads the flag's text again.
 */
export type FlagProp =
  /** Selects the input language (-x). */
  | 'language'
  /** Selects the target triple (-target, --target=). */
  | 'target'
  /** Selects the language standard (-std=, --std=, -ansi). */
  | 'standard'
  /** Changes how C text is read or what its types are (the standard, the target, -m, -fsigned-char ...): the screen reads the text under these. */
  | 'dialect'
  /** Defines or undefines a macro (-D, -U). */
  | 'macro'
  /** Emits debug information, which records the folder (-g, -gdwarf-4; not -g0, -gno-*). */
  | 'debug'
  /** Rewrites the paths that debug information records (-fdebug-prefix-map=, -ffile-prefix-map=). */
  | 'debug-path-map'
  /** Writes coverage or profile data whose path is the folder's (-fprofile-*, -ftest-coverage, -fcoverage-*). */
  | 'records-path'
  /** An optimisation level (-O2, -Ofast). */
  | 'opt-level'
  /** Lets clang reassociate floating-point arithmetic (-ffast-math and its kin). */
  | 'reassociation'
  /** Takes that permission back (-fno-fast-math ...). */
  | 'no-reassociation'
  /** Lets clang assume no infinities or NaN (-ffast-math, -Ofast, -ffinite-math-only). */
  | 'finite-math'
  /** Takes that assumption back. */
  | 'no-finite-math'
  /** Lets clang ignore the sign of zero (-fno-signed-zeros). */
  | 'no-signed-zeros'
  /** Says the program may read an object through a pointer to another type (-fno-strict-aliasing). */
  | 'no-strict-aliasing'
  /** Takes that back (-fstrict-aliasing). */
  | 'strict-aliasing'
  /** Turns a sanitizer on or off (-fsanitize=, -fno-sanitize-recover=). */
  | 'sanitizer'
  /** Warnings and pedantry (-W..., -pedantic, -pedantic-errors); -Wa, is an assembler option, not a warning. */
  | 'warning';

const DIALECT_F =
  /^-f(no-)?(gnu89-inline|signed-char|unsigned-char|short-enums|ms-extensions|gnu-keywords|asm|blocks|dollars-in-identifiers|declspec|openmp-version=.*|fixed-point|wchar.*|short-wchar)$/;

/**
 * The property rules, by the flag's table name and then its whole text
 * (one `-f` prefix rule covers flags that mean very different things).
 */
const PROP_RULES: ReadonlyArray<readonly [(f: FlagArg) => boolean, readonly FlagProp[]]> = [
  [(f) => f.name === '-x', ['language']],
  [(f) => f.name === '-target' || f.name === '--target=', ['target', 'dialect']],
  [(f) => f.name === '-std=' || f.name === '--std=' || f.name === '-ansi', ['standard', 'dialect']],
  [(f) => f.name === '-trigraphs' || f.name === '-m' || DIALECT_F.test(f.tokens[0]), ['dialect']],
  [(f) => f.name === '-D' || f.name === '-U', ['macro']],
  [(f) => f.name === '-g' && f.tokens[0] !== '-g0' && !f.tokens[0].startsWith('-gno-'), ['debug']],
  [(f) => f.name === '-fdebug-prefix-map=' || f.name === '-ffile-prefix-map=', ['debug-path-map']],
  [(f) => f.name === '-f' && /^-f(profile-|test-coverage|coverage-)/.test(f.tokens[0]), ['records-path']],
  [(f) => f.name === '-O', ['opt-level']],
  [(f) => f.name === '-O' && f.value === 'fast', ['finite-math']],
  [(f) => /^-f(fast-math|associative-math|unsafe-math-optimizations)$/.test(f.tokens[0]), ['reassociation']],
  [(f) => /^-fno-(fast-math|associative-math|unsafe-math-optimizations)$/.test(f.tokens[0]), ['no-reassociation']],
  [(f) => /^-f(fast-math|finite-math-only)$/.test(f.tokens[0]), ['finite-math']],
  [(f) => /^-fno-(fast-math|finite-math-only)$/.test(f.tokens[0]), ['no-finite-math']],
  [(f) => f.tokens[0] === '-fno-signed-zeros', ['no-signed-zeros']],
  [(f) => f.tokens[0] === '-fno-strict-aliasing', ['no-strict-aliasing']],
  [(f) => f.tokens[0] === '-fstrict-aliasing', ['strict-aliasing']],
  [(f) => f.name === '-f' && /^-f(no-)?sanitize/.test(f.tokens[0]), ['sanitizer']],
  [(f) => f.name === '-W' || f.name === '-Werror' || f.name === '-pedantic' || f.name === '-pedantic-errors', ['warning']],
];

/** The properties of one parsed flag. */
export function flagProps(f: FlagArg): ReadonlySet<FlagProp> {
  const out = new Set<FlagProp>();
  for (const [applies, props] of PROP_RULES) if (applies(f)) for (const p of props) out.add(p);
  return out;
}

/** Does the flag have the property? */
export function hasProp(f: FlagArg, prop: FlagProp): boolean {
  return flagProps(f).has(prop);
}

/** What a parsed command line says, read once from its flags' properties. */
export interface FlagFacts {
  /** The language standard the last -std=/-ansi names (-ansi is c89); undefined: clang's default. */
  standard?: string;
  /** The target the first -target/--target= names; undefined: the compiler's default. */
  target?: string;
  /** Each -D/-U with its value, as one token (`-D N=2` is `-DN=2`). */
  macros: string[];
  /** The object records the folder in its debug information (debug info without a prefix map). */
  debugRecordsFolder: boolean;
  /** Coverage or profile data paths name the folder. */
  recordsPath: boolean;
  /** clang may reassociate floating-point arithmetic: the last flag that says either way wins; -Ofast only while it is the last -O level. */
  reassociates: boolean;
  /** clang may assume no infinities and NaN: the last flag that says either way wins. */
  finiteMath: boolean;
  /** -fno-signed-zeros is given. */
  noSignedZeros: boolean;
  /** Objects are read only through their own types (C's rule, clang's default): the last of -f(no-)strict-aliasing wins. */
  strictAliasing: boolean;
}

/** The facts of a parsed command line (or of the flags read from a token list). */
export function flagFacts(args: readonly Arg[]): FlagFacts {
  const flags = args.filter((a): a is FlagArg => a.role === 'flag');
  const props = flags.map((f) => [f, flagProps(f)] as const);
  const levels = props.filter(([, p]) => p.has('opt-level'));
  const lastLevel = levels.at(-1)?.[0];
  let standard: string | undefined;
  let target: string | undefined;
  let reassociates = false;
  let finiteMath = false;
  let strictAliasing = true;
  for (const [f, p] of props) {
    if (p.has('no-strict-aliasing')) strictAliasing = false;
    else if (p.has('strict-aliasing')) strictAliasing = true;
    if (p.has('standard')) standard = f.name === '-ansi' ? 'c89' : f.value;
    if (p.has('target') && target === undefined) target = f.value;
    if (p.has('reassociation') || (p.has('opt-level') && f.value === 'fast' && lastLevel?.value === 'fast')) reassociates = true;
    else if (p.has('no-reassociation')) reassociates = false;
    if (p.has('finite-math')) finiteMath = true;
    else if (p.has('no-finite-math')) finiteMath = false;
  }
  return {
    standard,
    target,
    macros: props.filter(([, p]) => p.has('macro')).map(([f]) => f.tokens.join('')),
    debugRecordsFolder: props.some(([, p]) => p.has('debug')) && !props.some(([, p]) => p.has('debug-path-map')),
    recordsPath: props.some(([, p]) => p.has('records-path')),
    reassociates,
    finiteMath,
    noSignedZeros: props.some(([, p]) => p.has('no-signed-zeros')),
    strictAliasing,
  };
}

/** The facts of the flags in a token list (see readFlags). */
export function tokenFacts(tokens: readonly string[]): FlagFacts {
  return flagFacts(readFlags(tokens));
}

/**
 * A token list with each flag the table knows replaced by what `rewrite`
 * returns for it (its own tokens to keep it, none to drop it); every other
 * token stays, in order.
 */
export function rewriteFlags(tokens: readonly string[], rewrite: (f: FlagArg, props: ReadonlySet<FlagProp>) => readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const t = tokens[i];
    const r = t.length > 1 && t.startsWith('-') ? readFlag(tokens, i) : { unknown: t };
    if ('unknown' in r) {
      out.push(t);
      i++;
    } else {
      out.push(...rewrite(r.flag, flagProps(r.flag)));
      i = r.next;
    }
  }
  return out;
}

/** A token list without the flags for which `drop` says so. */
export function dropFlagsWith(tokens: readonly string[], drop: (f: FlagArg, props: ReadonlySet<FlagProp>) => boolean): string[] {
  return rewriteFlags(tokens, (f, props) => (drop(f, props) ? [] : f.tokens));
}

/** The code-shaping flags of a parsed command line (kinds code and arch), the ones the cache key, the harness and the final compile use. */
export function codeFlagsOf(parsed: readonly Arg[]): string[] {
  return parsed.flatMap((a) => (a.role === 'flag' && (a.kind === 'code' || a.kind === 'arch') ? a.tokens : []));
}

/**
 * A diagnostic flag that only turns a diagnostic off or down (`-Wno-foo`,
 * `-Wno-error=foo`). clang 16 made implicit declarations and implicit int
 * errors; old code compiles only with these, so every compile slmcc makes
 * of the user's code takes them. They change no code, so no key holds them.
 */
export function relaxesDiagnostics(f: FlagArg): boolean {
  return f.name === '-W' && f.tokens.length === 1 && /^-Wno-/.test(f.tokens[0]);
}

/** The code-shaping flags plus those that relax diagnostics: what slmcc's own compiles of the user's code take. */
export function compileFlagsOf(parsed: readonly Arg[]): string[] {
  return [...codeFlagsOf(parsed), ...parsed.flatMap((a) => (a.role === 'flag' && relaxesDiagnostics(a) ? a.tokens : []))];
}
