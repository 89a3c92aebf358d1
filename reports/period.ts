// The period every report covers: ISO times (UTC), end exclusive, normalised to `…Z` so the
// stored parameters read the same however they were written.
import { z } from 'zod';
import type { ReportPeriod } from '../store/reporting.types.ts';

/** The period fields of a parameter schema: `z.strictObject({ ...PERIOD, … }).refine(...UNTIL_AFTER_FROM).transform(normalizePeriod)`. */
export const PERIOD = {
  from: z.iso.datetime({ offset: true }).describe('Period start, inclusive (UTC)'),
  until: z.iso.datetime({ offset: true }).describe('Period end, exclusive (UTC)'),
};

export const UNTIL_AFTER_FROM: [(p: { from: string; until: string }) => boolean, { message: string; path: string[] }] = [
  (p) => Date.parse(p.until) > Date.parse(p.from),
  { message: 'until must be after from', path: ['until'] },
];

export function normalizePeriod<T extends { from: string; until: string }>(p: T): T {
  return { ...p, from: new Date(p.from).toISOString(), until: new Date(p.until).toISOString() };
}

/** The period to read: a period reaching into the future ends now. */
export function reportPeriod(params: { from: string; until: string }, now: Date): ReportPeriod {
  return { from: new Date(params.from), until: new Date(Math.min(Date.parse(params.until), now.getTime())) };
}
