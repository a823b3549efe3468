// Moved to src/core/decision.ts; kept for the verify files another change is editing (harness, build, screen).
export type * from '../core/decision.js';
