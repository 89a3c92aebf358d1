// The exact requests behind the API-written routing document (one document, compare-and-set on
// its sequence number) and behind a group message's attempt (its alerts in the alertId keyword).
import { describe, expect, it } from 'vitest';
import { RouteTree } from '../../core/alert-routing.ts';
import { buildAttempt } from '../../test/helpers/alert-builder.ts';
import { emulatedStore } from './testing/emulated-store.ts';

const routing = { route: RouteTree.parse({ receivers: ['chat'] }), inhibitRules: [] };
const changedBy = { id: 'tok_a', name: 'alice' };

describe('elasticsearch store: alert routing and group attempts', () => {
  it('creates the routing document once, then replaces it only over the sequence number it read', async () => {
    const { emulator, store } = await emulatedStore();
    await store.alertRouting.write({ routing, changedAt: '2026-12-01T10:00:00Z', changedBy }, 0);
    await store.alertRouting.write({ changedAt: '2026-12-01T10:05:00Z', changedBy }, 1);
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /rl-alert_routing/_doc/current',
      'PUT /rl-alert_routing/_create/current',
      'GET /rl-alert_routing/_doc/current',
      'PUT /rl-alert_routing/_doc/current',
    ]);
    expect(emulator.requests[1]!.body).toEqual({ revision: 1, changedAt: '2026-12-01T10:00:00.000Z', changedBy, routing });
    expect(emulator.requests[3]!.querystring).toMatchObject({ if_seq_no: '0', if_primary_term: '1' });
    expect(emulator.requests[3]!.body).toEqual({ revision: 2, changedAt: '2026-12-01T10:05:00.000Z', changedBy });
  });

  it('indexes the alerts a group message listed in alertId, and finds the attempt by any of them with a term query', async () => {
    const { emulator, store } = await emulatedStore();
    const attempt = buildAttempt({ dedupKey: 'acme/group/environment=production', alertIds: ['a_1', 'a_2'] });
    await store.deliveries.record(attempt);
    expect(emulator.requests[0]!.body).toMatchObject({ id: attempt.id, alertId: ['a_1', 'a_2'], attempt });
    emulator.requests.length = 0;
    expect((await store.deliveries.list('acme', { alertId: 'a_2' }, { limit: 5 })).items).toEqual([attempt]);
    expect(emulator.requests[0]!.body).toMatchObject({ query: { bool: { filter: [{ term: { tenant: 'acme' } }, { term: { alertId: 'a_2' } }] } } });
  });
});
