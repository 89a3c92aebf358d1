// The alerts processor without Redis: a real in-memory SQLite store, a fixed clock and a
// recording delivery enqueuer.
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertKind } from '../../core/alert.ts';
import { RouteTree } from '../../core/alert-routing.ts';
import { AlertsConfig } from '../../core/alerts-config.ts';
import { createMetrics } from '../../core/metrics.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import type { Store } from '../../store/types.ts';
import { buildCandidate, buildSilence } from '../../test/helpers/alert-builder.ts';
import { alertsProcessor } from './alert.processor.ts';
import { groupFlow } from './group-flow.ts';
import { redisGroupStore } from './group-state.ts';
import { storedRoutingSource } from './routing-source.ts';

const hook = (name: string) => ({ name, webhook: { url: `http://127.0.0.1:9/${name}`, secret: 'secret-secret' } });
const config = AlertsConfig.parse({
  receivers: [hook('oncall'), hook('chat')],
  route: {
    receivers: ['chat'],
    repeatIntervalMs: 3_600_000,
    routes: [
      { match: { node: 'flappy01' }, receivers: ['chat'], groupWaitMs: 60_000 },
      { match: { severity: 'critical' }, receivers: ['oncall', 'chat'] },
    ],
  },
  maintenance: [{ environment: 'staging', from: '2026-12-01T00:00:00Z', until: '2026-12-02T00:00:00Z' }],
  inhibitRules: [{ source: { kind: 'node_missing' }, target: { kind: 'run_failed' }, equal: ['node'] }],
});

let store: Store;
let sent: string[];
let now: Date;
const processor = () =>
  alertsProcessor({
    store,
    clock: { now: () => now },
    metrics: createMetrics(),
    config,
    routing: storedRoutingSource(store, config, config.receivers.map((r) => r.name), pino({ level: 'silent' })),
    deliveries: {
      enqueueAlert: async (receiver, alert, status, delayMs) => {
        sent.push(`${receiver}:${status}:${alert.node}${delayMs ? `:held ${delayMs}` : ''}`);
        return '';
      },
      enqueueNotification: async () => '',
      enqueueGroup: async () => '',
    },
    // No route here groups, so the group store is never asked (grouping: test/integration/alert-groups.redis.test.ts).
    groups: groupFlow({ store, clock: { now: () => now }, groups: redisGroupStore(new Redis({ lazyConnect: true }), 'unused'), deliveries: { enqueueGroup: async () => '' }, scheduleFlush: async () => {} }),
  });
const handle = (...events: AlertEvent[]) => processor().handle({ events }, { jobId: 'j1', attempt: 1, log: pino({ level: 'silent' }) });
const fire = (overrides = {}) => ({ type: 'fire' as const, candidate: buildCandidate(overrides) });
const resolve = (node: string, at: string, kind = 'run_failed') => ({ type: 'resolve' as const, resolution: { tenant: 'acme', dedupKey: `acme/${node}/${kind}`, at } });
const missing = (node: string) => fire({ node, kind: 'node_missing', severity: 'warning', at: '2026-12-01T07:00:00.000Z' });
const alertOf = async (node: string, kind: AlertKind = 'run_failed') => (await store.alerts.list('acme', { node, kind }, { limit: 1 })).items[0]!;

beforeEach(() => {
  store = createSqliteStore({ path: ':memory:' });
  sent = [];
  now = new Date('2026-12-01T08:00:05Z');
});
afterEach(() => store.close());

