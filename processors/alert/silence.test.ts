import { describe, expect, it } from 'vitest';
import { buildSilence } from '../../test/helpers/alert-builder.ts';
import { findSilence } from './silence.ts';

describe('findSilence', () => {
  const silence = buildSilence({ id: 's_db', matchers: [{ label: 'node', value: 'db01' }, { label: 'kind', value: 'run_failed' }] });
  const maintenance = [{ environment: 'staging', from: '2026-12-01T06:00:00Z', until: '2026-12-01T10:00:00Z', comment: 'upgrade' }];
  const at = new Date('2026-12-01T08:00:00Z');
  it.each<{ name: string; labels: Record<string, string>; now: Date; want: string | undefined }>([
    { name: 'holds back an alert every matcher of a silence matches', labels: { node: 'db01', kind: 'run_failed', environment: 'production' }, now: at, want: 's_db' },
    { name: 'lets an alert through when one matcher differs', labels: { node: 'db01', kind: 'unplanned_change', environment: 'production' }, now: at, want: undefined },
    { name: 'lets an alert through after the silence ended', labels: { node: 'db01', kind: 'run_failed' }, now: new Date('2026-12-02T00:00:00Z'), want: undefined },
    { name: 'holds back alerts of an environment in maintenance', labels: { node: 'web01', kind: 'run_failed', environment: 'staging' }, now: at, want: 'maintenance:staging' },
    { name: 'lets them through once maintenance is over', labels: { node: 'web01', kind: 'run_failed', environment: 'staging' }, now: new Date('2026-12-01T10:00:00Z'), want: undefined },
  ])('$name', ({ labels, now, want }) => {
    expect(findSilence(labels, [silence], maintenance, now)).toBe(want);
  });
});
