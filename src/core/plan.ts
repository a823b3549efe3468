// A plan: which loops of one function get which OpenMP treatment, as data.
// The builtin provider produces plans, the model is asked for one with a JSON
// schema (Ollama structured outputs), and the rewrite part applies it.

export const REDUCTION_OPS = ['+', '*', 'min', 'max', '&', '|', '^', '&&', '||'] as const;
export type ReductionOp = (typeof REDUCTION_OPS)[number];

export interface LoopPlan {
  /** Stable loop id from the analysis ("L1", "L1.2"). */
  loop: string;
  parallel: boolean;
  private?: string[];
  /** Private, with the sequentially last iteration's value copied out (scalars used after the loop). */
  lastprivate?: string[];
  reduction?: { op: ReductionOp; vars: string[] }[];
  collapse?: number;
  schedule?: 'static' | 'dynamic' | 'guided';
  simd?: boolean;
  /** Swap this loop with its only child loop (e.g. i-j-k to i-k-j): the child's id. */
  interchangeWith?: string;
  /**
   * Pointers that may alias (no restrict) and must not overlap for the parallel
   * form: rewrite computes each one's accessed range from the loop's affine
   * subscripts and bounds and emits `if (disjoint) { parallel } else { original }`.
   */
  aliasGuard?: string[];
  /** Why, in one sentence; kept in the decision record. */
  reason?: string;
}

export interface Plan {
  function: string;
  loops: LoopPlan[];
}

/** The plan's JSON schema, sent to the model as Ollama's `format`. */
export const PLAN_SCHEMA = {
  type: 'object',
  properties: {
    function: { type: 'string' },
    loops: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          loop: { type: 'string' },
          parallel: { type: 'boolean' },
          private: { type: 'array', items: { type: 'string' } },
          lastprivate: { type: 'array', items: { type: 'string' } },
          reduction: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                op: { type: 'string', enum: [...REDUCTION_OPS] },
                vars: { type: 'array', items: { type: 'string' } },
              },
              required: ['op', 'vars'],
            },
          },
          collapse: { type: 'integer', minimum: 1, maximum: 4 },
          schedule: { type: 'string', enum: ['static', 'dynamic', 'guided'] },
          simd: { type: 'boolean' },
          interchangeWith: { type: 'string' },
          aliasGuard: { type: 'array', items: { type: 'string' } },
          reason: { type: 'string' },
        },
        required: ['loop', 'parallel'],
      },
    },
  },
  required: ['function', 'loops'],
} as const;
