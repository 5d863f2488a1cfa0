/** Percentile of a sample (nearest rank), in the sample's unit. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(sample: readonly number[]): number {
  return percentile(sample, 50);
}

/** Max minus min, for the spread of repeated rounds. */
export function spread(sample: readonly number[]): number {
  return sample.length === 0 ? Number.NaN : Math.max(...sample) - Math.min(...sample);
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
