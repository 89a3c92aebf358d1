// Agents write times in many spellings: ISO 8601 with nanoseconds, Ruby's
// "2017-06-28 17:28:03.565743001 +00:00", Chef's "2018-09-14T19:37:42Z". All become ISO 8601 UTC.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** ISO 8601 UTC with milliseconds, or undefined when the value is not a timestamp. */
export function toIsoTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return undefined;
  const [, date, time, fraction = '0', zone = 'Z'] = m;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${date}T${time}.${millis}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
