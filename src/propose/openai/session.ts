// The openai provider's session: the shared chat session (chat/session.ts)
// with each request sent as a chat completion.
import { createChatSession, type ChatSession, type ChatSessionInput } from '../chat/session.js';
import { openaiChat } from './client.js';

export type OpenAISessionInput = Omit<ChatSessionInput, 'transport'>;

export function createOpenAISession(input: OpenAISessionInput): ChatSession {
  return createChatSession({ ...input, transport: { provider: 'openai', chat: openaiChat } });
}
