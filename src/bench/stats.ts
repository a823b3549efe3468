// Small statistics for the benchmark: medians of repeated runs and geometric
// means of ratios (the mean that treats a 2x win and a 2x loss symmetrically).

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function geomean(xs: readonly number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  if (ok.length === 0) return NaN;
  return Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length);
}

/**
 * The order of one interleaved round: `xs` rotated by `k`, so that over the
 * rounds each variant runs first, and after each other one, equally often.
 */
export function rotated<T>(xs: readonly T[], k: number): T[] {
  return xs.map((_, i) => xs[(i + k) % xs.length]);
}
