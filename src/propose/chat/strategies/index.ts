// The six prompting strategies, one prompt program each. One is fixed per
// build (it is part of the cache key) through SLMCC_STRATEGY.
//
// The default is `few-shot`. The model slmcc targets is small
// (qwen2.5-coder:1.5b), and what such a model lacks is not the vocabulary of
// the answer (structured outputs already fix the plan's shape) but the
// judgement of when a loop may run in parallel. Four worked examples show
// exactly the four judgements that matter (a reduction, an independent
// stencil, an interchange, a loop that must stay sequential) and the loop
// ids and clause names of this plan format, in ONE request. The reasoning
// strategies (chain-of-thought, step-by-step, react, tree-of-thoughts) cost
// two to three requests per function, every one of which a `make -j8` build
// waits for behind SLMCC_MODEL_JOBS, and a 1.5B model's free-form reasoning
// is as often wrong as its answer; a wrong proposal is not dangerous (verify
// throws it away) but it costs a sanitizer build and run. Few-shot is the
// cheapest strategy that teaches "no" as well as "yes".
import type { Strategy } from '../../../config/index.js';
import { chainOfThought } from './chain-of-thought.js';
import { fewShot } from './few-shot.js';
import { react } from './react.js';
import { stepByStep } from './step-by-step.js';
import { treeOfThoughts } from './tree-of-thoughts.js';
import type { StrategyProgram } from './types.js';
import { zeroShot } from './zero-shot.js';

export const DEFAULT_STRATEGY: Strategy = 'few-shot';

export const STRATEGY_PROGRAMS: Record<Strategy, StrategyProgram> = {
  'zero-shot': zeroShot,
  'few-shot': fewShot,
  'chain-of-thought': chainOfThought,
  'step-by-step': stepByStep,
  react,
  'tree-of-thoughts': treeOfThoughts,
};

export type { StrategyContext, StrategyProgram, Outcome, AskOptions } from './types.js';
