// Silences in the silences collection: created once by id, changed only over the version
// read (as on SQLite), listed newest first by creation, optionally only those active at a time.
import type { SilenceRecord, SilencesStore } from '../alerts.types.ts';
import { collection, putNextVersion } from './collection.ts';
import type { EsContext } from './context.ts';
import { equals, newestFirst, type Query } from './query.ts';

interface SilenceDoc {
  id: string;
  tenant: string;
  startsAt: string;
  endsAt: string;
  createdAt: string;
  version: number;
  silence: SilenceRecord;
}

const NEWEST_FIRST = newestFirst('createdAt');

const iso = (at: string) => new Date(at).toISOString();
const toDoc = (s: SilenceRecord): SilenceDoc => ({ id: s.id, tenant: s.tenant, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), createdAt: iso(s.createdAt), version: s.version, silence: s });

/** The window contains `at`: it started at or before it and ends after it. */
const activeAt = (at: Date): Query[] => [{ range: { startsAt: { lte: at.toISOString() } } }, { range: { endsAt: { gt: at.toISOString() } } }];

export function createSilences(es: EsContext): SilencesStore {
  const silences = collection<SilenceDoc>(es, 'silences');
  return {
    async create(silence) {
      if (!(await silences.create(silence.id, toDoc(silence)))) throw new Error(`silence ${silence.id} already exists`);
    },
    async get(tenant, id) {
      const found = await silences.get(id);
      return found?.doc.tenant === tenant ? found.doc.silence : undefined;
    },
    async put(silence) {
      return putNextVersion(silences, silence.id, toDoc(silence));
    },
    async list(tenant, filter, page) {
      const found = await silences.page([...equals({ tenant }), ...(filter.activeAt ? activeAt(filter.activeAt) : [])], NEWEST_FIRST, page);
      return { ...found, items: found.items.map((d) => d.silence) };
    },
  };
}
