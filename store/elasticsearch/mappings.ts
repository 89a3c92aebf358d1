// Index templates and the ILM policy. Runs, changes and raw bodies go to monthly indices
// (`<prefix>-runs-2026.11.01`), the pattern of Chef Automate's converge-history-* and Wazuh 5's
// data streams; node state is one latest-state index (Automate's node-state). Every mapping is
// explicit and `dynamic: strict`: agent facts and report details live in `enabled: false`
// objects, so no agent can grow the mapping.
import type { ElasticsearchStoreConfig } from './config.ts';

/** Bump when a mapping changes incompatibly; start-up refuses a cluster set up for another. */
export const MAPPING_VERSION = 1;

type Mapping = Record<string, unknown>;
const keyword = { type: 'keyword' } as const;
const date = { type: 'date' } as const;
const bool = { type: 'boolean' } as const;
const int = { type: 'integer' } as const;
const long = { type: 'long' } as const;
const text = { type: 'text' } as const;
const opaque = { type: 'object', enabled: false } as const;
const longs = (...names: string[]) => ({ properties: Object.fromEntries(names.map((n) => [n, long])) });

export const TIME_SERIES = ['runs', 'changes', 'raw'] as const;
export type TimeSeries = (typeof TIME_SERIES)[number];

const TIME_SERIES_MAPPINGS: Record<TimeSeries, Mapping> = {
  runs: {
    id: keyword,
    tenant: keyword,
    source: keyword,
    agentRunId: keyword,
    node: keyword,
    environment: keyword,
    status: keyword,
    noop: bool,
    corrective: bool,
    hasChanges: bool,
    startedAt: date,
    endedAt: date,
    receivedAt: date,
    storedAt: date,
    durationMs: { type: 'double' },
    agent: { properties: { name: keyword, version: keyword } },
    configVersion: keyword,
    counts: longs('total', 'changed', 'corrective', 'failed', 'noop', 'skipped', 'unchanged'),
    classified: longs('planned', 'unplanned', 'out_of_window', 'corrective', 'failed', 'noop'),
    changeCount: int,
    // The agent's body size, so that daily rollups are one aggregation over runs.
    ingestBytes: long,
    // Titles, messages and diffs of the run's changes, so `q` on runs is one query.
    changeText: text,
    detail: opaque,
  },
  changes: {
    id: keyword,
    run: keyword,
    ordinal: int,
    tenant: keyword,
    source: keyword,
    node: keyword,
    environment: keyword,
    startedAt: date,
    type: keyword,
    title: { type: 'keyword', ignore_above: 4096, fields: { text } },
    status: keyword,
    path: keyword,
    resourceKey: { type: 'keyword', ignore_above: 8191 },
    desiredChecksum: keyword,
    messages: text,
    diff: text,
    classification: keyword,
    planId: keyword,
    resource: opaque,
  },
  raw: {
    run: keyword,
    tenant: keyword,
    startedAt: date,
    contentType: { type: 'keyword', index: false },
    size: long,
    body: { type: 'binary' },
  },
};

/** Low-volume parts, one index each, read and written through collection.ts. A new part
 *  (alerts, silences, users…) adds its mapping here and nothing else (docs/elasticsearch.md). */
