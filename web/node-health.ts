// Whether a node has gone silent: no sign of life for more than twice its usual interval
// between runs, or for more than an hour when its interval is not known yet.
export const SILENT_WITHOUT_INTERVAL_MS = 3_600_000;

/** The median gap between consecutive run starts, or undefined with fewer than two runs. */
export function expectedIntervalMs(runStarts: readonly string[]): number | undefined {
  const times = runStarts.map((t) => Date.parse(t)).sort((a, b) => b - a);
  const gaps = times.slice(1).map((t, i) => times[i]! - t).filter((gap) => gap > 0).sort((a, b) => a - b);
  if (!gaps.length) return undefined;
  const middle = Math.floor(gaps.length / 2);
  return gaps.length % 2 ? gaps[middle]! : Math.round((gaps[middle - 1]! + gaps[middle]!) / 2);
}

export function isSilent(lastSeen: string, intervalMs: number | undefined, now: Date): boolean {
  const allowed = intervalMs === undefined ? SILENT_WITHOUT_INTERVAL_MS : 2 * intervalMs;
  return now.getTime() - Date.parse(lastSeen) > allowed;
}

/** "30 min", "4 h", "2 d": how long an interval is, for people. */
export function humanDuration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}
