// Delivery attempts and dead letters, one collection each; a record with an id already stored
// replaces it (as SQLite's INSERT OR REPLACE). Lists are newest first by time, per tenant.
import type { DeadLetter, DeliveriesStore, DeliveryAttempt } from '../alerts.types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';
import { equals, newestFirst, timeRange } from './query.ts';

interface AttemptDoc {
  id: string;
  tenant: string;
  receiver: string;
  /** The message's alert, or the alerts a group message listed: a term query matches any of them. */
  alertId?: string[];
  outcome: DeliveryAttempt['outcome'];
  at: string;
  attempt: DeliveryAttempt;
}

interface LetterDoc {
  id: string;
  tenant: string;
  receiver: string;
  at: string;
  letter: DeadLetter;
}

const NEWEST_FIRST = newestFirst('at');

const iso = (at: string) => new Date(at).toISOString();

export function createDeliveries(es: EsContext): DeliveriesStore {
  const attempts = collection<AttemptDoc>(es, 'deliveries');
  const letters = collection<LetterDoc>(es, 'dead_letters');
  return {
    async record(a) {
      const alertIds = [...(a.alertId !== undefined ? [a.alertId] : []), ...(a.alertIds ?? [])];
      const doc: AttemptDoc = { id: a.id, tenant: a.tenant, receiver: a.receiver, ...(alertIds.length ? { alertId: alertIds } : {}), outcome: a.outcome, at: iso(a.at), attempt: a };
      await attempts.put(a.id, doc);
    },
    async list(tenant, filter, page) {
      const { receiver, alertId, outcome } = filter;
      const found = await attempts.page([...equals({ tenant, receiver, alertId, outcome }), ...timeRange('at', filter.since, filter.until)], NEWEST_FIRST, page);
      return { ...found, items: found.items.map((d) => d.attempt) };
    },
    async deadLetter(letter) {
      await letters.put(letter.id, { id: letter.id, tenant: letter.tenant, receiver: letter.receiver, at: iso(letter.at), letter });
    },
    async deadLetters(tenant, filter, page) {
      const found = await letters.page(equals({ tenant, receiver: filter.receiver }), NEWEST_FIRST, page);
      return { ...found, items: found.items.map((d) => d.letter) };
    },
  };
}
