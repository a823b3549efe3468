// The Ollama provider's session: the shared chat session (chat/session.ts)
// with each request sent through the ollama package.
import { createChatSession, type ChatSession, type ChatSessionInput } from '../chat/session.js';
import { chat } from './client.js';

export type OllamaSessionInput = Omit<ChatSessionInput, 'transport'>;

export function createOllamaSession(input: OllamaSessionInput): ChatSession {
  return createChatSession({ ...input, transport: { provider: 'ollama', chat } });
}
