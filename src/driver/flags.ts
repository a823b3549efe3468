// One table of the compiler flags slmcc understands, each with its kind, the
// way ccache and sccache keep theirs. A flag that is not here (and matches no
// prefix rule) makes the command a passthrough: slmcc never guesses how an
// unknown flag changes how a file is read. Both tables are sorted and each
// entry means the same wherever it stands (test/driver/flags.test.ts).
import type { FlagKind } from '../core/command-line.js';


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
