// TEST ONLY: an Elasticsearch store wired to a fresh EsEmulator, migrated like a real
// deployment (`runledger store migrate`) before use.
import { Client } from '@elastic/elasticsearch';
import { ElasticsearchStoreConfig } from '../config.ts';
import { createContext } from '../context.ts';
import { createElasticsearchStore } from '../es.store.ts';
import { migrate } from '../migrate.ts';
import { EsEmulator } from './es-emulator.ts';

export const testConfig = (overrides: Partial<ElasticsearchStoreConfig> = {}) =>
  ElasticsearchStoreConfig.parse({ type: 'elasticsearch', nodes: ['http://localhost:9200'], indexPrefix: 'rl', ...overrides });

export async function emulatedStore(options: { migrated?: boolean; config?: ElasticsearchStoreConfig } = {}) {
  const emulator = new EsEmulator();
  const config = options.config ?? testConfig();
  const client = new Client({ node: config.nodes[0]!, // The mock's Connection is typed against the CommonJS build of the transport.
    Connection: emulator.mock.getConnection() as never, maxRetries: 0 });
  if (options.migrated !== false) await migrate(createContext(config, client));
  emulator.requests.length = 0;
  return { emulator, client, config, store: createElasticsearchStore({ config, client }) };
}
