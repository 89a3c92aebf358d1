// The exact requests the alerts part sends to Elasticsearch, and how it keeps one firing
// alert per dedup key without a unique index (a firing slot per key, claimed with create).
import { describe, expect, it } from 'vitest';
import { buildAlert } from '../../test/helpers/alert-builder.ts';
import { keyedId } from './collection.ts';
import { createElasticsearchStore } from './es.store.ts';
import { emulatedStore } from './testing/emulated-store.ts';

describe('elasticsearch store: alerts', () => {
  it('creates a new alert by id, then claims the firing slot of its tenant and dedup key, both with op_type create', async () => {
    const { emulator, store } = await emulatedStore();
    const alert = buildAlert({ startsAt: '2026-12-01T08:00:00Z' });
    expect(await store.alerts.put(alert)).toBe(true);
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /rl-alerts/_create/${alert.id}`, `PUT /rl-firing_alerts/_create/${keyedId('acme', alert.dedupKey)}`]);
    expect(emulator.requests[0]!.querystring).toEqual({ refresh: 'wait_for' });
    expect(emulator.requests[0]!.body).toEqual({
      id: alert.id,
      tenant: 'acme',
      dedupKey: 'acme/web01/run_failed',
      state: 'firing',
      kind: 'run_failed',
      severity: 'critical',
      node: 'web01',
      environment: 'production',
      startsAt: '2026-12-01T08:00:00.000Z',
      version: 1,
      alert,
    });
    expect(emulator.requests[1]!.body).toEqual({ tenant: 'acme', dedupKey: 'acme/web01/run_failed', alertId: alert.id });
  });

  it('lists alerts with the tenant, term and range filters, newest first by start, search_after from the cursor', async () => {
    const { emulator, store } = await emulatedStore();
    for (const startsAt of ['2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z']) await store.alerts.put(buildAlert({ startsAt, dedupKey: startsAt }));
    emulator.requests.length = 0;
    const first = await store.alerts.list('acme', { state: 'firing', node: 'web01', since: new Date('2026-11-01T00:00:00Z') }, { limit: 1 });
    await store.alerts.list('acme', {}, { limit: 1, cursor: first.nextCursor! });
    const [page1, page2] = emulator.requests;
    expect(page1).toMatchObject({ method: 'POST', path: '/rl-alerts/_search' });
    expect(page1!.body).toEqual({
      query: { bool: { filter: [{ term: { tenant: 'acme' } }, { term: { state: 'firing' } }, { term: { node: 'web01' } }, { range: { startsAt: { gte: '2026-11-01T00:00:00.000Z' } } }] } },
      sort: [{ startsAt: { order: 'desc' } }, { id: { order: 'desc' } }],
      size: 2,
      track_total_hits: false,
    });
    expect(page2!.body).toMatchObject({ search_after: [Date.parse('2026-12-01T00:00:00.000Z'), first.items[0]!.id] });
  });

  it('lets only one of two processes fire an alert for the same key, and deletes the loser\'s document by version', async () => {
    const { emulator, store, client, config } = await emulatedStore();
    const other = createElasticsearchStore({ config, client });
    const [a, b] = [buildAlert(), buildAlert()];
    const stored = await Promise.all([store.alerts.put(a), other.alerts.put(b)]);
    expect(stored.filter(Boolean)).toEqual([true]);
    const winner = stored[0] ? a : b;
    expect(emulator.documents('rl-alerts').map((d) => d.id)).toEqual([winner.id]);
    expect((await store.alerts.firing('acme', a.dedupKey))!.id).toBe(winner.id);
    const [removal] = emulator.requests.filter((r) => r.method === 'DELETE');
    expect(removal).toMatchObject({ path: `/rl-alerts/_doc/${stored[0] ? b.id : a.id}`, querystring: { refresh: 'wait_for', if_seq_no: expect.any(String), if_primary_term: '1' } });
  });

  it('takes over the firing slot of a resolved alert, so the key can fire again', async () => {
    const { emulator, store } = await emulatedStore();
    const first = buildAlert();
    await store.alerts.put(first);
    await store.alerts.put({ ...first, state: 'resolved', version: 2 });
    emulator.requests.length = 0;
    const second = buildAlert();
    expect(await store.alerts.put(second)).toBe(true);
    const slot = keyedId('acme', first.dedupKey);
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /rl-alerts/_create/${second.id}`,
      `PUT /rl-firing_alerts/_create/${slot}`,
      `GET /rl-firing_alerts/_doc/${slot}`,
      `GET /rl-alerts/_doc/${first.id}`,
      `PUT /rl-firing_alerts/_doc/${slot}`,
    ]);
    expect(emulator.requests.at(-1)!.querystring).toMatchObject({ if_seq_no: '0', if_primary_term: '1' });
  });
});
