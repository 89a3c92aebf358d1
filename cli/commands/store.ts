// `runledger store migrate`: prepares the configured store. Elasticsearch: creates or updates
// the ILM policy and index templates (run once per upgrade, before starting processes).
// SQLite migrates itself when opened; the command just says so.
import type { Client } from '@elastic/elasticsearch';
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import { createClient, createContext } from '../../store/elasticsearch/context.ts';
import { migrate } from '../../store/elasticsearch/migrate.ts';
import { openStore } from '../../store/index.ts';

/** What was done, in lines for the terminal. `client` lets tests pass an emulated cluster. */
export async function migrateStore(config: Config, client?: Client): Promise<string[]> {
  if (config.store.type === 'sqlite') {
    const store = openStore(config);
    await store.close();
    return ['sqlite: the database schema is current (SQLite migrates itself when opened)'];
  }
  const es = client ?? createClient(config.store);
  try {
    const result = await migrate(createContext(config.store, es));
    return [`elasticsearch: lifecycle policy ${result.policy} installed`, `elasticsearch: index templates ${result.templates.join(', ')} installed`];
  } finally {
    if (!client) await es.close();
  }
}

export function storeCommands(store: Command, config: () => Config): void {
  store
    .command('migrate')
    .description('Create or update what the store needs (Elasticsearch: ILM policy and index templates)')
    .action(async () => {
      for (const line of await migrateStore(config())) console.log(line);
    });
}
