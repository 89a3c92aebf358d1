// Alerts in the alerts collection, with the same rules as SQLite: a put writes only over the
// version it read, and at most one alert per (tenant, dedup key) is firing. Elasticsearch has
// no unique index, so a second collection holds one "firing slot" per key, with a document id
// made of tenant and key: a new alert is created, then claims the slot with create (or takes
// over a slot whose alert is no longer firing, by version); the loser deletes its alert again.
import type { AlertRecord, AlertsStore, QuietNode } from '../alerts.types.ts';
import { collection, keyedId, putNextVersion } from './collection.ts';
import type { EsContext } from './context.ts';
import type { NodeDoc } from './node-state.ts';
import { allOf, equals, newestFirst, type Sort, timeRange } from './query.ts';

interface AlertDoc {
  id: string;
  tenant: string;
  dedupKey: string;
  state: AlertRecord['state'];
  kind: AlertRecord['kind'];
  severity: AlertRecord['severity'];
  node?: string;
  environment?: string;
  startsAt: string;
  version: number;
  alert: AlertRecord;
}

interface FiringSlot {
  tenant: string;
  dedupKey: string;
  alertId: string;
}

const NEWEST_FIRST = newestFirst('startsAt');
const OLDEST_SEEN_FIRST: Sort = [
  { field: 'lastSeen', order: 'asc', kind: 'number' },
  { field: 'tenant', order: 'asc', kind: 'string' },
  { field: 'name', order: 'asc', kind: 'string' },
];
/** More alerts of one kind than fire at once across tenants. */
const MAX_FIRING = 10_000;
/** How many of a node's latest runs its expected reporting interval is learned from. */
const LEARN_FROM_RUNS = 10;

const toDoc = (alert: AlertRecord): AlertDoc => ({
  id: alert.id,
  tenant: alert.tenant,
  dedupKey: alert.dedupKey,
  state: alert.state,
  kind: alert.kind,
  severity: alert.severity,
  ...(alert.node !== undefined ? { node: alert.node } : {}),
  ...(alert.environment !== undefined ? { environment: alert.environment } : {}),
  startsAt: new Date(alert.startsAt).toISOString(),
  version: alert.version,
  alert,
});

const holds = (slot: FiringSlot, alert: AlertDoc | undefined) => alert?.state === 'firing' && alert.tenant === slot.tenant && alert.dedupKey === slot.dedupKey;

export function createAlerts(es: EsContext): AlertsStore {
  const alerts = collection<AlertDoc>(es, 'alerts');
  const slots = collection<FiringSlot>(es, 'firing_alerts');
  const slotId = (tenant: string, dedupKey: string) => keyedId(tenant, dedupKey);

  /** Claims the key's firing slot for `alert`; false when another firing alert holds it. */
  async function claim(alert: AlertRecord): Promise<boolean> {
    const id = slotId(alert.tenant, alert.dedupKey);
    const slot: FiringSlot = { tenant: alert.tenant, dedupKey: alert.dedupKey, alertId: alert.id };
    for (;;) {
      if (await slots.create(id, slot)) return true;
      const held = await slots.get(id);
      if (!held) continue;
      if (holds(held.doc, (await alerts.get(held.doc.alertId))?.doc)) return false;
      // The slot's alert resolved (or lost its own race): take the slot over, if nobody did.
      if (await slots.put(id, slot, held.version)) return true;
    }
  }

  async function create(alert: AlertRecord): Promise<boolean> {
    if (!(await alerts.create(alert.id, toDoc(alert)))) return false;
    if (alert.state !== 'firing' || (await claim(alert))) return true;
    const mine = await alerts.get(alert.id);
    if (mine) await alerts.remove(alert.id, mine.version);
    return false;
  }

  return {
    async get(tenant, id) {
      const found = await alerts.get(id);
      return found?.doc.tenant === tenant ? found.doc.alert : undefined;
    },
    async firing(tenant, dedupKey) {
      // Realtime gets, not a search: a caller sees the alert another process created just now.
      const slot = await slots.get(slotId(tenant, dedupKey));
      const alert = slot && (await alerts.get(slot.doc.alertId))?.doc;
      return slot && holds(slot.doc, alert) ? alert!.alert : undefined;
    },
    async put(alert) {
      if (alert.version === 1) return create(alert);
      return putNextVersion(alerts, alert.id, toDoc(alert));
    },
    async list(tenant, filter, page) {
      const { state, kind, severity, node, environment } = filter;
      const found = await alerts.page([...equals({ tenant, state, kind, severity, node, environment }), ...timeRange('startsAt', filter.since, filter.until)], NEWEST_FIRST, page);
      return { ...found, items: found.items.map((d) => d.alert) };
    },
    async firingOfKind(kind) {
      return (await alerts.search(equals({ kind, state: 'firing' }), NEWEST_FIRST, MAX_FIRING)).map((d) => d.alert);
    },
    async quietNodes(seenBefore, limit) {
      const quiet = await collection<NodeDoc>(es, 'nodes').search(timeRange('lastSeen', undefined, seenBefore), OLDEST_SEEN_FIRST, limit);
      return Promise.all(
        quiet.map(async (node): Promise<QuietNode> => {
          const runs = await es.client.search<{ startedAt: string }>({
            index: es.names.all('runs'),
            query: allOf(equals({ tenant: node.tenant, node: node.name })),
            sort: [{ startedAt: { order: 'desc' } }],
            size: LEARN_FROM_RUNS,
            _source: ['startedAt'],
            ignore_unavailable: true,
            allow_no_indices: true,
          });
          return {
            tenant: node.tenant,
            name: node.name,
            ...(node.environment ? { environment: node.environment } : {}),
            lastSeen: new Date(node.lastSeen).toISOString(),
            recentRunStarts: runs.hits.hits.map((hit) => new Date(hit._source!.startedAt).toISOString()),
          };
        }),
      );
    },
  };
}
