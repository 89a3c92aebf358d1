import { describe, expect, it } from 'vitest';
import { toIsoTime } from './time.ts';

describe('toIsoTime', () => {
  it.each([
    { name: 'ISO with nanoseconds and Z', input: '2021-12-14T15:32:18.856124415Z', want: '2021-12-14T15:32:18.856Z' },
    { name: 'ISO with an offset', input: '2023-07-14T17:13:14.637795329+02:00', want: '2023-07-14T15:13:14.637Z' },
    { name: "Ruby's Time#to_s", input: '2017-06-28 17:28:27.146638339 +00:00', want: '2017-06-28T17:28:27.146Z' },
    { name: 'Ruby with a bare Z', input: '2017-06-28 17:28:03.565743001 Z', want: '2017-06-28T17:28:03.565Z' },
    { name: 'an offset without colon', input: '2017-06-28 17:28:03 +0130', want: '2017-06-28T15:58:03.000Z' },
    { name: 'Chef seconds', input: '2018-09-14T19:37:42Z', want: '2018-09-14T19:37:42.000Z' },
  ])('reads $name', ({ input, want }) => {
    expect(toIsoTime(input)).toBe(want);
  });

  it.each(['yesterday', '', '2021-13-45T99:00:00Z', 42])('rejects %s', (input) => {
    expect(toIsoTime(input)).toBeUndefined();
  });
});
