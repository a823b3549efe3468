import type { ReplyForm } from '../../../config/index.js';
import type { Proposal } from '../../../core/candidate.js';
import type { ChatMessage } from '../request.js';
import type { PromptInput } from '../prompt.js';

export interface AskOptions {
  /** A JSON schema for structured output; free text when absent. */
  format?: object;
  maxTokens?: number;
}

/** What a strategy may do: ask the model, and end in the configured reply form. */
export interface StrategyContext {
  input: PromptInput;
  form: ReplyForm;
  /** One model request; its reply text. Throws ModelError. */
  ask(step: string, messages: ChatMessage[], opts?: AskOptions): Promise<string>;
  /**
   * The final request, in the configured reply form (plan: `format` set to
   * PLAN_SCHEMA; code: one fenced function), read into a proposal. Returns
   * the conversation including the reply, for feedback to continue.
   */
  answer(step: string, messages: ChatMessage[], rationale?: string): Promise<Outcome>;
}

export interface Outcome {
  proposal: Proposal;
  conversation: ChatMessage[];
}

/** A prompt program: one or more requests that end in one proposal. */
export interface StrategyProgram {
  run(ctx: StrategyContext): Promise<Outcome>;
  /** The message that reports a failed check; strategies with a tool loop phrase it as an observation. */
  feedbackMessage?(failure: string, candidateText: string, ctx: StrategyContext): string;
}
