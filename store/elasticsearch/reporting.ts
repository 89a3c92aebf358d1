// The reporting reads on Elasticsearch. Streams are point-in-time scans, oldest first; daily
// rollups and audit counts are composite aggregations (paged by after_key), so the cluster
// does the grouping; population folds a scan of the period's runs per node, because the
// longest gap between successful runs needs consecutive runs, which no aggregation gives.
import { CLASSIFICATIONS, type ClassificationSummary } from '../../core/classification.ts';
import { type Gap, longestGap, type SuccessSpan } from '../reporting-gap.ts';
import type { DailyRollup, PopulationEntry, ReportingReader, ReportPeriod } from '../reporting.types.ts';
import type { AuditEntry } from '../types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';
import { type ChangeDoc, type RunDoc, toChangeRecord, toRunSummary } from './documents.ts';
import type { NodeDoc } from './node-state.ts';
import { allOf, compositeBuckets, equals, type Query, scanIndex, type Sort, timeRange } from './query.ts';

const DAY = 86_400_000;
const SUCCESS = ['success', 'noop'];
const FAILED = ['failure', 'partial'];
const OLDEST_FIRST: Sort = [
  { field: 'startedAt', order: 'asc', kind: 'number' },
  { field: 'id', order: 'asc', kind: 'string' },
];
const BY_NODE: Sort = [{ field: 'node', order: 'asc', kind: 'string' }, ...OLDEST_FIRST];
const BY_NAME: Sort = [{ field: 'name', order: 'asc', kind: 'string' }];
const BY_SEQ: Sort = [{ field: 'seq', order: 'asc', kind: 'number' }];
/** Run ids per lookup of the nodes' latest metrics (Elasticsearch allows 65,536 terms). */
const IDS_PER_LOOKUP = 10_000;

const iso = (ms: number) => new Date(ms).toISOString();
type Value = { value: number | null };
type RollupAggs = Record<'durationTotal' | 'durationMax' | 'ingestBytes' | (typeof CLASSIFICATIONS)[number], Value> & {
  environment: { buckets: { key: string }[] };
  successes: { doc_count: number };
  failures: { doc_count: number };
};

interface NodeStats extends SuccessSpan {
  runs: number;
  ok: number;
  failed: number;
  delay: number | null;
  inner?: Gap;
}

