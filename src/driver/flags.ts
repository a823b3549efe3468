// One table of the compiler flags slmcc understands, each with its kind, the
// way ccache and sccache keep theirs. A flag that is not here (and matches no
// prefix rule) makes the command a passthrough: slmcc never guesses how an
// unknown flag changes how a file is read.
import type { FlagKind } from '../core/command-line.js';

export type { FlagKind };

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

/** Exact names. Checked before the prefix rules. */
export const EXACT_FLAGS: Record<string, FlagSpec> = {
  '-c': f('mode'),
  '-E': f('mode'),
  '-S': f('mode'),
  '-fsyntax-only': f('mode'),
  '-o': f('output', 'joined-or-separate'),
  '-x': f('language', 'joined-or-separate'),
  '-arch': f('arch', 'separate'),

  '-D': f('preprocessor', 'joined-or-separate'),
  '-U': f('preprocessor', 'joined-or-separate'),
  '-I': f('preprocessor', 'joined-or-separate'),
  '-include': f('preprocessor', 'separate'),
  '-imacros': f('preprocessor', 'separate'),
  '-isystem': f('preprocessor', 'joined-or-separate'),
  '-iquote': f('preprocessor', 'joined-or-separate'),
  '-idirafter': f('preprocessor', 'joined-or-separate'),
  '-iprefix': f('preprocessor', 'joined-or-separate'),
  '-iwithprefix': f('preprocessor', 'joined-or-separate'),
  '-iwithprefixbefore': f('preprocessor', 'joined-or-separate'),
  '-isysroot': f('preprocessor', 'joined-or-separate'),
  '-nostdinc': f('preprocessor'),
  '-undef': f('preprocessor'),
  '-trigraphs': f('code'),
  '-P': f('preprocessor'),
  '-C': f('preprocessor'),

  '-MD': f('depfile'),
  '-MMD': f('depfile'),
  '-MP': f('depfile'),
  '-MG': f('depfile'),
  '-MV': f('depfile'),
  '-MF': f('depfile', 'joined-or-separate'),
  '-MT': f('depfile', 'joined-or-separate'),
  '-MQ': f('depfile', 'joined-or-separate'),
  '-M': f('deps-only'),
  '-MM': f('deps-only'),

  '-w': f('diagnostic'),
  '-pedantic': f('diagnostic'),
  '-pedantic-errors': f('diagnostic'),
  '-Werror': f('diagnostic'),

  '-g': f('code'),
  '-pthread': f('code'),
  '-ansi': f('code'),
  '-pipe': f('diagnostic'),
  '-target': f('code', 'separate'),
  '--sysroot': f('code', 'joined-or-separate'),
  '-gcc-toolchain': f('code', 'separate'),
  '-resource-dir': f('code', 'separate'),

  '-l': f('link', 'joined-or-separate'),
  '-L': f('link', 'joined-or-separate'),
  '-Xlinker': f('link', 'separate'),
  '-T': f('link', 'joined-or-separate'),
  '-u': f('link', 'joined-or-separate'),
  '-e': f('link', 'joined-or-separate'),
  '-z': f('link', 'separate'),
  '-shared': f('link'),
  '-static': f('link'),
  '-static-libgcc': f('link'),
  '-rdynamic': f('link'),
  '-nostdlib': f('link'),
  '-nostartfiles': f('link'),
  '-nodefaultlibs': f('link'),
  '-pie': f('link'),
  '-no-pie': f('link'),
  '-s': f('link'),
  '-r': f('link'),

  '--version': f('query'),
  '-v': f('query'),
  '-###': f('query'),
  '--help': f('query'),
  '-help': f('query'),
  '-dumpversion': f('query'),
  '-dumpmachine': f('query'),
  '-dumpspecs': f('query'),
  '-dM': f('query'),

  '-save-temps': f('unsupported'),
  '-emit-llvm': f('unsupported'),
  '-Xclang': f('unsupported', 'separate'),
  '-Xpreprocessor': f('unsupported', 'separate'),
  '-Xassembler': f('code', 'separate'),
  '-mllvm': f('unsupported', 'separate'),
  '--analyze': f('unsupported'),
  '-B': f('unsupported', 'joined-or-separate'),
  '-specs': f('unsupported', 'joined-or-separate'),
  '-fopenmp': f('code'),
};

