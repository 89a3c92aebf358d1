import { describe, expect, it } from 'vitest';
import { buildAlert } from '../../test/helpers/alert-builder.ts';
import { groupNotification } from './group-notification.ts';
import { groupOf } from './grouping.ts';

const group = groupOf('acme', 'chat', ['environment'], { tenant: 'acme', environment: 'production' });

describe('group notification', () => {
  it('keys the message by the group, keeps shared fields, takes the highest firing severity and lists every member', () => {
    const alerts = [
      buildAlert({ id: 'a_1', node: 'db01', severity: 'warning', startsAt: '2026-12-01T08:00:02.000Z', occurrences: 2 }),
      buildAlert({ id: 'a_2', node: 'db02', kind: 'node_missing', severity: 'critical', startsAt: '2026-12-01T08:00:01.000Z' }),
      buildAlert({ id: 'a_3', node: 'db03', severity: 'critical', state: 'resolved', endsAt: '2026-12-01T08:05:00.000Z' }),
    ];
    const message = groupNotification(group, 'firing', alerts);
    expect(message).toMatchObject({
      dedupKey: 'acme/group/environment=production',
      environment: 'production',
      severity: 'critical',
      kind: 'run_failed',
      summary: '2 alerts firing, 1 resolved: environment=production',
      startsAt: '2026-12-01T08:00:00.000Z',
      occurrences: 4,
      labels: { tenant: 'acme', environment: 'production' },
      group: { firing: 2, resolved: 1 },
    });
    expect(message.node).toBeUndefined();
    expect(message.group!.alerts.map((a) => [a.node, a.status])).toEqual([['db01', 'firing'], ['db02', 'firing'], ['db03', 'resolved']]);
  });

  it('says how many resolved, and when the last ended, in the resolved message', () => {
    const alerts = [buildAlert({ node: 'db01', state: 'resolved', endsAt: '2026-12-01T08:05:00.000Z' }), buildAlert({ node: 'db01', state: 'resolved', endsAt: '2026-12-01T08:09:00.000Z' })];
    expect(groupNotification(group, 'resolved', alerts)).toMatchObject({ status: 'resolved', node: 'db01', summary: '2 alerts resolved: environment=production', endsAt: '2026-12-01T08:09:00.000Z', group: { firing: 0, resolved: 2 } });
  });
});
