// What other parts may use of propose: the providers behind one face.
export type { Proposal, Candidate, Origin } from '../core/candidate.js';
export { checkOllama, createOllamaSession, type OllamaSession } from './ollama/index.js';
export { createOpenAISession } from './openai/session.js';
export { proposeBuiltin, loopFindings } from './builtin/index.js';
