// One request that first shows four worked examples as earlier turns of the
// conversation, answered in the reply form asked for: a reduction, an
// independent stencil, an interchange, and a loop that must stay sequential.
import { assistant, instruction, system, task, user } from './common.js';
import { EXAMPLES } from './examples.js';
import type { StrategyProgram } from './types.js';

export const fewShot: StrategyProgram = {
  run(ctx) {
    const messages = [system()];
    for (const ex of EXAMPLES) {
      messages.push(user(`${ex.task}\n\n${instruction(ctx, ex.plan.function)}`));
      messages.push(assistant(ctx.form === 'plan' ? JSON.stringify(ex.plan) : `\`\`\`c\n${ex.code}\n\`\`\``));
    }
    messages.push(task(ctx, instruction(ctx)));
    return ctx.answer('answer', messages);
  },
};
