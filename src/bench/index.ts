// What other parts may use of the benchmarks: the runners behind the
// `slmcc --slmcc` bench commands (`npm run bench` starts at main.ts).
export { runBench, type BenchOptions } from './kernels.js';
export { runDriverOverhead } from './driver-overhead.js';
export { runBenchBuilds, DEFAULT_PROJECT, type BenchBuildsOptions } from './builds.js';
export { runBenchOneFile, type BenchOneFileOptions } from './one-file.js';
