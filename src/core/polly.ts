// How slmcc asks clang for Polly (DESIGN.md: `-mllvm -polly`, never
// -fplugin, which aborts with a duplicate option), with OpenMP for the
// parallel code Polly emits: the harness, the final compile, doctor and the
// benchmark all use these.
export const POLLY_FLAGS: readonly string[] = ['-mllvm', '-polly', '-mllvm', '-polly-parallel', '-fopenmp'];