describe('alerts processor', () => {
  it('sends a first alert to its routes, a repeat to nobody, and the resolve to those who got it', async () => {
    await handle(fire({ node: 'db01' }));
    await handle(fire({ node: 'db01', at: '2026-12-01T08:10:00.000Z' }));
    await handle(resolve('db01', '2026-12-01T08:20:00.000Z'));
    expect(sent).toEqual(['oncall:firing:db01', 'chat:firing:db01', 'oncall:resolved:db01', 'chat:resolved:db01']);
    const [alert] = (await store.alerts.list('acme', { node: 'db01' }, { limit: 5 })).items;
    expect(alert).toMatchObject({ state: 'resolved', occurrences: 2, endsAt: '2026-12-01T08:20:00.000Z', version: 3 });
  });

  it('pages again once the repeat interval has passed', async () => {
    await handle(fire({ node: 'db01' }));
    now = new Date('2026-12-01T09:00:05Z');
    await handle(fire({ node: 'db01', at: '2026-12-01T09:00:00.000Z' }));
    expect(sent).toEqual(['oncall:firing:db01', 'chat:firing:db01', 'oncall:firing:db01', 'chat:firing:db01']);
  });

  it('keeps the events of one alert in order within a job: fail, recover, fail again', async () => {
    await handle(fire({ node: 'web01', at: '2026-12-01T08:00:00.000Z' }), resolve('web01', '2026-12-01T08:01:00.000Z'), fire({ node: 'web01', at: '2026-12-01T08:02:00.000Z' }), fire({ node: 'db02' }));
    expect(sent.filter((s) => s.endsWith('web01'))).toEqual(['oncall:firing:web01', 'chat:firing:web01', 'oncall:resolved:web01', 'chat:resolved:web01', 'oncall:firing:web01', 'chat:firing:web01']);
    expect((await store.alerts.list('acme', { node: 'web01' }, { limit: 5 })).items.map((a) => a.state).sort()).toEqual(['firing', 'resolved']);
  });

  it('holds a new alert for its group wait, and sends no resolve when it ends within it', async () => {
    await handle(fire({ node: 'flappy01' }));
    now = new Date('2026-12-01T08:00:30Z');
    await handle(resolve('flappy01', '2026-12-01T08:00:20.000Z'));
    expect(sent).toEqual(['chat:firing:flappy01:held 60000']);
  });

  it('sends the resolve of a held alert once its first message was due', async () => {
    await handle(fire({ node: 'flappy01' }));
    now = new Date('2026-12-01T08:01:05Z');
    await handle(resolve('flappy01', '2026-12-01T08:01:00.000Z'));
    expect(sent).toEqual(['chat:firing:flappy01:held 60000', 'chat:resolved:flappy01']);
  });

  it.each([
    { name: 'holds back an alert a silence matches', silence: true, environment: 'production', want: 's_quiet' },
    { name: 'holds back an alert of an environment in maintenance', silence: false, environment: 'staging', want: 'maintenance:staging' },
  ])('$name: stored, not sent, and no resolve follows', async ({ silence, environment, want }) => {
    if (silence) await store.silences.create(buildSilence({ id: 's_quiet', matchers: [{ label: 'node', value: 'db01' }] }));
    await handle(fire({ node: 'db01', environment }));
    await handle(resolve('db01', '2026-12-01T08:20:00.000Z'));
    expect(sent).toEqual([]);
    expect((await store.alerts.list('acme', { node: 'db01' }, { limit: 5 })).items[0]).toMatchObject({ silencedBy: want, notified: {}, state: 'resolved' });
  });

  it('routes by the tree written through the API from its next job on, and by config again after a reset', async () => {
    const running = processor();
    const job = (...events: AlertEvent[]) => running.handle({ events }, { jobId: 'j1', attempt: 1, log: pino({ level: 'silent' }) });
    const by = { id: 'tok_admin', name: 'admin' };
    await job(fire({ node: 'db01', severity: 'warning' }));
    await store.alertRouting.write({ routing: { route: RouteTree.parse({ receivers: ['oncall'] }), inhibitRules: [] }, changedAt: now.toISOString(), changedBy: by }, 0);
    await job(fire({ node: 'db02', severity: 'warning' }));
    await store.alertRouting.write({ changedAt: now.toISOString(), changedBy: by }, 1);
    await job(fire({ node: 'db03', severity: 'warning' }));
    expect(sent).toEqual(['chat:firing:db01', 'oncall:firing:db02', 'chat:firing:db03']);
  });

  describe('inhibition (node_missing inhibits run_failed of the same node)', () => {
    it('stores a failure of a missing node as inhibited by the missing alert and sends it to nobody; other nodes page as usual', async () => {
      await handle(missing('db01'));
      await handle(fire({ node: 'db01' }), fire({ node: 'db02' }));
      expect(sent).toEqual(['chat:firing:db01', 'oncall:firing:db02', 'chat:firing:db02']);
      const source = await alertOf('db01', 'node_missing');
      expect(await alertOf('db01')).toMatchObject({ state: 'firing', inhibitedBy: source.id, notified: {} });
      expect((await alertOf('db02')).inhibitedBy).toBeUndefined();
    });

    it('sends a still-firing target once its inhibitor resolves, without counting an occurrence', async () => {
      await handle(missing('db01'));
      await handle(fire({ node: 'db01' }));
      sent = [];
      await handle(resolve('db01', '2026-12-01T08:05:00.000Z', 'node_missing'));
      expect(sent).toEqual(['chat:resolved:db01', 'oncall:firing:db01', 'chat:firing:db01']);
      const released = await alertOf('db01');
      expect(released).toMatchObject({ state: 'firing', occurrences: 1, notified: { oncall: now.toISOString(), chat: now.toISOString() } });
      expect(released.inhibitedBy).toBeUndefined();
    });

    it('sends nothing for a target that ended while it was inhibited', async () => {
      await handle(missing('db01'));
      await handle(fire({ node: 'db01' }));
      await handle(resolve('db01', '2026-12-01T08:01:00.000Z'));
      sent = [];
      await handle(resolve('db01', '2026-12-01T08:05:00.000Z', 'node_missing'));
      expect(sent).toEqual(['chat:resolved:db01']);
    });

    it('sends the failure of a node that reports again in the same job as its missing alert resolves', async () => {
      await handle(missing('db01'));
      sent = [];
      await handle(resolve('db01', '2026-12-01T08:00:00.000Z', 'node_missing'), fire({ node: 'db01' }));
      expect(sent.sort()).toEqual(['chat:firing:db01', 'chat:resolved:db01', 'oncall:firing:db01']);
      expect((await alertOf('db01')).inhibitedBy).toBeUndefined();
    });

    it('takes inhibit rules written through the API', async () => {
      await store.alertRouting.write({ routing: { route: config.route, inhibitRules: [{ source: { kind: 'node_missing' }, target: { severity: 'critical' }, equal: [] }] }, changedAt: now.toISOString(), changedBy: { id: 'tok_a', name: 'a' } }, 0);
      await handle(missing('db01'));
      await handle(fire({ node: 'db02' }));
      expect(sent).toEqual(['chat:firing:db01']);
      expect((await alertOf('db02')).inhibitedBy).toBe((await alertOf('db01', 'node_missing')).id);
    });
  });
});
