// A small seeded store for report tests: two in-scope production nodes with planned,
// unplanned, out-of-window, hand-edit and failed changes, one node silent for 9 days, an
// auth failure, and one node outside the scope.
import type { ChangeClassification } from '../../core/classification.ts';
import type { Clock } from '../../core/clock.ts';
import { buildRun as buildSharedRun, type RunSpec } from '../../test/helpers/run-builder.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import type { IngestedRun, Store } from '../../store/types.ts';
import type { CollectContext } from '../types.ts';

export const SEED_PERIOD = { from: '2026-11-01T00:00:00.000Z', until: '2026-11-15T00:00:00.000Z' };
export const seedClock: Clock = { now: () => new Date('2026-11-16T08:00:00.000Z') };
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

function classified(run: IngestedRun, classifications: ChangeClassification[]): IngestedRun {
  return { ...run, classifications };
}

const plan = { id: 'pc_app', ticket: 'CHG-100', approver: 'bob' };

/** The seed written into `store` (an in-memory SQLite store unless given). */
export async function seededStore(store: Store = createSqliteStore({ path: ':memory:' })): Promise<Store> {
  // Own run ids, so evidence ids (and the golden model) do not depend on what ran before.
  let n = 0;
  const buildRun = (spec: RunSpec) => buildSharedRun({ runId: `seed-${++n}`, ...spec });
  const runs = [
    classified(buildRun({ node: 'web01', environment: 'production', startedAt: at(2), resources: [{ title: '/etc/app.conf', path: '/etc/app.conf' }] }), [
      { classification: 'planned', plan, reason: 'matches plan pc_app' },
    ]),
    classified(buildRun({ node: 'web01', environment: 'production', startedAt: at(3), resources: [{ title: '/etc/motd', path: '/etc/motd' }] }), [
      { classification: 'unplanned', reason: 'no approved plan matches' },
    ]),
    classified(buildRun({ node: 'web01', environment: 'production', startedAt: at(4), resources: [{ title: '/etc/app.conf', path: '/etc/app.conf', status: 'corrective' }] }), [
      { classification: 'corrective', reason: 'desired content unchanged since an earlier run: edited by hand' },
    ]),
    classified(buildRun({ node: 'web01', environment: 'production', startedAt: at(8), resources: [{ type: 'Firewall', title: '100 allow https' }] }), [
      { classification: 'out_of_window', plan: { id: 'pc_fw', ticket: 'CHG-200', approver: 'carol' }, reason: 'after the window of plan pc_fw' },
    ]),
    classified(buildRun({ node: 'web01', environment: 'production', startedAt: at(12), status: 'failure', resources: [{ type: 'Exec', title: 'migrate', status: 'failed' }] }), [
      { classification: 'failed', reason: 'the resource failed' },
    ]),
    classified(buildRun({ node: 'web01', environment: 'production', startedAt: at(14, 6), resources: [] }), []),
    classified(buildRun({ node: 'db01', environment: 'production', startedAt: at(1, 2), resources: [] }), []),
    classified(buildRun({ node: 'db01', environment: 'production', startedAt: at(10, 2), resources: [{ title: '/etc/db.conf' }] }), [
      { classification: 'unplanned', reason: 'no approved plan matches' },
    ]),
    classified(buildRun({ node: 'dev01', environment: 'development', startedAt: at(5), resources: [{ title: '/etc/dev.conf' }] }), [
      { classification: 'unplanned', reason: 'no approved plan matches' },
    ]),
  ];
  await store.write({ runs, nodeEvents: [] });
  await store.audit.append({ tenant: 'acme', actor: 'tok_viewer', action: 'auth.failure', sourceIp: '10.0.0.9', outcome: 'denied', details: { reason: 'forbidden' }, at: at(6) });
  await store.audit.append({ actor: 'unknown', action: 'auth.failure', sourceIp: '10.0.0.7', outcome: 'denied', details: { reason: 'invalid' }, at: at(6) });
  return store;
}

export function seedContext(store: Store): CollectContext {
  return { store, tenant: 'acme', clock: seedClock, retention: { runsDays: 396, reportsDays: 2192 }, productVersion: '0.1.0' };
}
