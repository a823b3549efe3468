// One request: the task and the answer format, nothing else. The baseline
// the other strategies are measured against.
import { instruction, system, task } from './common.js';
import type { StrategyProgram } from './types.js';

export const zeroShot: StrategyProgram = {
  run: (ctx) => ctx.answer('answer', [system(), task(ctx, instruction(ctx))]),
};
