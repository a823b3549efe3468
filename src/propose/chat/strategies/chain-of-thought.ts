// The dependence reasoning first, then the answer. A code reply can carry
// both in one request (reasoning, then the fenced function); a plan is
// structured output, which leaves no room for prose, so the reasoning is its
// own request and the plan is asked for in the same conversation after it.
import { assistant, instruction, short, system, task, user } from './common.js';
import { MAX_TOKENS } from '../prompt.js';
import type { StrategyProgram } from './types.js';

const THINK =
  "Let's think step by step. For each loop, explain which memory its iterations write and read, whether any two iterations touch the same element with at least one write (a loop-carried dependence), which scalars are private or reductions, and whether the loop order is good for the cache. Then decide what to do.";

export const chainOfThought: StrategyProgram = {
  async run(ctx) {
    if (ctx.form === 'code') {
      return ctx.answer('reasoning+answer', [system(), task(ctx, `${THINK}\n\nWrite your reasoning first. ${instruction(ctx)}`)]);
    }
    const first = [system(), task(ctx, `${THINK}\n\nWrite only the reasoning now, and end with one line per loop: "L<id>: parallel with <clauses>" or "L<id>: sequential because <reason>".`)];
    const reasoning = await ctx.ask('reasoning', first, { maxTokens: MAX_TOKENS.reasoning });
    return ctx.answer('answer', [...first, assistant(reasoning), user(`Now turn your conclusion into the plan. ${instruction(ctx)}`)], short(reasoning));
  },
};
