// What both model providers share: one function's conversation with a model
// (the strategies, prompts, feedback and reply reading), whatever server
// carries the requests.
export { createChatSession, feedbackText, type ChatSession, type ChatSessionInput, type TranscriptEntry } from './session.js';
export { DEFAULT_STRATEGY } from './strategies/index.js';
export { SEED } from './request.js';
export { readCode } from './reply-code.js';
export { readPlan } from './reply-plan.js';
