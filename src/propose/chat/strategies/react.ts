// ReAct: the model alternates thoughts and actions, and tools answer. Here
// the one tool before the answer is the compiler's own analysis (dependence
// facts and accesses of the loops the model asks about); after the answer,
// the verify part's compile and check failures come back through
// feedback() as further observations.
import { allLoops } from '../../../analysis/index.js';
import { assistant, instruction, short, system, task, user } from './common.js';
import { MAX_TOKENS } from '../prompt.js';
import type { StrategyContext, StrategyProgram } from './types.js';

const FORMAT =
  'Work in the ReAct format. Write "Thought:" with what you believe about each loop (can its iterations run in parallel, what blocks it), then one line "Action: inspect <loop ids>" naming the loops you want the dependence tool to check. Stop after the Action line; the tool will answer.';

/** The dependence tool: what the analysis knows about the loops asked for. */
export function inspect(ctx: StrategyContext, action: string): string {
  const loops = allLoops(ctx.input.fn.loops);
  const asked = new Set(action.match(/\bL\d+(?:\.\d+)*\b/g) ?? []);
  const chosen = loops.filter((l) => asked.has(l.id));
  const shown = chosen.length ? chosen : loops;
  const facts = ctx.input.facts ?? [];
  const lines: string[] = [];
  for (const l of shown) {
    // `L1` must not pick up the facts of `L1.1`.
    const mine = facts.filter((f) => new RegExp(`\\b${l.id.replace(/\./g, '\\.')}(?![.\\d])`).test(f));
    const accesses = l.accesses.map((a) => `${a.isWrite ? 'write' : 'read'} ${a.text}`);
    lines.push(`${l.id}: ${[...new Set(accesses)].join(', ') || 'no array accesses'}${l.scalarsWritten.length ? `; assigns ${l.scalarsWritten.join(', ')}` : ''}`);
    for (const f of mine) lines.push(`  ${f}`);
  }
  const general = facts.filter((f) => !/\bL\d+(?:\.\d+)*\b/.test(f));
  for (const f of general) lines.push(f);
  if (!facts.length) lines.push('(no dependence test results for this function; judge from the accesses)');
  return lines.join('\n');
}

export const react: StrategyProgram = {
  async run(ctx) {
    const first = [system(), task(ctx, FORMAT)];
    const thought = await ctx.ask('thought+action', first, { maxTokens: MAX_TOKENS.reasoning });
    const action = /Action:([^\n]*)/i.exec(thought)?.[1] ?? '';
    const observation = `Observation:\n${inspect(ctx, action)}\n\nThought: revise your view with this observation, then give the final answer. ${instruction(ctx)}`;
    return ctx.answer('answer', [...first, assistant(thought), user(observation)], short(thought));
  },
  feedbackMessage: (failure, candidateText, ctx) =>
    `Observation (verification tool): the candidate failed.\n${failure}\n\nThe candidate was:\n\`\`\`c\n${candidateText}\n\`\`\`\n\nThought: find what in your answer caused this, then give a corrected answer. ${instruction(ctx)}`,
};
