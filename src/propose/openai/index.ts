// The openai provider: any server that speaks OpenAI's chat completions API,
// with the Ollama provider's strategies, prompts and reply reading.
export { checkOpenAI, type OpenAICheck } from './check.js';
export { createOpenAISession, type OpenAISessionInput } from './session.js';
export { openaiChat } from './client.js';