export function createReporting(es: EsContext): ReportingReader {
  const runs = es.names.all('runs');
  const inPeriod = (tenant: string, period: ReportPeriod, extra: Query[] = []) =>
    allOf([...equals({ tenant }), ...timeRange('startedAt', period.from, period.until), ...extra]);

  /** Per-node counts and gaps, from the period's runs in start order per node. */
  async function runStats(tenant: string, period: ReportPeriod): Promise<Map<string, NodeStats>> {
    const stats = new Map<string, NodeStats>();
    type Seen = Pick<RunDoc, 'node' | 'status' | 'startedAt' | 'endedAt' | 'receivedAt'>;
    for await (const run of scanIndex<Seen>(es, { index: runs, query: inPeriod(tenant, period), sort: BY_NODE, source: ['node', 'status', 'startedAt', 'endedAt', 'receivedAt'] })) {
      const stat = stats.get(run.node) ?? { runs: 0, ok: 0, failed: 0, first_ok: null, last_ok: null, delay: null };
      const started = Date.parse(run.startedAt);
      stat.runs += 1;
      if (FAILED.includes(run.status)) stat.failed += 1;
      if (SUCCESS.includes(run.status)) {
        stat.ok += 1;
        if (stat.last_ok !== null && (!stat.inner || started - stat.last_ok > stat.inner.until - stat.inner.from)) stat.inner = { from: stat.last_ok, until: started };
        stat.first_ok ??= started;
        stat.last_ok = started;
      }
      const delay = Date.parse(run.receivedAt) - Date.parse(run.endedAt ?? run.startedAt);
      stat.delay = Math.max(stat.delay ?? -Infinity, delay);
      stats.set(run.node, stat);
    }
    return stats;
  }

  /** The metrics of each node's latest run, by run id. */
  async function latestMetrics(tenant: string, ids: string[]): Promise<Map<string, Record<string, number>>> {
    const metrics = new Map<string, Record<string, number>>();
    for (let i = 0; i < ids.length; i += IDS_PER_LOOKUP) {
      const query = allOf(equals({ tenant, id: ids.slice(i, i + IDS_PER_LOOKUP) }));
      for await (const run of scanIndex<Pick<RunDoc, 'id' | 'detail'>>(es, { index: runs, query, sort: [OLDEST_FIRST[1]!], source: ['id', 'detail'] })) {
        metrics.set(run.id, run.detail.metrics);
      }
    }
    return metrics;
  }

  return {
    async population(tenant, period) {
      const nodes: NodeDoc[] = [];
      for await (const node of collection<NodeDoc>(es, 'nodes').scan([...equals({ tenant }), ...timeRange('firstSeen', undefined, period.until)], BY_NAME)) nodes.push(node);
      const stats = await runStats(tenant, period);
      const metrics = await latestMetrics(tenant, nodes.flatMap((n) => (n.lastRun ? [n.lastRun] : [])));
      return nodes.map((node): PopulationEntry => {
        const stat = stats.get(node.name);
        return {
          node: node.name,
          ...(node.environment !== undefined ? { environment: node.environment } : {}),
          roles: node.info.roles ?? [],
          tags: node.info.tags ?? [],
          capacity: node.info.capacity ?? {},
          lastMetrics: (node.lastRun && metrics.get(node.lastRun)) || {},
          firstSeen: node.firstSeen,
          lastSeen: node.lastSeen,
          runs: stat?.runs ?? 0,
          successfulRuns: stat?.ok ?? 0,
          failedRuns: stat?.failed ?? 0,
          ...(stat?.last_ok != null ? { lastSuccessAt: iso(stat.last_ok) } : {}),
          longestGap: longestGap(period, Date.parse(node.firstSeen), stat, stat?.inner),
          ...(stat?.delay != null ? { maxReportDelayMs: stat.delay } : {}),
        };
      });
    },
    async *dailyRollups(tenant, period) {
      // Whole UTC days touching the period, as the SQLite rollup table holds them.
      const days = { from: new Date(Math.floor(period.from.getTime() / DAY) * DAY), until: new Date(Math.ceil(period.until.getTime() / DAY) * DAY) };
      const buckets = compositeBuckets<RollupAggs>(es, {
        index: runs,
        query: inPeriod(tenant, days),
        sources: [{ day: { date_histogram: { field: 'startedAt', calendar_interval: '1d' } } }, { node: { terms: { field: 'node' } } }],
        aggs: {
          // The greatest environment of the day, as SQLite's MAX(environment).
          environment: { terms: { field: 'environment', size: 1, order: { _key: 'desc' } } },
          successes: { filter: { terms: { status: SUCCESS } } },
          failures: { filter: { terms: { status: FAILED } } },
          durationTotal: { sum: { field: 'durationMs' } },
          durationMax: { max: { field: 'durationMs' } },
          ingestBytes: { sum: { field: 'ingestBytes' } },
          ...Object.fromEntries(CLASSIFICATIONS.map((c) => [c, { sum: { field: `classified.${c}` } }])),
        },
      });
      for await (const bucket of buckets) {
        const environment = bucket.environment.buckets[0]?.key;
        const rollup: DailyRollup = {
          node: String(bucket.key.node),
          ...(environment !== undefined ? { environment } : {}),
          day: iso(Number(bucket.key.day)).slice(0, 10),
          runs: bucket.doc_count,
          successes: bucket.successes.doc_count,
          failures: bucket.failures.doc_count,
          changes: Object.fromEntries(CLASSIFICATIONS.map((c) => [c, bucket[c].value ?? 0])) as ClassificationSummary,
          durationMsTotal: bucket.durationTotal.value ?? 0,
          durationMsMax: bucket.durationMax.value ?? 0,
          ingestBytes: bucket.ingestBytes.value ?? 0,
        };
        yield rollup;
      }
    },
    async *changes(tenant, period, filter = {}) {
      const query = inPeriod(tenant, period, equals({ classification: filter.classifications }));
      for await (const doc of scanIndex<ChangeDoc>(es, { index: es.names.all('changes'), query, sort: OLDEST_FIRST })) yield toChangeRecord(doc);
    },
    async *runMetrics(tenant, period) {
      type Metric = Pick<RunDoc, 'node' | 'startedAt' | 'durationMs' | 'status' | 'counts'>;
      for await (const run of scanIndex<Metric>(es, { index: runs, query: inPeriod(tenant, period), sort: OLDEST_FIRST, source: ['node', 'startedAt', 'durationMs', 'status', 'counts'] })) {
        yield { node: run.node, startedAt: run.startedAt, ...(run.durationMs !== undefined ? { durationMs: run.durationMs } : {}), failed: FAILED.includes(run.status), resources: run.counts.total };
      }
    },
    async *failedRuns(tenant, period) {
      for await (const run of scanIndex<RunDoc>(es, { index: runs, query: inPeriod(tenant, period, equals({ status: FAILED })), sort: OLDEST_FIRST })) yield toRunSummary(run);
    },
    auditEvents(tenant, period, actions) {
      // `at` is a keyword of normalised ISO times: a range on it compares them as strings, as SQLite does.
      return collection<AuditEntry>(es, 'audit').scan([...equals({ tenant, action: actions }), ...timeRange('at', period.from, period.until)], BY_SEQ);
    },
    async auditCounts(tenant, period) {
      const scope = tenant === undefined ? { must_not: [{ exists: { field: 'tenant' } }] } : {};
      const buckets = compositeBuckets(es, {
        index: es.names.collection('audit'),
        query: allOf([...equals({ tenant }), ...timeRange('at', period.from, period.until)], scope),
        sources: [{ action: { terms: { field: 'action' } } }, { outcome: { terms: { field: 'outcome' } } }],
      });
      const counts = [];
      for await (const bucket of buckets) counts.push({ action: String(bucket.key.action), outcome: bucket.key.outcome as AuditEntry['outcome'], count: bucket.doc_count });
      return counts;
    },
  };
}
