export type { CandidateRecord, CheckName, CheckOutcome, DecisionRecord, Verdict } from '../core/decision.js';
export { verifyFunction, failureOf, FLOAT_TOLERANCE_FLOOR, type VerifyInput, type VerifyResult } from './verify.js';
export { screenCandidate } from './screen.js';
export { checkClaim, describeEvidence, meetsEvidence, type ClaimCheck } from './claim/index.js';
export { appendDecision, readDecisions } from './log.js';
export { ioCalls, isIoOrProcessCall, unverifiable, unverifiableReason } from './ctypes.js';
export { acquireProbeLock, BUSY_CORES } from './busy.js';
export { containment } from './containment.js';
