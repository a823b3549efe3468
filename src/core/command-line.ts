// The compiler command line as the driver classifies it: each argument with
// its role, and what kind of call the whole line is. The driver produces it;
// the pipeline, tune and the cache key read it.

export type FlagKind =
  /** Changes generated code: part of the cache key, used for harness and final compile. */
  | 'code'
  /** Only matters to the preprocessor: used for -E, dropped when compiling preprocessed text. */
  | 'preprocessor'
  /** Dependency-file output alongside a compile (-MD, -MF ...). */
  | 'depfile'
  /** Dependency output instead of compiling (-M, -MM). */
  | 'deps-only'
  /** Warnings and diagnostics formatting: never change code. */
  | 'diagnostic'
  /** Only for the link step. */
  | 'link'
  /** Selects what the driver does: -c, -E, -S, -fsyntax-only. */
  | 'mode'
  | 'output'
  | 'language'
  | 'arch'
  /** Information queries: --version, -v, -print-*. */
  | 'query'
  /** Understood, but slmcc does not rewrite under it (save-temps, LTO, plugins...). */
  | 'unsupported';

/** Why a command line goes to the real compiler exactly as it came; each is counted (cache stats). */
export const PASS_REASONS = [
  'no input',
  'query',
  'preprocess only',
  'assembly output',
  'dependencies only',
  'syntax only',
  'stdin input',
  'output to stdout',
  'output not a regular file',
  'not C input',
  'language not C',
  'several -arch',
  'build-system probe',
  'unknown flag',
  'unsupported flag',
  'several outputs with -o',
] as const;
export type PassReason = (typeof PASS_REASONS)[number];

/** One argument (or flag with its separate value) of the command line, with its role. */
export type Arg = { role: 'flag'; kind: FlagKind; name: string; value?: string; tokens: string[] } | { role: 'input'; path: string; lang: InputLang; tokens: string[] };

export type InputLang = 'c' | 'preprocessed-c' | 'object' | 'other';

export type Classified =
  | {
      kind: 'compile';
      /** The C sources, in command-line order. */
      sources: string[];
      /** Compile and link in one call (no -c). */
      link: boolean;
      /** The -o value, if any. */
      output?: string;
      /** Objects and libraries linked beside the sources (only with `link`). */
      objects: string[];
      /** The expanded command line, parsed. */
      parsed: Arg[];
    }
  | { kind: 'link'; parsed: Arg[]; objects: string[] }
  | { kind: 'passthrough'; reason: PassReason; detail?: string };
