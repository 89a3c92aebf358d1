// Picks the Store backend the configuration names.
import { type Config, sqlitePath } from '../core/config.ts';
import { createElasticsearchStore } from './elasticsearch/es.store.ts';
import { createSqliteStore } from './sqlite/sqlite.store.ts';
import type { Store } from './types.ts';

export type { Store } from './types.ts';

export function openStore(config: Config): Store {
  switch (config.store.type) {
    case 'sqlite':
      return createSqliteStore({ path: sqlitePath(config) });
    case 'elasticsearch':
      return createElasticsearchStore({ config: config.store });
  }
}
