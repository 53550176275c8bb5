// Nearest-rank percentiles of a list of samples (latencies in ms, in the bench).
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(values: number[]): Percentiles {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  // Nearest rank.
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: v[v.length - 1]!, mean: v.reduce((a, b) => a + b, 0) / v.length };
}
