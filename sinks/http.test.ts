import { describe, expect, it } from 'vitest';
import { parseRetryAfter, scrubSecrets } from './http.ts';
import { redactUrl, Secret } from './secret.ts';
import { inspect } from 'node:util';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-01T08:00:00Z');
  it.each([
    { name: 'reads delta seconds', value: '120', want: 120_000 },
    { name: 'reads an HTTP date', value: 'Tue, 01 Dec 2026 08:00:30 GMT', want: 30_000 },
    { name: 'treats a date in the past as now', value: 'Tue, 01 Dec 2026 07:00:00 GMT', want: 0 },
    { name: 'ignores garbage', value: 'soon', want: undefined },
    { name: 'ignores a missing header', value: null, want: undefined },
  ])('$name', ({ value, want }) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });
});

describe('secrets', () => {
  it('prints as [redacted] however it is printed', () => {
    const secret = new Secret('hunter2-hunter2');
    expect([String(secret), JSON.stringify({ secret }), inspect({ secret })]).toEqual(['[redacted]', '{"secret":"[redacted]"}', "{ secret: [redacted] }"]);
  });

  it('keeps only scheme and host of a URL', () => {
    expect(redactUrl('https://hooks.slack.com/services/T0/B0/abcdefabcdef')).toBe('https://hooks.slack.com/[redacted]');
  });

  it('scrubs the tokens of a secret URL from text a service echoed', () => {
    const url = new Secret('https://x.example.com/hook/abcdefabcdef1234?sig=0123456789abcdef');
    expect(scrubSecrets('bad token abcdefabcdef1234 and sig 0123456789abcdef', [url])).toBe('bad token [redacted] and sig [redacted]');
  });
});
