// The exact requests the Elasticsearch backend sends, as Elasticsearch 8/9 document them:
// templates and mappings, the ILM policy, bulk NDJSON, searches and delete_by_query; and what
// it does when the cluster refuses: 429s are retried, other item errors fail the write.
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../test/helpers/run-builder.ts';
import { BulkWriteError } from './bulk.ts';
import { createContext } from './context.ts';
import { createElasticsearchStore } from './es.store.ts';
import { IncompatibleMappingError, migrate } from './migrate.ts';
import { compositeBuckets } from './query.ts';
import { emulatedStore, testConfig } from './testing/emulated-store.ts';
import type { EsEmulator } from './testing/es-emulator.ts';

const requests = (emulator: EsEmulator, method: string, path: string) =>
  emulator.requests.filter((r) => r.method === method && r.path === path);

describe('elasticsearch store: set-up', () => {
  it('migrate installs the ILM policy with the configured retention', async () => {
    const { emulator } = await emulatedStore({ config: testConfig({ retention: { hotDays: 30, deleteAfterDays: 400 } }) });
    expect(emulator.policies.get('rl-history')).toEqual({
      policy: {
        _meta: { managed_by: 'runledger', mapping_version: 1 },
        phases: {
          hot: { min_age: '0ms', actions: { set_priority: { priority: 100 } } },
          warm: { min_age: '30d', actions: { readonly: {}, forcemerge: { max_num_segments: 1 }, set_priority: { priority: 50 } } },
          delete: { min_age: '400d', actions: { delete: {} } },
        },
      },
    });
  });

  it('migrate installs monthly index templates with strict, explicit mappings', async () => {
    const { emulator } = await emulatedStore({ config: testConfig({ shards: 3, replicas: 2 }) });
    expect([...emulator.templates.keys()].sort()).toEqual([
      'rl-alert_routing',
      'rl-alerts',
      'rl-audit',
      'rl-changes',
      'rl-counters',
      'rl-dead_letters',
      'rl-deliveries',
      'rl-firing_alerts',
      'rl-ingest_usage',
      'rl-nodes',
      'rl-plans',
      'rl-raw',
      'rl-report_schedules',
      'rl-reports',
      'rl-runs',
      'rl-silences',
      'rl-tokens',
      'rl-users',
    ]);
    const changes = emulator.templates.get('rl-changes');
    expect(changes).toMatchObject({
      index_patterns: ['rl-changes-*'],
      priority: 500,
      version: 1,
      template: {
        settings: { number_of_shards: 3, number_of_replicas: 2, 'index.lifecycle.name': 'rl-history', 'index.lifecycle.parse_origination_date': true },
        mappings: { dynamic: 'strict', _meta: { managed_by: 'runledger', mapping_version: 1 } },
      },
    });
    const props = changes.template.mappings.properties;
    expect(props.diff).toEqual({ type: 'text' });
    expect(props.title).toEqual({ type: 'keyword', ignore_above: 4096, fields: { text: { type: 'text' } } });
    expect(props.status).toEqual({ type: 'keyword' });
    expect(props.startedAt).toEqual({ type: 'date' });
    expect(props.resource).toEqual({ type: 'object', enabled: false });
    // Agent facts never reach the mapping: node info is stored, not indexed.
    expect(emulator.templates.get('rl-nodes').template.mappings.properties.info).toEqual({ type: 'object', enabled: false });
    expect(emulator.templates.get('rl-runs').template.mappings.properties.detail).toEqual({ type: 'object', enabled: false });
    expect(emulator.templates.get('rl-nodes').template.settings).toEqual({ number_of_replicas: 2, number_of_shards: 1 });
  });

  it.each([
    { name: 'no templates at all', prepare: async () => {}, message: /no RunLedger index templates for rl-runs, .*: run `runledger store migrate` once before starting/ },
    {
      name: 'templates of an older mapping version',
      prepare: async (emulator: { templates: Map<string, any> }) => {
        for (const t of emulator.templates.values()) t._meta.mapping_version = 0;
      },
      message: /mapping version rl-runs: 0, .*this RunLedger writes version 1: run `runledger store migrate` to update them. Nothing was written./,
    },
    {
      name: 'templates of a newer RunLedger',
      prepare: async (emulator: { templates: Map<string, any> }) => {
        for (const t of emulator.templates.values()) t._meta.mapping_version = 2;
      },
      message: /set up by a newer RunLedger; upgrade this one/,
    },
  ])('refuses to write with $name, and writes nothing', async ({ name, prepare, message }) => {
    const { emulator, store } = await emulatedStore({ migrated: name !== 'no templates at all' });
    await prepare(emulator);
    await expect(store.write({ runs: [buildRun()], nodeEvents: [] })).rejects.toThrow(IncompatibleMappingError);
    await expect(store.write({ runs: [buildRun()], nodeEvents: [] })).rejects.toThrow(message);
    expect(requests(emulator, 'POST', '/_bulk')).toEqual([]);
  });

  it('writes once migrate has run after a refused start', async () => {
    const { emulator, client, config, store } = await emulatedStore({ migrated: false });
    await expect(store.ping()).rejects.toThrow(IncompatibleMappingError);
    await migrate(createContext(config, client));
    await store.write({ runs: [buildRun()], nodeEvents: [] });
    expect(emulator.documents('rl-runs-*')).toHaveLength(1);
  });
});

