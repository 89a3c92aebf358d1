// Turns a UI form's query string into what the API's query schemas accept, so that the UI and
// the API validate filters with the same rules: empty fields dropped, checkboxes to flags,
// times from <input type="datetime-local"> read as UTC.
import type { z } from 'zod';
import { HttpErrors } from '../http/errors.ts';

const LOCAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/;

/** A value of <input type="datetime-local"> as an ISO time in UTC; other values unchanged. */
export function utcFromInput(value: string): string {
  if (!LOCAL_TIME.test(value)) return value;
  return value.length === 16 ? `${value}:00Z` : `${value}Z`;
}

export function parseUiQuery<S extends z.ZodType>(schema: S, raw: unknown, checkboxes: Record<string, string> = {}): z.output<S> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string' || value === '') continue;
    if (checkboxes[key]) cleaned[checkboxes[key]] = 'true';
    else cleaned[key] = utcFromInput(value);
  }
  const parsed = schema.safeParse({ limit: '50', ...cleaned });
  if (!parsed.success) {
    throw new HttpErrors.BadRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'filter'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** The value an <input type="datetime-local"> shows for a time (UTC, to the minute). */
export function inputTime(value: Date | undefined): string {
  return value ? value.toISOString().slice(0, 16) : '';
}
