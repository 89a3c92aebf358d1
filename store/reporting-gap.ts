// The coverage gap of a node over a report period, shared by every backend so that they
// agree to the millisecond: the longest stretch without a successful run.
import type { PopulationEntry, ReportPeriod } from './reporting.types.ts';

/** Epoch milliseconds, until after from. */
export interface Gap {
  from: number;
  until: number;
}

/** The node's first and last successful run of the period, epoch milliseconds. */
export interface SuccessSpan {
  first_ok: number | null;
  last_ok: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The longest stretch without a successful run: before the first, between two (`inner`, the
 *  longest between two successes), or after the last (up to the period's end), counted from
 *  when the node was first seen. */
export function longestGap(period: ReportPeriod, firstSeen: number, stat: SuccessSpan | undefined, inner: Gap | undefined): PopulationEntry['longestGap'] {
  const start = Math.max(period.from.getTime(), firstSeen);
  const end = period.until.getTime();
  if (stat?.first_ok == null || stat.last_ok == null) return { ms: Math.max(0, end - start), from: iso(start), until: iso(end) };
  const candidates: [number, number][] = [[Math.min(start, stat.first_ok), stat.first_ok], [stat.last_ok, end]];
  if (inner) candidates.push([inner.from, inner.until]);
  const [from, until] = candidates.reduce((best, c) => (c[1] - c[0] > best[1] - best[0] ? c : best));
  return { ms: until - from, from: iso(from), until: iso(until) };
}
