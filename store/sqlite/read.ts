// Queries for runs, changes and nodes: tenant-scoped, keyset-paginated, newest first.
import type { ClassificationSummary } from '../../core/classification.ts';
import type { Counts, NodeInfo, Resource, RunError } from '../../core/run-report.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { newestFirst, type Row } from './paging.ts';
import type {
  ChangeFilter,
  ChangeRecord,
  NodeFilter,
  NodeRecord,
  Page,
  PageRequest,
  RawBody,
  RunDetail,
  RunFilter,
  RunSummary,
  Store,
} from '../types.ts';
import type { SqliteDatabase } from './database.ts';
import { toFtsQuery } from './search.ts';
import { Where } from './where.ts';


const iso = (ms: unknown): string | undefined => (ms == null ? undefined : new Date(ms as number).toISOString());
const orUndefined = <T>(v: T | null): T | undefined => v ?? undefined;

function ftsMatch(q: string | undefined): string | undefined {
  return q === undefined ? undefined : toFtsQuery(q);
}

export function toRunSummary(row: Row): RunSummary {
  const detail = JSON.parse(row.detail as string) as { agent: RunSummary['agent']; configVersion?: string };
  return {
    id: row.id as string,
    tenant: row.tenant as string,
    source: row.source as RunSummary['source'],
    agentRunId: row.agent_run_id as string,
    node: row.node as string,
    environment: orUndefined(row.environment as string | null),
    status: row.status as RunSummary['status'],
    noop: row.noop === 1,
    corrective: row.corrective === 1,
    startedAt: iso(row.started_at)!,
    endedAt: iso(row.ended_at),
    receivedAt: iso(row.received_at)!,
    storedAt: iso(row.stored_at)!,
    durationMs: orUndefined(row.duration_ms as number | null),
    agent: detail.agent,
    configVersion: detail.configVersion,
    counts: JSON.parse(row.counts as string) as Counts,
    hasChanges: row.has_changes === 1,
    ...(row.classified != null ? { classified: JSON.parse(row.classified as string) as ClassificationSummary } : {}),
  };
}

export function toChangeRecord(row: Row): ChangeRecord {
  const resource = JSON.parse(row.detail as string) as Resource;
  return {
    ...resource,
    ...(row.diff != null ? { diff: row.diff as string } : {}),
    id: row.id as string,
    run: row.run as string,
    ordinal: row.ordinal as number,
    tenant: row.tenant as string,
    source: row.source as ChangeRecord['source'],
    node: row.node as string,
    environment: orUndefined(row.environment as string | null),
    startedAt: iso(row.started_at)!,
  };
}

function toNodeRecord(row: Row): NodeRecord {
  return {
    tenant: row.tenant as string,
    name: row.name as string,
    environment: orUndefined(row.environment as string | null),
    firstSeen: iso(row.first_seen)!,
    lastSeen: iso(row.last_seen)!,
    lastRun: orUndefined(row.last_run as string | null),
    lastRunAt: iso(row.last_run_at),
    lastStatus: orUndefined(row.last_status as NodeRecord['lastStatus'] | null),
    lastSource: orUndefined(row.last_source as NodeRecord['lastSource'] | null),
    lastRunStartedAt: iso(row.last_run_started_at),
    lastPingAt: iso(row.last_ping_at),
    info: JSON.parse(row.info as string) as NodeInfo,
  };
}

