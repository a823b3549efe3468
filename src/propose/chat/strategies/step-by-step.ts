// A fixed procedure, one request per step, each step building on the last:
// list the accesses, judge the dependences and clauses, then answer. Unlike
// chain-of-thought the model does not choose how to reason; the steps do.
import { assistant, instruction, short, system, task, user } from './common.js';
import { MAX_TOKENS } from '../prompt.js';
import type { StrategyProgram } from './types.js';

const STEP1 =
  'Step 1 of 3. For each loop, list every array element and every scalar that its body writes, and every one it reads, with the index expressions in terms of the loop variables. Do not propose any change yet.';
const STEP2 =
  'Step 2 of 3. Using your list, for each loop: can two different iterations of this loop touch the same element when at least one of them writes it? Name the dependence if so. Which scalars must be private, which are reductions and with which operator? Would swapping the loop with the loop directly inside it make the innermost accesses stride-1? Answer per loop, one short paragraph each.';

export const stepByStep: StrategyProgram = {
  async run(ctx) {
    const m1 = [system(), task(ctx, STEP1)];
    const accesses = await ctx.ask('step 1: accesses', m1, { maxTokens: MAX_TOKENS.reasoning });
    const m2 = [...m1, assistant(accesses), user(STEP2)];
    const judgement = await ctx.ask('step 2: dependences', m2, { maxTokens: MAX_TOKENS.reasoning });
    const m3 = [...m2, assistant(judgement), user(`Step 3 of 3. Decide from steps 1 and 2. ${instruction(ctx)}`)];
    return ctx.answer('step 3: answer', m3, short(judgement));
  },
};