describe('elasticsearch store: writes', () => {
  const run = () =>
    buildRun({ node: 'web01', environment: 'prod', startedAt: '2026-11-20T12:00:00.000Z', resources: [{ title: '/etc/app.conf', diff: '+x\n' }] });

  it('sends one bulk request: run, changes and raw body to the monthly indices, node state created', async () => {
    const { emulator, store } = await emulatedStore();
    const written = run();
    await store.write({ runs: [written], nodeEvents: [] });
    const [bulk] = requests(emulator, 'POST', '/_bulk');
    expect(bulk!.querystring).toEqual({ refresh: 'wait_for' });
    const lines = bulk!.body as Record<string, any>[];
    expect(lines.filter((_, i) => i % 2 === 0)).toEqual([
      { index: { _index: 'rl-runs-2026.11.01', _id: written.id } },
      { index: { _index: 'rl-changes-2026.11.01', _id: expect.stringMatching(/^c_/) } },
      { index: { _index: 'rl-raw-2026.11.01', _id: written.id } },
      { create: { _index: 'rl-nodes', _id: expect.any(String) } },
    ]);
    expect(lines[1]).toMatchObject({ id: written.id, tenant: 'acme', node: 'web01', startedAt: '2026-11-20T12:00:00.000Z', changeCount: 1, changeText: ['/etc/app.conf', '', '+x\n'] });
    expect(lines[3]).toMatchObject({ run: written.id, ordinal: 0, type: 'File', title: '/etc/app.conf', resourceKey: 'File[/etc/app.conf]', diff: '+x\n' });
    expect(Object.keys(lines[3]!.resource)).toEqual(['type', 'title', 'status', 'corrective', 'contentChanged', 'changes']);
    expect(lines[5]).toEqual({ run: written.id, tenant: 'acme', startedAt: '2026-11-20T12:00:00.000Z', contentType: 'application/json', size: written.raw.size, body: written.raw.gzipBase64 });
    expect(lines[7]).toMatchObject({ tenant: 'acme', name: 'web01', lastRun: written.id, lastStatus: 'success' });
  });

  it('updates an existing node only if nobody changed it since it was read (if_seq_no)', async () => {
    const { emulator, store } = await emulatedStore();
    await store.write({ runs: [run()], nodeEvents: [] });
    await store.write({ runs: [run()], nodeEvents: [] });
    const second = requests(emulator, 'POST', '/_bulk')[1]!.body as Record<string, any>[];
    expect(second.at(-2)).toEqual({ index: { _index: 'rl-nodes', _id: expect.any(String), if_seq_no: 0, if_primary_term: 1 } });
  });

  it('retries documents the cluster rejected with 429, and stores them', async () => {
    const { emulator, store } = await emulatedStore();
    const written = run();
    emulator.failBulkItems((action, index) => (index.startsWith('rl-runs-') ? { status: 429, type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' } : undefined));
    await store.write({ runs: [written], nodeEvents: [] });
    const bulks = requests(emulator, 'POST', '/_bulk');
    expect(bulks).toHaveLength(2);
    expect(bulks[1]!.body).toEqual([{ index: { _index: 'rl-runs-2026.11.01', _id: written.id } }, expect.objectContaining({ id: written.id })]);
    expect((await store.runs.get('acme', written.id))?.id).toBe(written.id);
  });

  it('fails the whole write when any document is refused, naming it, so that the queue job retries', async () => {
    const { emulator, store } = await emulatedStore();
    emulator.failBulkItems((action, index) => (index.startsWith('rl-changes-') ? { status: 400, type: 'mapper_parsing_exception', reason: 'failed to parse field [diff]' } : undefined));
    const written = run();
    const failure = store.write({ runs: [written], nodeEvents: [] });
    await expect(failure).rejects.toThrow(BulkWriteError);
    await expect(failure).rejects.toThrow(/refused 1 document\(s\); first: index rl-changes-2026.11.01\/c_.*: 400 mapper_parsing_exception failed to parse field \[diff\]/);
  });

  it('folds node state again when another writer updated the node in between', async () => {
    const { emulator, store, client, config } = await emulatedStore();
    const other = createElasticsearchStore({ config, client });
    const runs = Array.from({ length: 6 }, (_, i) => buildRun({ node: 'busy', startedAt: `2026-11-20T12:00:0${i}.000Z` }));
    await Promise.all(runs.map((r, i) => (i % 2 ? store : other).write({ runs: [r], nodeEvents: [] })));
    expect(await store.nodes.get('acme', 'busy')).toMatchObject({ lastRun: runs[5]!.id, firstSeen: '2026-11-20T12:00:00.000Z', lastSeen: '2026-11-20T12:00:05.000Z' });
    const conflicts = requests(emulator, 'POST', '/_bulk').filter((r) => (r.body as Record<string, any>[]).length === 2 && 'index' in (r.body as any)[0]);
    expect(conflicts.length).toBeGreaterThan(0);
  });

  it('keeps one unbroken audit chain with several writers appending at once', async () => {
    const { store, client, config } = await emulatedStore();
    const other = createElasticsearchStore({ config, client });
    const entries = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).audit.append({ actor: `a${i}`, action: 'x', outcome: 'success' })));
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await store.audit.verify()).toMatchObject({ ok: true, checked: 8 });
  });
});

