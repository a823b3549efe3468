// A plan: which loops of one function get which OpenMP treatment, as data.
// The builtin provider produces plans, the model is asked for one with a JSON
// schema (Ollama structured outputs), and the rewrite part applies it.
import { z } from 'zod';

export const REDUCTION_OPS = ['+', '*', 'min', 'max', '&', '|', '^', '&&', '||'] as const;
export type ReductionOp = (typeof REDUCTION_OPS)[number];

/**
 * One loop's treatment. The schema is the one source: the type is inferred
 * from it and the JSON schema sent to the model is derived from it.
 */
export const LoopPlanSchema = z.object({
  /** Stable loop id from the analysis ("L1", "L1.2"). */
  loop: z.string(),
  parallel: z.boolean(),
  private: z.array(z.string()).optional(),
  /** Private, with the sequentially last iteration's value copied out (scalars used after the loop). */
  lastprivate: z.array(z.string()).optional(),
  reduction: z.array(z.object({ op: z.enum(REDUCTION_OPS), vars: z.array(z.string()) })).optional(),
  collapse: z.number().int().min(1).max(4).optional(),
  schedule: z.enum(['static', 'dynamic', 'guided']).optional(),
  simd: z.boolean().optional(),
  /** Swap this loop with its only child loop (e.g. i-j-k to i-k-j): the child's id. */
  interchangeWith: z.string().optional(),
  /**
   * Pointers that may alias (no restrict) and must not overlap for the parallel
   * form: rewrite computes each one's accessed range from the loop's affine
   * subscripts and bounds and emits `if (disjoint) { parallel } else { original }`.
   */
  aliasGuard: z.array(z.string()).optional(),
  /** Why, in one sentence; kept in the decision record. */
  reason: z.string().optional(),
});
export type LoopPlan = z.infer<typeof LoopPlanSchema>;

export const PlanSchema = z.object({ function: z.string(), loops: z.array(LoopPlanSchema) });
export type Plan = z.infer<typeof PlanSchema>;

/** A zod schema as JSON Schema, the form Ollama's `format` takes (no `$schema` line: the server wants the schema alone). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return rest;
}

/** The plan's JSON schema, sent to the model as Ollama's `format`. */
export const PLAN_SCHEMA = jsonSchemaOf(PlanSchema);