export const COLLECTION_MAPPINGS = {
  nodes: {
    tenant: keyword,
    name: keyword,
    environment: keyword,
    firstSeen: date,
    lastSeen: date,
    lastRun: keyword,
    lastRunAt: date,
    lastStatus: keyword,
    lastSource: keyword,
    lastRunStartedAt: date,
    lastPingAt: date,
    info: opaque,
  },
  plans: { id: keyword, tenant: keyword, state: keyword, createdAt: date, windowUntil: date, version: int, plan: opaque },
  tokens: {
    id: keyword,
    tenant: keyword,
    role: keyword,
    name: keyword,
    prefix: keyword,
    hash: keyword,
    createdAt: date,
    createdBy: keyword,
    revokedAt: date,
    lastUsedAt: date,
  },
  audit: {
    seq: long,
    at: keyword,
    tenant: keyword,
    actor: keyword,
    action: keyword,
    target: keyword,
    sourceIp: keyword,
    outcome: keyword,
    details: opaque,
    prevHash: { type: 'keyword', index: false },
    hash: keyword,
  },
  counters: { tenant: keyword, name: keyword, value: long },
  users: {
    id: keyword,
    tenant: keyword,
    name: keyword,
    role: keyword,
    passwordHash: { type: 'keyword', index: false },
    createdAt: date,
    createdBy: keyword,
    disabledAt: date,
  },
  // Alerts (issue 4): the record itself is stored, not indexed; the fields beside it are filters.
  alerts: {
    id: keyword,
    tenant: keyword,
    dedupKey: keyword,
    state: keyword,
    kind: keyword,
    severity: keyword,
    node: keyword,
    environment: keyword,
    startsAt: date,
    version: int,
    alert: opaque,
  },
  /** One document per (tenant, dedup key): which alert holds the firing slot. */
  firing_alerts: { tenant: keyword, dedupKey: keyword, alertId: keyword },
  silences: { id: keyword, tenant: keyword, startsAt: date, endsAt: date, createdAt: date, version: int, silence: opaque },
  deliveries: { id: keyword, tenant: keyword, receiver: keyword, alertId: keyword, outcome: keyword, at: date, attempt: opaque },
  dead_letters: { id: keyword, tenant: keyword, receiver: keyword, at: date, letter: opaque },
  // Generated-report records: the record as written, beside what listing and retention need.
  reports: { id: keyword, tenant: keyword, state: keyword, createdAt: date, expiresAt: date, record: opaque },
  // The routing document written through the API (issue 4): one document, read by id.
  alert_routing: { revision: long, changedAt: date, changedBy: { properties: { id: keyword, name: keyword } }, routing: opaque },
  // Report schedules created through the API, and ingest requests and bytes per tenant-day.
  report_schedules: { id: keyword, tenant: keyword, version: int, schedule: opaque },
  ingest_usage: { tenant: keyword, day: date, requests: long, rejected: long, bytes: long },
} satisfies Record<string, Mapping>;
export type CollectionName = keyof typeof COLLECTION_MAPPINGS;

export interface IndexNames {
  /** The monthly index a document of this start time belongs to. */
  monthly(kind: TimeSeries, at: string | Date): string;
  /** Every monthly index of a kind, for searches. */
  all(kind: TimeSeries): string;
  collection(name: CollectionName): string;
  template(kind: TimeSeries | CollectionName): string;
  policy: string;
}

export function indexNames(prefix: string): IndexNames {
  return {
    monthly(kind, at) {
      const d = new Date(at);
      // Named after the month's first day so that ILM reads its age from the name.
      return `${prefix}-${kind}-${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.01`;
    },
    all: (kind) => `${prefix}-${kind}-*`,
    collection: (name) => `${prefix}-${name}`,
    template: (kind) => `${prefix}-${kind}`,
    policy: `${prefix}-history`,
  };
}

const META = { managed_by: 'runledger', mapping_version: MAPPING_VERSION };

export interface IndexTemplate {
  name: string;
  body: { index_patterns: string[]; priority: number; version: number; _meta: typeof META; template: { settings: Mapping; mappings: Mapping } };
}

type Sizing = Pick<ElasticsearchStoreConfig, 'shards' | 'replicas'>;

export function indexTemplates(names: IndexNames, sizing: Sizing): IndexTemplate[] {
  const template = (kind: TimeSeries | CollectionName, pattern: string, settings: Mapping, properties: Mapping): IndexTemplate => ({
    name: names.template(kind),
    body: {
      index_patterns: [pattern],
      priority: 500,
      version: MAPPING_VERSION,
      _meta: META,
      template: { settings: { number_of_replicas: sizing.replicas, ...settings }, mappings: { dynamic: 'strict', _meta: META, properties } },
    },
  });
  const timeSeries = TIME_SERIES.map((kind) =>
    template(kind, names.all(kind), {
      number_of_shards: sizing.shards,
      'index.lifecycle.name': names.policy,
      'index.lifecycle.parse_origination_date': true,
    }, TIME_SERIES_MAPPINGS[kind]),
  );
  const collections = (Object.keys(COLLECTION_MAPPINGS) as CollectionName[]).map((name) =>
    template(name, names.collection(name), { number_of_shards: 1 }, COLLECTION_MAPPINGS[name]),
  );
  return [...timeSeries, ...collections];
}

export function lifecyclePolicy(retention: ElasticsearchStoreConfig['retention']) {
  return {
    policy: {
      _meta: META,
      phases: {
        hot: { min_age: '0ms', actions: { set_priority: { priority: 100 } } },
        warm: { min_age: `${retention.hotDays}d`, actions: { readonly: {}, forcemerge: { max_num_segments: 1 }, set_priority: { priority: 50 } } },
        delete: { min_age: `${retention.deleteAfterDays}d`, actions: { delete: {} } },
      },
    },
  };
}
