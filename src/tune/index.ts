// What other parts may use of tune: the training run behind `slmcc --slmcc tune`.
export { runTune, type TuneOptions } from './tune.js';
