// The decision log alone: the compile path writes it on cached calls too, and
// must not load the checks (execa, the harness, the probe) to do so.
export type { DecisionRecord, Verdict } from '../core/decision.js';
export { appendDecision, readDecisions } from './record.js';
