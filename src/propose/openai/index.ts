// The openai provider: any server that speaks OpenAI's chat completions API,
// with the shared chat session (propose/chat/).
export { checkOpenAI, type OpenAICheck } from './check.js';
export { createOpenAISession, type OpenAISessionInput } from './session.js';
export { openaiChat } from './client.js';