export function createReaders(db: SqliteDatabase): Pick<Store, 'runs' | 'changes' | 'nodes'> {
  const getRun = db.prepare('SELECT * FROM runs WHERE tenant = ? AND id = ?');
  const runChanges = db.prepare('SELECT * FROM changes WHERE run = ? ORDER BY ordinal');
  const getRaw = db.prepare('SELECT content_type, size, body FROM raw_reports WHERE tenant = ? AND run = ?');
  const getNode = db.prepare('SELECT * FROM nodes WHERE tenant = ? AND name = ?');

  return {
    runs: {
      async list(tenant: string, filter: RunFilter, page: PageRequest): Promise<Page<RunSummary>> {
        const where = new Where()
          .add('tenant = ?', tenant)
          .addIf(filter.node, 'node = ?')
          .addIf(filter.environment, 'environment = ?')
          .addIf(filter.status, 'status = ?')
          .addIf(filter.source, 'source = ?')
          .addIf(filter.since, 'started_at >= ?', filter.since?.getTime())
          .addIf(filter.until, 'started_at < ?', filter.until?.getTime())
          .addIf(filter.hasChanges, 'has_changes = ?', filter.hasChanges ? 1 : 0);
        const match = ftsMatch(filter.q);
        if (match) {
          where.add(
            'id IN (SELECT c.run FROM changes c WHERE c.tenant = ? AND c.rowid IN (SELECT rowid FROM changes_fts WHERE changes_fts MATCH ?))',
            tenant,
            match,
          );
        }
        return newestFirst(db, { table: 'runs', timeColumn: 'started_at', where }, page, toRunSummary);
      },
      async get(tenant: string, id: string): Promise<RunDetail | undefined> {
        const row = getRun.get(tenant, id) as Row | undefined;
        if (!row) return undefined;
        const detail = JSON.parse(row.detail as string) as { node: NodeInfo; errors: RunError[]; metrics: Record<string, number> };
        return {
          ...toRunSummary(row),
          nodeInfo: detail.node,
          errors: detail.errors,
          metrics: detail.metrics,
          changes: (runChanges.all(id) as Row[]).map(toChangeRecord),
        };
      },
      async raw(tenant: string, id: string): Promise<RawBody | undefined> {
        const row = getRaw.get(tenant, id) as { content_type: string; size: number; body: Buffer } | undefined;
        return row && { contentType: row.content_type, size: row.size, gzipBase64: row.body.toString('base64') };
      },
    },
    changes: {
      async list(tenant: string, filter: ChangeFilter, page: PageRequest): Promise<Page<ChangeRecord>> {
        const where = new Where()
          .add('tenant = ?', tenant)
          .addIf(filter.node, 'node = ?')
          .addIf(filter.environment, 'environment = ?')
          .addIf(filter.source, 'source = ?')
          .addIf(filter.status, 'status = ?')
          .addIf(filter.resourceType, 'resource_type = ?')
          .addIf(filter.run, 'run = ?')
          .addIf(filter.classification, 'classification = ?')
          .addIf(filter.plan, 'plan_id = ?')
          .addIf(filter.since, 'started_at >= ?', filter.since?.getTime())
          .addIf(filter.until, 'started_at < ?', filter.until?.getTime());
        const match = ftsMatch(filter.q);
        if (match) where.add('rowid IN (SELECT rowid FROM changes_fts WHERE changes_fts MATCH ?)', match);
        return newestFirst(db, { table: 'changes', timeColumn: 'started_at', where }, page, toChangeRecord);
      },
    },
    nodes: {
      async list(tenant: string, filter: NodeFilter, page: PageRequest): Promise<Page<NodeRecord>> {
        const where = new Where()
          .add('tenant = ?', tenant)
          .addIf(filter.environment, 'environment = ?')
          .addIf(filter.status, 'last_status = ?')
          .addIf(filter.lastSeenBefore, 'last_seen < ?', filter.lastSeenBefore?.getTime());
        if (filter.q) where.add('name >= ? AND name < ?', filter.q, `${filter.q}\uffff`);
        if (page.cursor) where.add('name > ?', decodeCursor(page.cursor, ['string'] as const)[0]);
        const rows = db
          .prepare(`SELECT * FROM nodes WHERE ${where} ORDER BY name LIMIT ?`)
          .all(...where.params, page.limit + 1) as Row[];
        const items = rows.slice(0, page.limit);
        const last = items.at(-1);
        return {
          items: items.map(toNodeRecord),
          ...(rows.length > page.limit && last ? { nextCursor: encodeCursor([last.name as string]) } : {}),
        };
      },
      async get(tenant: string, name: string): Promise<NodeRecord | undefined> {
        const row = getNode.get(tenant, name) as Row | undefined;
        return row && toNodeRecord(row);
      },
    },
  };
}
