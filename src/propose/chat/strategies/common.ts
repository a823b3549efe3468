import type { ChatMessage } from '../request.js';
import { answerInstruction, systemPrompt, taskText } from '../prompt.js';
import type { StrategyContext } from './types.js';

export const system = (): ChatMessage => ({ role: 'system', content: systemPrompt() });

export const user = (content: string): ChatMessage => ({ role: 'user', content });

export const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

/** The task followed by `then`: the first user message of every strategy. */
export function task(ctx: StrategyContext, then: string): ChatMessage {
  return user(`${taskText(ctx.input)}\n\n${then}`);
}

/** How to answer, for this function or (few-shot examples) another one. */
export function instruction(ctx: StrategyContext, name = ctx.input.fn.name): string {
  return answerInstruction(ctx.form, name);
}

/** Reasoning kept with a proposal as its rationale, cut to what a decision record can hold. */
export function short(text: string, max = 600): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