describe('elasticsearch store: reads', () => {
  it('lists runs with tenant, term and range filters, newest first, search_after from the cursor', async () => {
    const { emulator, store } = await emulatedStore();
    await store.write({ runs: [buildRun({ startedAt: '2026-11-01T00:00:00.000Z' }), buildRun({ startedAt: '2026-11-02T00:00:00.000Z' })], nodeEvents: [] });
    emulator.requests.length = 0;
    const first = await store.runs.list('acme', { node: 'web01', status: 'success', since: new Date('2026-10-01T00:00:00Z'), until: new Date('2026-12-01T00:00:00Z') }, { limit: 1 });
    await store.runs.list('acme', { q: 'nginx' }, { limit: 1, cursor: first.nextCursor! });
    const [page1, page2] = emulator.requests;
    expect(page1).toMatchObject({ method: 'POST', path: '/rl-runs-*/_search', querystring: { ignore_unavailable: 'true', allow_no_indices: 'true' } });
    expect(page1!.body).toEqual({
      query: {
        bool: {
          filter: [
            { term: { tenant: 'acme' } },
            { term: { node: 'web01' } },
            { term: { status: 'success' } },
            { range: { startedAt: { gte: '2026-10-01T00:00:00.000Z', lt: '2026-12-01T00:00:00.000Z' } } },
          ],
        },
      },
      sort: [{ startedAt: { order: 'desc' } }, { id: { order: 'desc' } }],
      size: 2,
      track_total_hits: false,
    });
    expect(page2!.body).toMatchObject({
      query: { bool: { filter: [{ term: { tenant: 'acme' } }], must: [{ bool: { must: [{ multi_match: { query: 'nginx', fields: ['changeText'], type: 'phrase' } }] } }] } },
      search_after: [Date.parse('2026-11-02T00:00:00.000Z'), first.items[0]!.id],
    });
  });

  it('verifies the audit chain on a point-in-time, closing it afterwards', async () => {
    const { emulator, store } = await emulatedStore();
    await store.audit.append({ actor: 'a', action: 'x', outcome: 'success' });
    emulator.requests.length = 0;
    await store.audit.verify();
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rl-audit/_pit', 'POST /_search', 'DELETE /_pit']);
    expect(emulator.requests[1]!.body).toMatchObject({ pit: { keep_alive: '1m' }, sort: [{ seq: { order: 'asc' } }], size: 1000 });
  });

  it('rolls runs up per UTC day and node with one composite aggregation over the tenant runs', async () => {
    const { emulator, store } = await emulatedStore();
    await store.write({ runs: [buildRun({ startedAt: '2026-11-02T05:00:00.000Z' }), buildRun({ startedAt: '2026-11-02T07:00:00.000Z', status: 'failure' })], nodeEvents: [] });
    emulator.requests.length = 0;
    const period = { from: new Date('2026-11-01T12:00:00Z'), until: new Date('2026-11-03T00:00:00Z') };
    const rollups = [];
    for await (const rollup of store.reporting.dailyRollups('acme', period)) rollups.push(rollup);
    expect(rollups.map((r) => [r.day, r.node, r.runs, r.successes, r.failures])).toEqual([['2026-11-02', 'web01', 2, 1, 1]]);
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rl-runs-*/_search']);
    const sum = (field: string) => ({ sum: { field } });
    expect(emulator.requests[0]!.body).toEqual({
      size: 0,
      // Whole UTC days touching the period.
      query: { bool: { filter: [{ term: { tenant: 'acme' } }, { range: { startedAt: { gte: '2026-11-01T00:00:00.000Z', lt: '2026-11-03T00:00:00.000Z' } } }] } },
      aggs: {
        groups: {
          composite: { size: 1000, sources: [{ day: { date_histogram: { field: 'startedAt', calendar_interval: '1d' } } }, { node: { terms: { field: 'node' } } }] },
          aggs: {
            environment: { terms: { field: 'environment', size: 1, order: { _key: 'desc' } } },
            successes: { filter: { terms: { status: ['success', 'noop'] } } },
            failures: { filter: { terms: { status: ['failure', 'partial'] } } },
            durationTotal: sum('durationMs'),
            durationMax: { max: { field: 'durationMs' } },
            ingestBytes: sum('ingestBytes'),
            ...Object.fromEntries(['planned', 'unplanned', 'out_of_window', 'corrective', 'failed', 'noop'].map((c) => [c, sum(`classified.${c}`)])),
          },
        },
      },
      track_total_hits: false,
    });
  });

  it('pages a composite aggregation by sending each page after_key back as after', async () => {
    const { emulator, store, client, config } = await emulatedStore();
    for (const action of ['b.two', 'a.one', 'c.three']) await store.audit.append({ tenant: 'acme', actor: 'x', action, outcome: 'success', at: '2026-11-02T00:00:00.000Z' });
    emulator.requests.length = 0;
    const pages = compositeBuckets(createContext(config, client), { index: 'rl-audit', query: { match_all: {} }, sources: [{ action: { terms: { field: 'action' } } }], size: 2 });
    const keys = [];
    for await (const bucket of pages) keys.push([bucket.key.action, bucket.doc_count]);
    expect(keys).toEqual([['a.one', 1], ['b.two', 1], ['c.three', 1]]);
    expect(emulator.requests.map((r) => (r.body as { aggs: { groups: { composite: { after?: unknown } } } }).aggs.groups.composite.after)).toEqual([undefined, { action: 'b.two' }]);
  });

  it('purges with delete_by_query on every monthly index kind', async () => {
    const { emulator, store } = await emulatedStore();
    await store.purgeRunsBefore(new Date('2026-01-01T00:00:00Z'));
    expect(emulator.requests.map((r) => r.path)).toEqual(['/rl-changes-*/_delete_by_query', '/rl-raw-*/_delete_by_query', '/rl-runs-*/_delete_by_query']);
    expect(emulator.requests[0]).toMatchObject({
      querystring: { conflicts: 'proceed', refresh: 'true', allow_no_indices: 'true', ignore_unavailable: 'true' },
      body: { query: { range: { startedAt: { lt: '2026-01-01T00:00:00.000Z' } } } },
    });
  });
});
