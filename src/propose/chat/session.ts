// One function's conversation with a model, whatever server carries it: the
// configured strategy's prompt program, then feedback-driven retries that
// continue the same conversation. Every failure ends in a `none` proposal
// with its reason; a session never throws and never prints. The providers
// (ollama/, openai/) each bind a transport to it.
import type { FunctionInfo, TranslationUnit } from '../../analysis/types.js';
import type { Config } from '../../config/index.js';
import type { Candidate, Origin, Proposal } from '../../core/candidate.js';
import { PLAN_SCHEMA } from '../../core/plan.js';
import type { ChatFunction, ChatMessage } from './request.js';
import { ModelError } from './errors.js';
import { instruction, user } from './strategies/common.js';
import { STRATEGY_PROGRAMS } from './strategies/index.js';
import type { AskOptions, Outcome, StrategyContext } from './strategies/types.js';
import { MAX_TOKENS, type PromptInput } from './prompt.js';
import { readCode } from './reply-code.js';
import { readPlan } from './reply-plan.js';

export interface TranscriptEntry {
  /** The strategy's name for this request, e.g. "reasoning", "expand best", "feedback 1". */
  step: string;
  /** Every message sent, system prompt included. */
  messages: ChatMessage[];
  format?: object;
  options?: Record<string, number>;
  /** The model's reply text; empty when the request failed. */
  reply: string;
  ms: number;
  error?: string;
}

export interface ChatSessionInput {
  tu: TranslationUnit;
  fn: FunctionInfo;
  config: Config;
  /** Dependence facts from the builtin dependence test, one sentence each. */
  facts?: string[];
  /** The typedefs, structs and globals the function needs, as C text. */
  declarations?: string;
  /** Which provider answers, and how one request reaches its server. */
  transport: { provider: Origin['provider']; chat: ChatFunction };
}

export interface ChatSession {
  /** The configured strategy, ending in the configured reply form. */
  propose(): Promise<Proposal[]>;
  /** Ask again with a failed check's report; at most config.retries times per session. */
  feedback(candidate: Candidate, failure: string): Promise<Proposal[]>;
  /** HTTP requests sent to the model so far (transport retries included). */
  readonly requests: number;
  readonly transcript: TranscriptEntry[];
}

/**
 * The failure as it may go to a model server. verify already reduces compiler
 * diagnostics to the candidate's own lines (verify/diagnostics.ts); this is
 * the last guard on the way out: no quoted source line, caret line or include
 * chain, whatever check produced the text, and a bounded length.
 */
export function feedbackText(failure: string): string {
  const kept = failure.split('\n').filter((l) => !/^\s*\d*\s*\|/.test(l) && !/^\s*[~^]+\s*$/.test(l) && !/In file included from|^\s*from\s.+:\d+[:,]/.test(l) && !/:\d+:\d+:\s*note:/.test(l));
  const text = kept.join('\n').trim();
  return text.length > 1500 ? `${text.slice(0, 1500)}…` : text;
}

export function createChatSession(input: ChatSessionInput): ChatSession {
  const { config } = input;
  const program = STRATEGY_PROGRAMS[config.strategy];
  const origin: Origin = { provider: input.transport.provider, model: config.model, strategy: config.strategy };
  const send = input.transport.chat;
  const prompt: PromptInput = { tu: input.tu, fn: input.fn, facts: input.facts, declarations: input.declarations };
  const transcript: TranscriptEntry[] = [];
  let requests = 0;
  let conversation: ChatMessage[] | undefined;
  let feedbacks = 0;

  const ask = async (step: string, messages: ChatMessage[], opts: AskOptions = {}): Promise<string> => {
    const entry: TranscriptEntry = { step, messages: [...messages], format: opts.format, reply: '', ms: 0 };
    transcript.push(entry);
    const t0 = Date.now();
    try {
      const out = await send(config, { messages, format: opts.format, maxTokens: opts.maxTokens ?? MAX_TOKENS.reasoning }, { onAttempt: () => requests++ });
      entry.reply = out.content;
      entry.options = out.options;
      return out.content;
    } catch (e) {
      entry.error = (e as Error).message;
      throw e;
    } finally {
      entry.ms = Date.now() - t0;
    }
  };

  const ctx: StrategyContext = {
    input: prompt,
    form: config.reply,
    ask,
    async answer(step, messages, rationale) {
      const plan = config.reply === 'plan';
      const reply = await ask(step, messages, plan ? { format: PLAN_SCHEMA, maxTokens: MAX_TOKENS.plan } : { maxTokens: MAX_TOKENS.code });
      const conv = [...messages, { role: 'assistant', content: reply }];
      if (plan) {
        const r = readPlan(reply, input.fn);
        if (!r.ok) return { proposal: { form: 'none', origin, reason: r.reason }, conversation: conv };
        const reasons = r.value.loops
          .map((l) => l.reason && `${l.loop}: ${l.reason}`)
          .filter(Boolean)
          .join('; ');
        return { proposal: { form: 'plan', origin, plan: r.value, rationale: rationale ?? (reasons || undefined) }, conversation: conv };
      }
      const r = readCode(reply, input.fn);
      if (!r.ok) return { proposal: { form: 'none', origin, reason: r.reason }, conversation: conv };
      return { proposal: { form: 'code', origin, code: r.value, rationale }, conversation: conv };
    },
  };

  const settle = async (run: () => Promise<Outcome>): Promise<Proposal[]> => {
    try {
      const out = await run();
      conversation = out.conversation;
      return [out.proposal];
    } catch (e) {
      const reason = e instanceof ModelError ? e.message : `internal error in the ${origin.provider} provider: ${(e as Error)?.message ?? e}`;
      return [{ form: 'none', origin, reason: `${config.strategy}: ${reason}` }];
    }
  };

  return {
    propose: () => settle(() => program.run(ctx)),
    async feedback(candidate, rawFailure) {
      const failure = feedbackText(rawFailure);
      if (feedbacks >= config.retries) {
        return [{ form: 'none', origin, reason: `no retries left (SLMCC_RETRIES=${config.retries})` }];
      }
      if (!conversation) {
        return [{ form: 'none', origin, reason: 'feedback before a proposal: nothing to revise' }];
      }
      feedbacks++;
      const text =
        program.feedbackMessage?.(failure, candidate.text, ctx) ??
        `Your answer was turned into this function, and it failed a check:\n${failure}\n\nThe function was:\n\`\`\`c\n${candidate.text}\n\`\`\`\n\nFind the cause and give a corrected answer. ${instruction(ctx)}`;
      const history = conversation;
      return settle(() => ctx.answer(`feedback ${feedbacks}`, [...history, user(text)]));
    },
    get requests() {
      return requests;
    },
    get transcript() {
      return transcript;
    },
  };
}
