// The `store: { type: elasticsearch }` configuration and how `runledger store migrate` uses it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { migrateStore } from '../../cli/commands/store.ts';
import { ConfigError, loadConfig } from '../../core/config.ts';
import { createServer } from 'node:http';
import pino from 'pino';
import { ElasticsearchStoreConfig, readSecret } from './config.ts';
import { createClient } from './context.ts';
import { EsEmulator } from './testing/es-emulator.ts';

const esStore = (extra: Record<string, unknown> = {}) => ({ store: { type: 'elasticsearch' as const, nodes: ['https://es-1:9200'], ...extra } });

describe('elasticsearch store configuration', () => {
  it('fills in defaults for prefix, sizing, retention and bulk batching', () => {
    expect(loadConfig({ env: {}, overrides: esStore() }).store).toEqual({
      type: 'elasticsearch',
      nodes: ['https://es-1:9200'],
      indexPrefix: 'runledger',
      shards: 1,
      replicas: 1,
      retention: { hotDays: 90, deleteAfterDays: 426 },
      bulk: { flushBytes: 5 * 1024 * 1024, flushIntervalMs: 1000, concurrency: 4, retries: 5 },
    });
  });

  it.each([
    { name: 'no nodes', store: { nodes: [] }, message: /store.nodes: Too small/ },
    { name: 'an upper-case prefix', store: { indexPrefix: 'RunLedger' }, message: /store.indexPrefix: lowercase letters, digits, - and _/ },
    { name: 'a password written in the file', store: { auth: { username: 'rl', password: 'hunter2' } }, message: /store.auth/ },
  ])('refuses $name, naming the key', ({ store, message }) => {
    expect(() => loadConfig({ env: {}, overrides: esStore(store) })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, overrides: esStore(store) })).toThrow(message);
  });

  it('reads secrets from an environment variable or a file, and says which one is missing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rl-secret-')), 'api-key');
    writeFileSync(file, 'a2V5OnNlY3JldA==\n');
    expect(readSecret({ env: 'RL_ES_KEY' }, { RL_ES_KEY: 'from-env' })).toBe('from-env');
    expect(readSecret({ file })).toBe('a2V5OnNlY3JldA==');
    expect(() => readSecret({ env: 'RL_ES_KEY' }, {})).toThrow('Elasticsearch secret: environment variable RL_ES_KEY is not set');
    expect(() => readSecret({ file: '/nonexistent/key' })).toThrow(/Elasticsearch secret: cannot read \/nonexistent\/key/);
  });
});

describe('elasticsearch client', () => {
  it('sends the API key from the environment, and never carries it in an error a log would print', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'security_exception', reason: 'unable to authenticate with provided credentials' }, status: 401 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    process.env.RL_TEST_ES_KEY = 'c2VjcmV0LWtleS1zZWNyZXQ=';
    const config = ElasticsearchStoreConfig.parse({ type: 'elasticsearch', nodes: [`http://127.0.0.1:${port}`], auth: { apiKey: { env: 'RL_TEST_ES_KEY' } } });
    const client = createClient(config, { maxRetries: 0 });
    try {
      const failure = await client.ping({}, { ignore: [] }).then(() => undefined, (err: unknown) => err as Error);
      expect(seen).toEqual(['ApiKey c2VjcmV0LWtleS1zZWNyZXQ=']);
      expect(failure?.name).toBe('ResponseError');
      expect(JSON.stringify(pino.stdSerializers.err(failure!))).not.toContain('c2VjcmV0LWtleS1zZWNyZXQ=');
    } finally {
      delete process.env.RL_TEST_ES_KEY;
      await client.close();
      server.close();
    }
  });
});

describe('runledger store migrate', () => {
  it('installs the lifecycle policy and the index templates on Elasticsearch', async () => {
    const emulator = new EsEmulator();
    const client = new Client({ node: 'http://localhost:9200', Connection: emulator.mock.getConnection() as never });
    const config = loadConfig({ env: {}, overrides: esStore({ indexPrefix: 'fleet' }) });
    expect(await migrateStore(config, client)).toEqual([
      'elasticsearch: lifecycle policy fleet-history installed',
      'elasticsearch: index templates fleet-runs, fleet-changes, fleet-raw, fleet-nodes, fleet-plans, fleet-tokens, fleet-audit, fleet-counters, fleet-users, fleet-alerts, fleet-firing_alerts, fleet-silences, fleet-deliveries, fleet-dead_letters, fleet-reports, fleet-alert_routing, fleet-report_schedules, fleet-ingest_usage installed',
    ]);
    expect([...emulator.policies.keys()]).toEqual(['fleet-history']);
    expect(emulator.templates.size).toBe(18);
  });

  it('says that SQLite needs nothing', async () => {
    const config = loadConfig({ env: {}, overrides: { dataDir: mkdtempSync(join(tmpdir(), 'rl-migrate-')) } });
    expect(await migrateStore(config)).toEqual(['sqlite: the database schema is current (SQLite migrates itself when opened)']);
  });
});
