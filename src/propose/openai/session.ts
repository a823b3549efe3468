// The openai provider's session: the Ollama provider's strategies, prompts,
// feedback and reply reading, with the request sent as a chat completion.
import { createOllamaSession, type OllamaSession, type OllamaSessionInput } from '../ollama/session.js';
import { openaiChat } from './client.js';

export type OpenAISessionInput = Omit<OllamaSessionInput, 'transport'>;

export function createOpenAISession(input: OpenAISessionInput): OllamaSession {
  return createOllamaSession({ ...input, transport: { provider: 'openai', chat: openaiChat } });
}