/**
 * Prefix rules, longest first. Each matches joined arguments (`-std=c11`,
 * `-O3`, `-Wall`). Order matters: `-Wl,` before `-W`, `-flto` before `-f`.
 */
export const PREFIX_FLAGS: [string, FlagSpec][] = [
  ['-print-', f('query')],
  ['--print-', f('query')],
  ['-Wl,', f('link', 'joined')],
  ['-Wa,', f('code', 'joined')],
  ['-Wp,', f('unsupported', 'joined')],
  ['-save-temps=', f('unsupported', 'joined')],
  ['-flto', f('unsupported', 'joined')],
  ['-fplugin', f('unsupported', 'joined')],
  ['-fmodules', f('unsupported', 'joined')],
  ['-fdiagnostics-', f('diagnostic', 'joined')],
  ['-fcolor-diagnostics', f('diagnostic', 'joined')],
  ['-fno-color-diagnostics', f('diagnostic', 'joined')],
  ['-fmessage-length', f('diagnostic', 'joined')],
  ['-ferror-limit', f('diagnostic', 'joined')],
  ['-fsyntax-only', f('mode', 'joined')],
  ['-fdebug-prefix-map=', f('code', 'joined')],
  ['-ffile-prefix-map=', f('code', 'joined')],
  ['-fmacro-prefix-map=', f('preprocessor', 'joined')],
  ['-fuse-ld=', f('link', 'joined')],
  ['-fopenmp', f('code', 'joined')],
  ['-f', f('code', 'joined')],
  ['-m', f('code', 'joined')],
  ['-O', f('code', 'joined')],
  ['-g', f('code', 'joined')],
  ['-std=', f('code', 'joined')],
  ['--std=', f('code', 'joined')],
  ['--target=', f('code', 'joined')],
  ['--sysroot=', f('code', 'joined')],
  ['--rtlib=', f('link', 'joined')],
  ['-rtlib=', f('link', 'joined')],
  ['-W', f('diagnostic', 'joined')],
  ['-D', f('preprocessor', 'joined')],
  ['-U', f('preprocessor', 'joined')],
  ['-I', f('preprocessor', 'joined')],
  ['-l', f('link', 'joined')],
  ['-L', f('link', 'joined')],
  ['-o', f('output', 'joined')],
  ['-x', f('language', 'joined')],
  ['-MF', f('depfile', 'joined')],
  ['-MT', f('depfile', 'joined')],
  ['-MQ', f('depfile', 'joined')],
  ['-isystem', f('preprocessor', 'joined')],
  ['-iquote', f('preprocessor', 'joined')],
  ['-idirafter', f('preprocessor', 'joined')],
];

/** Looks a flag up: exact names first, then the longest matching prefix. */
export function lookupFlag(arg: string): { spec: FlagSpec; name: string; joinedValue?: string } | undefined {
  const exact = EXACT_FLAGS[arg];
  if (exact) return { spec: exact, name: arg };
  for (const [prefix, spec] of PREFIX_FLAGS) {
    if (!arg.startsWith(prefix)) continue;
    const base = EXACT_FLAGS[prefix];
    // `-ofoo`, `-Iinc`: a joined-or-separate flag written joined.
    if (base && base.arg === 'joined-or-separate') return { spec: base, name: prefix, joinedValue: arg.slice(prefix.length) };
    return { spec, name: prefix, joinedValue: arg.slice(prefix.length) };
  }
  return undefined;
}
