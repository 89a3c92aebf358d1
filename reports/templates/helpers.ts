// The helpers a report template may use, built-in and user templates alike. Each is pure
// (no clock, no I/O) and formats a value the model already computed; templates only loop,
// branch and format. Documented in docs/reports.md.
type Value = unknown;

const isoOf = (value: Value): string | undefined => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined);

/** Handlebars passes its options object last; helpers ignore it. */
const args = (values: Value[]) => values.slice(0, -1);

export const HELPERS = {
  /** `2026-11-20T12:00:00.000Z` → `2026-11-20 12:00:00 UTC`; empty → `—`. */
  utc: (...values: Value[]) => {
    const iso = isoOf(args(values)[0]);
    return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '—';
  },
  /** ISO time → `2026-11-20`. */
  day: (...values: Value[]) => isoOf(args(values)[0])?.slice(0, 10) ?? '—',
  /** 97.456 → `97.5 %` (digits: second argument, default 1). */
  percent: (...values: Value[]) => {
    const [n, digits] = args(values);
    return typeof n === 'number' ? `${n.toFixed(typeof digits === 'number' ? digits : 1)} %` : '—';
  },
  /** Milliseconds → `3 d 4 h`, `2 h 5 min`, `40 s`. */
  duration: (...values: Value[]) => {
    const ms = args(values)[0];
    if (typeof ms !== 'number') return '—';
    const s = Math.round(ms / 1000);
    const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
    if (d > 0) return `${d} d ${h} h`;
    if (h > 0) return `${h} h ${m} min`;
    return m > 0 ? `${m} min` : `${s} s`;
  },
  /** 1234567.891 → `1,234,567.89`. */
  number: (...values: Value[]) => {
    const n = args(values)[0];
    return typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—';
  },
  /** Equality, for `{{#if (eq a b)}}`. */
  eq: (...values: Value[]) => {
    const [a, b] = args(values);
    return a === b;
  },
  /** Pretty JSON of a value (the report parameters). */
  json: (...values: Value[]) => JSON.stringify(args(values)[0], null, 2),
} as const;
