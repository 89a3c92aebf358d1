// When is a node missing? After N expected intervals without a report. The interval is the
// one configured for its environment, else learned from its latest runs (the median gap,
// robust to one manual run), else the default (Puppet's runinterval is 30 minutes).
import type { AlertsConfig } from '../../core/alerts-config.ts';
import type { QuietNode } from '../../store/alerts.types.ts';

/** Fewer gaps than this and the history says too little. */
const MIN_GAPS = 2;

export function learnedIntervalMs(runStarts: readonly string[]): number | undefined {
  const times = runStarts.map((t) => Date.parse(t)).sort((a, b) => b - a);
  const gaps = times.slice(1).map((t, i) => times[i]! - t).filter((gap) => gap > 0).sort((a, b) => a - b);
  if (gaps.length < MIN_GAPS) return undefined;
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
}

export function expectedIntervalMs(node: QuietNode, config: AlertsConfig['nodeMissing']): number {
  const configured = node.environment !== undefined ? config.intervalsMs[node.environment] : undefined;
  return configured ?? learnedIntervalMs(node.recentRunStarts) ?? config.defaultIntervalMs;
}

export interface MissingNode extends QuietNode {
  expectedIntervalMs: number;
  silentForMs: number;
}

export function missingNodes(quiet: readonly QuietNode[], now: Date, config: AlertsConfig['nodeMissing']): MissingNode[] {
  return quiet.flatMap((node) => {
    const interval = expectedIntervalMs(node, config);
    const silentForMs = now.getTime() - Date.parse(node.lastSeen);
    return silentForMs >= config.missedIntervals * interval ? [{ ...node, expectedIntervalMs: interval, silentForMs }] : [];
  });
}

/** The sweep reads only nodes quiet for N minutes or more: intervals under a minute are not expected. */
export function quietSince(now: Date, config: AlertsConfig['nodeMissing']): Date {
  return new Date(now.getTime() - config.missedIntervals * 60_000);
}
