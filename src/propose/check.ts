// Is a model there to ask? The compile path settles this on every call, so
// this face of propose loads only the check, not the providers.
export { checkOllama, type OllamaCheck } from './ollama/reachability.js';
export { checkOpenAI, type OpenAICheck } from './openai/check.js';
