import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { AlertsConfig } from '../../core/alerts-config.ts';
import { routeAlert } from './route.ts';

const config = AlertsConfig.parse(
  yaml.load(`
receivers:
  - { name: chat, webhook: { url: 'http://127.0.0.1:9/chat', secret: s3cr3t-s3cr3t } }
  - { name: oncall, webhook: { url: 'http://127.0.0.1:9/oncall', secret: s3cr3t-s3cr3t } }
  - { name: audit, webhook: { url: 'http://127.0.0.1:9/audit', secret: s3cr3t-s3cr3t } }
  - { name: payments, webhook: { url: 'http://127.0.0.1:9/payments', secret: s3cr3t-s3cr3t } }
route:
  receivers: [chat]
  repeatIntervalMs: 14400000
  routes:
    - match: { kind: [unplanned_change, out_of_window_change] }
      receivers: [audit]
      continue: true
    - match: { environment: production, severity: critical }
      receivers: [oncall]
      repeatIntervalMs: 3600000
      routes:
        - match: { tags: pci }
          receivers: [payments]
          groupWaitMs: 30000
          continue: true
        - match: { tags: pci }
          receivers: [oncall]
    - match: { tenant: globex }
      receivers: [chat]
`),
);

describe('routeAlert', () => {
  it.each<{ name: string; labels: Record<string, string>; want: string[] }>([
    { name: 'sends what no route takes to the root receivers', labels: { tenant: 'acme', kind: 'run_failed', severity: 'warning' }, want: ['chat'] },
    { name: 'continues past a matching route when it says so', labels: { tenant: 'acme', kind: 'unplanned_change', severity: 'warning' }, want: ['audit'] },
    {
      name: 'takes the first matching route after a continue',
      labels: { tenant: 'acme', kind: 'unplanned_change', severity: 'critical', environment: 'production' },
      want: ['audit', 'oncall'],
    },
    { name: 'lets a matching child route take the alert from its parent', labels: { tenant: 'acme', kind: 'run_failed', severity: 'critical', environment: 'production', tags: 'web,pci' }, want: ['payments', 'oncall'] },
    { name: 'stops at the first match without continue', labels: { tenant: 'globex', kind: 'run_failed', severity: 'critical', environment: 'production' }, want: ['oncall'] },
    { name: 'needs every matcher of a route to match', labels: { tenant: 'acme', kind: 'run_failed', severity: 'critical', environment: 'staging' }, want: ['chat'] },
  ])('$name', ({ labels, want }) => {
    expect(routeAlert(config.route, labels).map((t) => t.receiver)).toEqual(want);
  });

  it('inherits the repeat interval and group wait from the nearest route that sets them', () => {
    const targets = routeAlert(config.route, { tenant: 'acme', kind: 'run_failed', severity: 'critical', environment: 'production', tags: 'pci' });
    expect(targets).toEqual([
      { receiver: 'payments', repeatIntervalMs: 3_600_000, groupWaitMs: 30_000, groupIntervalMs: 300_000 },
      { receiver: 'oncall', repeatIntervalMs: 3_600_000, groupWaitMs: 0, groupIntervalMs: 300_000 },
    ]);
    expect(routeAlert(config.route, { tenant: 'acme', kind: 'run_failed', severity: 'info' })).toEqual([{ receiver: 'chat', repeatIntervalMs: 14_400_000, groupWaitMs: 0, groupIntervalMs: 300_000 }]);
  });

  it('inherits groupBy and the group interval, and leaves alerts ungrouped where no route sets groupBy', () => {
    const grouped = AlertsConfig.parse({
      receivers: [{ name: 'chat', webhook: { url: 'http://127.0.0.1:9/chat', secret: 's3cr3t-s3cr3t' } }],
      route: {
        receivers: ['chat'],
        routes: [{ match: { environment: 'production' }, groupBy: ['environment', 'kind'], groupIntervalMs: 60_000, routes: [{ match: { kind: 'run_failed' }, receivers: ['chat'], groupIntervalMs: 10_000 }] }],
      },
    });
    expect(routeAlert(grouped.route, { tenant: 'acme', kind: 'run_failed', severity: 'critical', environment: 'production' })).toEqual([
      { receiver: 'chat', repeatIntervalMs: 14_400_000, groupWaitMs: 0, groupIntervalMs: 10_000, groupBy: ['environment', 'kind'] },
    ]);
    expect(routeAlert(grouped.route, { tenant: 'acme', kind: 'run_failed', severity: 'critical', environment: 'staging' })).toEqual([
      { receiver: 'chat', repeatIntervalMs: 14_400_000, groupWaitMs: 0, groupIntervalMs: 300_000 },
    ]);
  });
});

describe('alerts config', () => {
  it.each([
    { name: 'refuses a route to an unknown receiver', input: { route: { receivers: ['nobody'] } }, want: "unknown receiver 'nobody'" },
    { name: 'refuses a receiver with two sinks', input: { receivers: [{ name: 'x', slack: { url: 'https://h/x' }, teams: { url: 'https://h/y' } }] }, want: 'exactly one of' },
    { name: 'refuses an inhibit rule without target labels', input: { inhibitRules: [{ source: { kind: 'node_missing' }, target: {} }] }, want: 'name at least one label' },
    { name: 'refuses two receivers with one name', input: { receivers: [{ name: 'x', slack: { url: 'https://h/x' } }, { name: 'x', slack: { url: 'https://h/y' } }] }, want: 'must be unique' },
  ])('$name', ({ input, want }) => {
    const result = AlertsConfig.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join('; ')).toContain(want);
  });
});
