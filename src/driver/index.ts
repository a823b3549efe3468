// What other parts may use of the driver.
export type { Preprocessed } from './preprocess.js';
export { classify, flagTokens, objectPathFor, preprocessFlags } from './classify.js';
export { codeFlagsOf, compileFlagsOf, flagFacts, tokenFacts } from '../core/flags.js';
export type { Arg, Classified, FlagKind, PassReason } from '../core/command-line.js';
export { findCompiler, launcherCompiler, splitCommand, type Compiler } from './compiler.js';
export { expandResponseFiles } from './response-files.js';
export { ACTIVE_ENV, exitLike, runInherit } from './run.js';
export { openmpLinkArgs, OPENMP_LIBS, OPENMP_MARKERS } from './openmp-link.js';
export type { InlinedCall } from './inlined-calls.js';
export type { Placement, Replacement, RewrittenUnit } from './rewritten-compile.js';
export { EXACT_FLAGS, PREFIX_FLAGS } from './flags.js';

// Every compiler call loads this index (pipeline/compiler-call.ts), so what
// only a call with something to decide or place needs is loaded on first
// use: preprocess brings execa (60-180 ms to import), the others the
// rewritten compile, the link test and the relink.

/** Runs the real compiler's preprocessor on one source with the flags that shape what it sees; line markers are kept. */
export const preprocess: typeof import('./preprocess.js').preprocess = async (...args) => (await import('./preprocess.js')).preprocess(...args);

/** Which calls clang inlines when it compiles `text` (preprocessed C) with the user's code flags; empty when that compile fails. */
export const inlinedCalls: typeof import('./inlined-calls.js').inlinedCalls = async (...args) => (await import('./inlined-calls.js')).inlinedCalls(...args);

/** Runs a command for slmcc's own use: output captured, never shown to the user. */
export const runCaptured: typeof import('./rewritten-compile.js').runCaptured = async (...args) => (await import('./rewritten-compile.js')).runCaptured(...args);

/** Puts the replacement's object at `objectOut`, only over a regular file the user's command wrote (a rewritten unit is link-tested first). */
export const placeReplacement: typeof import('./rewritten-compile.js').placeReplacement = async (...args) => (await import('./rewritten-compile.js')).placeReplacement(...args);

/** Relinks the user's program with the rewritten objects in place of their sources; undefined once done, else why the program stayed. */
export const relinkWithRewrites: typeof import('./compile-and-link.js').relinkWithRewrites = async (...args) => (await import('./compile-and-link.js')).relinkWithRewrites(...args);
