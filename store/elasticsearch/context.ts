// What every part of the Elasticsearch backend shares: the client, the index names and the
// configuration. Also the client factory, which turns the configuration into a connection.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Client } from '@elastic/elasticsearch';

type ClientOptions = ConstructorParameters<typeof Client>[0];
import { type ElasticsearchStoreConfig, readSecret } from './config.ts';
import { type IndexNames, indexNames } from './mappings.ts';

export interface EsContext {
  client: Client;
  names: IndexNames;
  config: ElasticsearchStoreConfig;
}

export function createContext(config: ElasticsearchStoreConfig, client: Client): EsContext {
  return { client, names: indexNames(config.indexPrefix), config };
}

/** `extra` lets tests pass @elastic/elasticsearch-mock's Connection. */
export function createClient(config: ElasticsearchStoreConfig, extra: Partial<ClientOptions> = {}): Client {
  const auth = config.auth
    ? 'apiKey' in config.auth
      ? { apiKey: readSecret(config.auth.apiKey) }
      : { username: config.auth.username, password: readSecret(config.auth.password) }
    : undefined;
  // Loaded on first use: a third of a second of start-up that commands on SQLite need not pay.
  const { Client: ElasticsearchClient } = createRequire(import.meta.url)('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch');
  return new ElasticsearchClient({
    nodes: config.nodes,
    ...(auth ? { auth } : {}),
    ...(config.caFile ? { tls: { ca: readFileSync(config.caFile, 'utf8') } } : {}),
    maxRetries: 3,
    requestTimeout: 30_000,
    ...extra,
  });
}

/** The HTTP status of a failed Elasticsearch call, when it came from the cluster. */
export function statusOf(err: unknown): number | undefined {
  return (err as { meta?: { statusCode?: number } }).meta?.statusCode;
}
