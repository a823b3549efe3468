// Moved to src/core/candidate.ts; kept for verify/screen.ts, which another change is editing.
export type * from '../core/candidate.js';
