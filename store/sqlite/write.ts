// Writes one batch of ingested runs and node events in a single transaction. Rewriting a
// run replaces it (changes, search index and raw body included); node state only moves forward.
import { type ClassificationSummary, summarize } from '../../core/classification.ts';
import { changeOwner, isApplied, searchableMessages } from '../change-text.ts';
import type { IngestedRun, NodeEvent, WriteBatch } from '../types.ts';
import type { SqliteDatabase } from './database.ts';
import { createRollupMaintainer, DAY, nodeDayKeys } from './rollups.ts';

export function createWriter(db: SqliteDatabase): (batch: WriteBatch) => void {
  const existing = db.prepare('SELECT node, started_at FROM runs WHERE id = ?');
  const deleteChanges = db.prepare('DELETE FROM changes WHERE run = ?');
  const indexChanges = db.prepare(
    'INSERT INTO changes_fts (rowid, title, messages, diff) SELECT rowid, title, messages, diff FROM changes WHERE rowid IN (SELECT value FROM json_each(?))',
  );
  const upsertRun = db.prepare(`
    INSERT OR REPLACE INTO runs (id, tenant, source, agent_run_id, node, environment, status, noop, corrective, has_changes,
      started_at, ended_at, received_at, stored_at, duration_ms, counts, detail, classified)
    VALUES (@id, @tenant, @source, @agentRunId, @node, @environment, @status, @noop, @corrective, @hasChanges,
      @startedAt, @endedAt, @receivedAt, @storedAt, @durationMs, @counts, @detail, @classified)`);
  const insertChange = db.prepare(`
    INSERT INTO changes (id, run, ordinal, tenant, source, node, environment, started_at, resource_type, title, status, path,
      messages, diff, detail, classification, plan_id, desired_checksum)
    VALUES (@id, @run, @ordinal, @tenant, @source, @node, @environment, @startedAt, @type, @title, @status, @path,
      @messages, @diff, @detail, @classification, @planId, @desiredChecksum)`);
  const upsertRaw = db.prepare(
    'INSERT OR REPLACE INTO raw_reports (run, tenant, content_type, size, body) VALUES (?, ?, ?, ?, ?)',
  );
  const seeNode = db.prepare(`
    INSERT INTO nodes (tenant, name, environment, first_seen, last_seen, info)
    VALUES (@tenant, @name, @environment, @seen, @seen, @info)
    ON CONFLICT (tenant, name) DO UPDATE SET
      first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`);
  const advanceNode = db.prepare(`
    UPDATE nodes SET environment = @environment, last_run = @run, last_run_at = @runAt, last_status = @status,
      last_source = @source, info = @info
    WHERE tenant = @tenant AND name = @name
      -- Two runs starting in the same millisecond: the greater id wins, whatever the arrival order.
      AND (last_run_at IS NULL OR last_run_at < @runAt OR (last_run_at = @runAt AND last_run <= @run))`);
  const nodeRunStart = db.prepare(
    'UPDATE nodes SET last_run_started_at = max(coalesce(last_run_started_at, 0), @at) WHERE tenant = @tenant AND name = @name',
  );
  const rollups = createRollupMaintainer(db);
  /** Node-days the current batch must recompute: out-of-order runs, rewrites and what they moved from. */
  let touched: { tenant: string; node: string; startedAt: number }[] = [];
  const nodePing = db.prepare(
    'UPDATE nodes SET last_ping_at = max(coalesce(last_ping_at, 0), @at) WHERE tenant = @tenant AND name = @name',
  );

  /** Writes one run; returns the rowids of its changes, for the search index. */
  function writeRun(run: IngestedRun, storedAt: number): number[] {
    const { report } = run;
    const startedAt = Date.parse(report.startedAt);
    const receivedAt = Date.parse(run.receivedAt);
    const environment = report.node.environment ?? null;
    const previous = existing.get(run.id) as { node: string; started_at: number } | undefined;
    // One summary per run: stored with the run and added to its node-day.
    const classified = run.classifications ? summarize(run.classifications) : undefined;
    if (previous) {
      touched.push({ tenant: report.tenant, node: report.node.name, startedAt }, { tenant: report.tenant, node: previous.node, startedAt: previous.started_at });
      deleteChanges.run(run.id);
    }
    upsertRun.run({
      id: run.id,
      tenant: report.tenant,
      source: report.source,
      agentRunId: report.runId,
      node: report.node.name,
      environment,
      status: report.status,
      noop: report.noop ? 1 : 0,
      corrective: report.corrective ? 1 : 0,
      hasChanges: report.resources.some(isApplied) ? 1 : 0,
      startedAt,
      endedAt: report.endedAt ? Date.parse(report.endedAt) : null,
      receivedAt,
      storedAt,
      durationMs: report.durationMs ?? null,
      counts: JSON.stringify(report.counts),
      detail: JSON.stringify({
        agent: report.agent,
        configVersion: report.configVersion,
        node: report.node,
        errors: report.errors,
        metrics: report.metrics,
      }),
      classified: classified ? JSON.stringify(classified) : null,
    });
    const rowids = report.resources.map((resource, ordinal) => {
      const { diff, ...rest } = resource;
      const classification = run.classifications?.[ordinal];
      return insertChange.run({
        ...changeOwner(run, ordinal),
        environment,
        startedAt,
        type: resource.type,
        title: resource.title,
        status: resource.status,
        path: resource.path ?? null,
        messages: searchableMessages(resource),
        diff: diff ?? null,
        detail: JSON.stringify(classification ? { ...rest, classification } : rest),
        classification: classification?.classification ?? null,
        planId: classification?.plan?.id ?? null,
        // What the next run's rewrite of this file is compared with (history.ts).
        desiredChecksum: (isApplied(resource) && resource.desiredChecksum) || null,
      }).lastInsertRowid as number;
    });
    upsertRaw.run(run.id, report.tenant, run.raw.contentType, run.raw.size, Buffer.from(run.raw.gzipBase64, 'base64'));
    if (!previous) appendToRollup(run, { startedAt, receivedAt, environment, classified });
    const node = { tenant: report.tenant, name: report.node.name, environment, info: JSON.stringify(report.node) };
    seeNode.run({ ...node, seen: receivedAt });
    advanceNode.run({ ...node, run: run.id, runAt: startedAt, status: report.status, source: report.source });
    return rowids;
  }

  function appendToRollup(run: IngestedRun, at: { startedAt: number; receivedAt: number; environment: string | null; classified: ClassificationSummary | undefined }): void {
    const { startedAt, receivedAt, environment, classified } = at;
    const { report } = run;
    const added = rollups.append({
      tenant: report.tenant,
      node: report.node.name,
      day: Math.floor(startedAt / DAY),
      startedAt,
      environment,
      ok: report.status === 'success' || report.status === 'noop',
      failed: report.status === 'failure' || report.status === 'partial',
      classified,
      durationMs: report.durationMs ?? 0,
      ingestBytes: run.raw.size,
      delayMs: receivedAt - Date.parse(report.endedAt ?? report.startedAt),
    });
    if (!added) touched.push({ tenant: report.tenant, node: report.node.name, startedAt });
  }

  function writeNodeEvent(event: NodeEvent): void {
    const at = Date.parse(event.at);
    const info = JSON.stringify({ name: event.node, roles: [], tags: [], capacity: {}, facts: {} });
    seeNode.run({ tenant: event.tenant, name: event.node, environment: null, seen: at, info });
    (event.kind === 'ping' ? nodePing : nodeRunStart).run({ tenant: event.tenant, name: event.node, at });
  }

  const writeBatch = db.transaction((batch: WriteBatch, storedAt: number) => {
    // The same run twice in one batch: only the last copy counts. (Its first copy's changes
    // would be deleted before the search index ever saw them.)
    const runs = [...new Map(batch.runs.map((run) => [run.id, run])).values()];
    touched = [];
    const inserted = runs.flatMap((run) => writeRun(run, storedAt));
    for (const event of batch.nodeEvents) writeNodeEvent(event);
    if (inserted.length > 0) indexChanges.run(JSON.stringify(inserted));
    rollups.recompute(nodeDayKeys(touched));
  });
  return (batch) => writeBatch.immediate(batch, Date.now());
}
