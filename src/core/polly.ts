// How slmcc asks clang for Polly (DESIGN.md: `-mllvm -polly`, never
// -fplugin, which aborts with a duplicate option), with OpenMP for the
// parallel code Polly emits: the harness, the final compile, doctor and the
// benchmark all use these.
export const POLLY_FLAGS: readonly string[] = ['-mllvm', '-polly', '-mllvm', '-polly-parallel', '-fopenmp'];

/**
 * Polly for the named functions only: one anchored regex each (commas
 * separate them), with room for the clones LLVM's function specialisation
 * makes (`f.specialized.1`).
 */
export function pollyOnlyFunc(names: readonly string[]): string {
  return `-polly-only-func=${names.map((n) => `^${n}(\\..+)?$`).join(',')}`;
}
