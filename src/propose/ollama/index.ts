// The Ollama provider: is the server there with the model (checkOllama), and
// one chat session per function with its requests sent to Ollama
// (createOllamaSession).
export { checkOllama, DOWN_MEMORY_MS, CHECK_TIMEOUT_MS, type OllamaCheck } from './reachability.js';
export { createOllamaSession, type OllamaSessionInput } from './session.js';
