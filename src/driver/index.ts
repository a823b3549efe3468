// What other parts may use of the driver.
export { preprocess, type Preprocessed } from './preprocess.js';
export { classify, flagTokens, objectPathFor, preprocessFlags } from './classify.js';
export { codeFlagsOf, flagFacts } from '../core/flags.js';
export type { Arg, Classified, FlagKind, PassReason } from '../core/command-line.js';
export { findCompiler, splitCommand, type Compiler } from './compiler.js';
export { inlinedCalls, type InlinedCall } from './inlined-calls.js';
export { runCaptured, preprocessedCompileFlags, placeReplacement, type Placement, type Replacement, type RewrittenUnit } from './rewritten-compile.js';
export { EXACT_FLAGS, PREFIX_FLAGS } from './flags.js';
