import type { Plan } from '../core/plan.js';

export interface Origin {
  provider: 'builtin' | 'ollama' | 'openai';
  model?: string;
  strategy?: string;
}

/** What a provider proposes for one function. Plans are turned into text by rewrite before verification. */
export type Proposal =
  | { form: 'plan'; origin: Origin; plan: Plan; rationale?: string }
  | { form: 'code'; origin: Origin; code: string; rationale?: string }
  | { form: 'none'; origin: Origin; reason: string };

/** A candidate ready for verification: the whole function's text. */
export interface Candidate {
  id: string;
  origin: Origin;
  form: 'plan' | 'code';
  plan?: Plan;
  text: string;
  rationale?: string;
}
