// What other parts may use of the pipeline: the settler of queued work (the
// `settle` and `status` commands) and tune's face (tune-face.ts: the same
// jobs, keys and candidates a compile would use). The compile path itself
// starts at compiler-call.ts, which main.ts and the bundle load by name.
export { settlePending, settlerRunning, type SettleOptions } from './settle.js';
export { chooseProvider, type ProviderChoice } from './provider.js';
export type { AnalysedSource } from './tune-face.js';

type TuneFace = typeof import('./tune-face.js');

// Tune's face loads the whole decision path (analysis, the providers,
// verify) on first call, so that `slmcc --slmcc status` and the settler's
// start do not pay for it.

/** A recorded compile's source, preprocessed, analysed and outlined as its compile saw it (tune-face.ts). */
export const analyseSource: TuneFace['analyseSource'] = async (...args) => (await import('./tune-face.js')).analyseSource(...args);

/** The provider's candidates for one function, plans applied; refusals are dropped with their reasons. */
export const proposeCandidates: TuneFace['proposeCandidates'] = async (...args) => (await import('./tune-face.js')).proposeCandidates(...args);
