// What other parts may use of the driver.
export { preprocess, type Preprocessed } from './preprocess.js';
export { classify, flagTokens, objectPathFor, preprocessFlags, type Arg, type Classified, type PassReason } from './classify.js';
export { findCompiler, splitCommand, type Compiler } from './compiler.js';
export { POLLY_FLAGS } from '../core/polly.js';
export { runCaptured, preprocessedCompileFlags, placeReplacement, type Placement, type Replacement, type RewrittenUnit } from './rewritten-compile.js';
export { EXACT_FLAGS, PREFIX_FLAGS, type FlagKind } from './flags.js';
