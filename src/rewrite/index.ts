// The rewrite part: plans become function text, accepted functions are
// spliced back into the preprocessed translation unit.
export { applyPlan } from './apply.js';
export { keepAlive, keepAliveName, spliceFunctions } from './splice.js';
export { pollyInUnit, type PollyUnit } from './polly-unit.js';
export { EARLY_OMP_INIT_NAME } from './errno-fenv.js';
export { outlineUnit, outlinedFunction, outlinedCall } from './outline.js';
