// Small statistics for capacity: nearest-rank percentiles and a least-squares trend with a
// days-to-threshold forecast.

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Slope per step of the least-squares line through the values (index = day). */
export function slope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

/** Days until `current` reaches `threshold` at `perDay`; 0 when already there, null when never. */
export function daysToThreshold(current: number, threshold: number, perDay: number): number | null {
  if (current >= threshold) return 0;
  if (perDay <= 0) return null;
  return Math.ceil((threshold - current) / perDay);
}
