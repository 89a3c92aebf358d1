// The sweeps that raise alerts of their own, against a real (in-memory) SQLite store and a
// fixed clock; the raised events are captured instead of queued.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../core/alert.ts';
import { AlertsConfig } from '../../core/alerts-config.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import type { Store } from '../../store/types.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import { auditChainEvents } from '../alert/internal-alerts.ts';
import { sweepAuthFailures } from './auth-failures.job.ts';
import { sweepMissingNodes } from './node-missing.job.ts';

const MIN = 60_000;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, 0) + minute * MIN).toISOString();

let store: Store;
let raised: AlertEvent[];
const deps = (minute: number, input: Record<string, unknown> = {}) => ({
  store,
  clock: { now: () => new Date(at(minute)) },
  config: AlertsConfig.parse(input),
  raise: async (events: AlertEvent[]) => void raised.push(...events),
});

beforeEach(() => {
  store = createSqliteStore({ path: ':memory:' });
  raised = [];
});
afterEach(() => store.close());

describe('missing-node sweep', () => {
  it('raises node_missing for a node three of its intervals late, dated at its last sign of life', async () => {
    const runs = [0, 10, 20].map((m) => buildRun({ node: 'late01', environment: 'production', startedAt: at(m) }));
    await store.write({ runs: [...runs, buildRun({ node: 'fine01', startedAt: at(45) })], nodeEvents: [] });
    expect(await sweepMissingNodes(deps(50))).toEqual({ quiet: 2, missing: 1 });
    expect(raised).toEqual([
      {
        type: 'fire',
        candidate: expect.objectContaining({
          tenant: 'acme',
          dedupKey: 'acme/late01/node_missing',
          kind: 'node_missing',
          severity: 'warning',
          node: 'late01',
          environment: 'production',
          summary: 'late01 has not reported for 30 min (expected every 10 min)',
          at: at(20),
        }),
      },
    ]);
  });

  it('raises nothing when node_missing is switched off', async () => {
    await store.write({ runs: [buildRun({ node: 'late01', startedAt: at(0) })], nodeEvents: [] });
    await sweepMissingNodes(deps(500, { kinds: { node_missing: { enabled: false } } }));
    expect(raised).toEqual([]);
  });
});

describe('auth-failure sweep', () => {
  const fail = (minute: number, ip: string) => store.audit.append({ actor: 'unknown', action: 'auth.failure', outcome: 'denied', sourceIp: ip, at: at(minute) });
  const config = { authFailures: { threshold: 3, windowMs: 5 * MIN }, systemTenant: 'ops' };

  it('raises a burst for the system tenant, naming the top sources', async () => {
    for (const [m, ip] of [[0, '10.0.0.9'], [6, '10.0.0.9'], [7, '10.0.0.9'], [8, '10.0.0.5']] as const) await fail(m, ip);
    expect(await sweepAuthFailures(deps(9, config))).toEqual({ failures: 3 });
    expect(raised[0]).toMatchObject({
      type: 'fire',
      candidate: { tenant: 'ops', kind: 'auth_failures', dedupKey: 'ops/ingest/auth_failures', summary: '3 authentication failures in 5 min; top sources: 10.0.0.9 (2), 10.0.0.5 (1)' },
    });
  });

  it('resolves the burst once the window is quiet', async () => {
    await fail(0, '10.0.0.9');
    expect(await sweepAuthFailures(deps(9, config))).toEqual({ failures: 0 });
    expect(raised).toEqual([{ type: 'resolve', resolution: { tenant: 'ops', dedupKey: 'ops/ingest/auth_failures', at: at(9) } }]);
  });
});

describe('audit chain events', () => {
  it.each([
    { name: 'fires a critical alert naming the first broken entry', result: { ok: false, checked: 9, firstBroken: { seq: 4, reason: 'hash mismatch' } }, want: [{ type: 'fire', candidate: expect.objectContaining({ severity: 'critical', summary: 'The audit hash chain is broken at entry 4: hash mismatch', dedupKey: 'ops/audit-log/audit_chain_broken' }) }] },
    { name: 'resolves it when the chain verifies again', result: { ok: true, checked: 9 }, want: [{ type: 'resolve', resolution: { tenant: 'ops', dedupKey: 'ops/audit-log/audit_chain_broken', at: at(0) } }] },
  ])('$name', ({ result, want }) => {
    expect(auditChainEvents(result, 'ops', at(0), {})).toEqual(want);
  });
});
