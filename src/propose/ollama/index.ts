// The Ollama provider: is the server there with the model (checkOllama), and
// one session per function that runs the configured prompting strategy and
// reads the reply into a proposal (createOllamaSession).
export { checkOllama, DOWN_MEMORY_MS, CHECK_TIMEOUT_MS, type OllamaCheck } from './reachability.js';
export { createOllamaSession, type OllamaSession, type OllamaSessionInput, type TranscriptEntry } from './session.js';
export { DEFAULT_STRATEGY } from './strategies/index.js';
export { SEED } from '../chat/request.js';
export { readCode } from './reply-code.js';
export { readPlan } from './reply-plan.js';
