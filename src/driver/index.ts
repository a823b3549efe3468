// What other parts may use of the driver.
export type { Preprocessed } from './preprocess.js';
export { classify, flagTokens, objectPathFor, preprocessFlags } from './classify.js';
export { codeFlagsOf, flagFacts } from '../core/flags.js';
export type { Arg, Classified, FlagKind, PassReason } from '../core/command-line.js';
export { findCompiler, launcherCompiler, splitCommand, type Compiler } from './compiler.js';
export { expandResponseFiles } from './response-files.js';
export { ACTIVE_ENV, exitLike, runInherit } from './run.js';
export { openmpLinkArgs, OPENMP_LIBS, OPENMP_MARKERS } from './openmp-link.js';
export type { InlinedCall } from './inlined-calls.js';
export type { Placement, Replacement, RewrittenUnit } from './rewritten-compile.js';
export { EXACT_FLAGS, PREFIX_FLAGS } from './flags.js';
import type { Arg } from '../core/command-line.js';
import type { Preprocessed } from './preprocess.js';
import type { InlinedCall } from './inlined-calls.js';
import type { Captured, Placement, Replacement } from './rewritten-compile.js';

// Every compiler call loads this index (pipeline/compiler-call.ts), so what
// only a call with something to decide or place needs is loaded on first
// use: preprocess brings execa (60-180 ms to import), the others the
// rewritten compile, the link test and the relink.

/** Runs the real compiler's preprocessor on one source with the flags that shape what it sees; line markers are kept. */
export async function preprocess(cc: readonly string[], flags: readonly string[], source: string, cwd?: string): Promise<Preprocessed> {
  return (await import('./preprocess.js')).preprocess(cc, flags, source, cwd);
}

/** Which calls clang inlines when it compiles `text` (preprocessed C) with the user's code flags; empty when that compile fails. */
export async function inlinedCalls(cc: readonly string[], codeFlags: readonly string[], text: string, cwd: string): Promise<InlinedCall[]> {
  return (await import('./inlined-calls.js')).inlinedCalls(cc, codeFlags, text, cwd);
}

/** Runs a command for slmcc's own use: output captured, never shown to the user. */
export async function runCaptured(argv: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Captured> {
  return (await import('./rewritten-compile.js')).runCaptured(argv, opts);
}

/** Puts the replacement's object at `objectOut`, only over a regular file the user's command wrote (a rewritten unit is link-tested first). */
export async function placeReplacement(cc: readonly string[], parsed: readonly Arg[], rep: Replacement, objectOut: string, cwd: string): Promise<Placement> {
  return (await import('./rewritten-compile.js')).placeReplacement(cc, parsed, rep, objectOut, cwd);
}

/** Relinks the user's program with the rewritten objects in place of their sources; undefined once done, else why the program stayed. */
export async function relinkWithRewrites(
  cc: readonly string[],
  parsed: readonly Arg[],
  rewritten: ReadonlyMap<string, Replacement>,
  output: string | undefined,
  cwd: string,
): Promise<string | undefined> {
  return (await import('./compile-and-link.js')).relinkWithRewrites(cc, parsed, rewritten, output, cwd);
}
