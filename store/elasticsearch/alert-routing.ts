// The API-written routing document as one document of the alert_routing collection; a write
// is a compare-and-set on its revision, enforced with if_seq_no (create for the first one).
import type { AlertRouting } from '../../core/alert-routing.ts';
import type { AlertRoutingState, AlertRoutingStore, RoutingAuthor } from '../alert-routing.types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';

interface RoutingDoc {
  revision: number;
  changedAt: string;
  changedBy: RoutingAuthor;
  routing?: AlertRouting;
}

const ID = 'current';

const toState = (doc: RoutingDoc | undefined): AlertRoutingState => (doc ? { ...doc } : { revision: 0 });

export function createAlertRouting(es: EsContext): AlertRoutingStore {
  const documents = collection<RoutingDoc>(es, 'alert_routing');
  return {
    async read() {
      return toState((await documents.get(ID))?.doc);
    },
    async revision() {
      return (await documents.get(ID))?.doc.revision ?? 0;
    },
    async write(change, expected) {
      const found = await documents.get(ID);
      if ((found?.doc.revision ?? 0) !== expected) return undefined;
      const doc: RoutingDoc = { revision: expected + 1, changedAt: new Date(change.changedAt).toISOString(), changedBy: change.changedBy, ...(change.routing ? { routing: change.routing } : {}) };
      const written = found ? await documents.put(ID, doc, found.version) : await documents.create(ID, doc);
      return written ? toState(doc) : undefined;
    },
  };
}
