// What other parts may use of propose: the providers behind one face.
export type { Proposal, Candidate, Origin } from '../core/candidate.js';
export type { ChatSession } from './chat/index.js';
export { checkOllama, createOllamaSession } from './ollama/index.js';
export { createOpenAISession } from './openai/session.js';
export { proposeBuiltin, loopFindings } from './builtin/index.js';
