// What a provider proposes and what verify judges: propose builds them,
// rewrite turns plans into text, the pipeline and tune carry them to verify.
import type { Plan } from './plan.js';

export interface Origin {
  provider: 'builtin' | 'ollama' | 'openai';
  model?: string;
  strategy?: string;
}

/** What a provider proposes for one function. Plans are turned into text by rewrite before verification. */
export type Proposal =
  { form: 'plan'; origin: Origin; plan: Plan; rationale?: string } | { form: 'code'; origin: Origin; code: string; rationale?: string } | { form: 'none'; origin: Origin; reason: string };

/** A candidate ready for verification: the whole function's text, and the plan it was written from when it came as one. */
export type Candidate = CandidateText & ({ form: 'plan'; plan: Plan } | { form: 'code' });

interface CandidateText {
  id: string;
  origin: Origin;
  text: string;
  rationale?: string;
}
