// Tree of thoughts, one level deep: the model proposes several different
// transformation plans (branches), rates each for safety and speed (the
// evaluation), and the best-rated branch is expanded into the final answer.
// Branches and ratings are structured outputs so that a small model's
// answers can be read without guessing.
import os from 'node:os';
import { z } from 'zod';
import { jsonSchemaOf, PlanSchema } from '../../../core/plan.js';
import { MAX_TOKENS } from '../prompt.js';
import { readJson } from '../reply-plan.js';
import { ModelError } from '../errors.js';
import { assistant, instruction, short, system, task, user } from './common.js';
import type { StrategyProgram } from './types.js';

export const BRANCHES = 3;

const Thoughts = z.object({ candidates: z.array(z.object({ idea: z.string(), plan: PlanSchema })).min(1) });
const Ratings = z.object({
  ratings: z.array(
    z.object({
      candidate: z.number().int().min(1),
      safe: z.number().int().min(0).max(10),
      fast: z.number().int().min(0).max(10),
      why: z.string().optional(),
    }),
  ),
});
export const THOUGHTS_SCHEMA = jsonSchemaOf(Thoughts);
export const RATINGS_SCHEMA = jsonSchemaOf(Ratings);

type Branch = z.infer<typeof Thoughts>['candidates'][number];
type Rating = z.infer<typeof Ratings>['ratings'][number];

/** Safety counts double: a fast wrong plan only costs verification time and is then thrown away. */
export function pickBest(branches: Branch[], ratings: Rating[]): { index: number; score: number } {
  let best = { index: 0, score: -1 };
  for (const r of ratings) {
    const i = r.candidate - 1;
    if (i < 0 || i >= branches.length) continue;
    const score = 2 * r.safe + r.fast;
    if (score > best.score) best = { index: i, score };
  }
  return best;
}

export const treeOfThoughts: StrategyProgram = {
  async run(ctx) {
    const m1 = [
      system(),
      task(
        ctx,
        `Propose ${BRANCHES} different ways to transform this function, each as a plan: for example parallelising different loops, different clauses (collapse, reduction, schedule, simd), or a loop interchange. Include only ideas you believe are correct. Answer as JSON: {"candidates": [{"idea": <one sentence>, "plan": {"function": "${ctx.input.fn.name}", "loops": [...]}}]}.`,
      ),
    ];
    const proposed = await ctx.ask('branches', m1, { format: THOUGHTS_SCHEMA, maxTokens: MAX_TOKENS.structured });
    const read = readJson(proposed, Thoughts);
    if (!read.ok) throw new ModelError('malformed', `tree-of-thoughts branches unreadable: ${read.reason}`);
    const branches = read.value.candidates.slice(0, BRANCHES);

    const listing = branches.map((b, i) => `Candidate ${i + 1}: ${b.idea}\n${JSON.stringify(b.plan)}`).join('\n\n');
    const m2 = [
      ...m1,
      assistant(proposed),
      user(
        `Rate each candidate from 0 to 10 for "safe" (no two parallel iterations conflict, every reduction and private variable declared) and for "fast" (parallel work per thread, cache-friendly inner loops, little overhead on ${os.availableParallelism()} cores). Answer as JSON: {"ratings": [{"candidate": <number>, "safe": <0-10>, "fast": <0-10>, "why": <one sentence>}]}.\n\n${listing}`,
      ),
    ];
    const rated = await ctx.ask('ratings', m2, { format: RATINGS_SCHEMA, maxTokens: MAX_TOKENS.structured });
    const ratings = readJson(rated, Ratings);
    // Unreadable ratings: the first branch, which small models tend to make the most conservative.
    const { index } = ratings.ok ? pickBest(branches, ratings.value.ratings) : { index: 0 };
    const best = branches[index];

    const m3 = [...m2, assistant(rated), user(`Expand candidate ${index + 1} (${best.idea}) into the final answer, with every clause it needs to be correct. ${instruction(ctx)}`)];
    return ctx.answer('expand best', m3, short(`candidate ${index + 1} of ${branches.length}: ${best.idea}`));
  },
};
