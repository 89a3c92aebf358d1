// How runs, changes, raw bodies and node state look as Elasticsearch documents, and back.
// Times are normalised ISO strings; whatever is only shown, never searched, sits in
// `enabled: false` objects (detail, resource, info).
import { summarize } from '../../core/classification.ts';
import { type NodeInfo, type Resource, type RunError, resourceKey } from '../../core/run-report.ts';
import { changeOwner, isApplied, searchableMessages } from '../change-text.ts';
import type { ChangeRecord, IngestedRun, RawBody, RunDetail, RunSummary } from '../types.ts';

const iso = (at: string) => new Date(at).toISOString();

export interface RunDoc extends RunSummary {
  changeCount: number;
  ingestBytes: number;
  changeText: string[];
  detail: { nodeInfo: NodeInfo; errors: RunError[]; metrics: Record<string, number> };
}

export interface ChangeDoc {
  id: string;
  run: string;
  ordinal: number;
  tenant: string;
  source: ChangeRecord['source'];
  node: string;
  environment?: string;
  startedAt: string;
  type: string;
  title: string;
  status: Resource['status'];
  path?: string;
  resourceKey: string;
  desiredChecksum?: string;
  messages: string;
  diff?: string;
  classification?: string;
  planId?: string;
  /** The resource without its diff (kept once, in `diff`), with its classification. */
  resource: Omit<ChangeRecord, 'diff' | 'id' | 'run' | 'ordinal' | 'tenant' | 'source' | 'node' | 'environment' | 'startedAt'>;
}

export interface RawDoc extends Omit<RawBody, 'gzipBase64'> {
  run: string;
  tenant: string;
  startedAt: string;
  body: string;
}

export function changeDocs(run: IngestedRun): ChangeDoc[] {
  const { report } = run;
  return report.resources.map((resource, ordinal) => {
    const { diff, ...rest } = resource;
    const classification = run.classifications?.[ordinal];
    return {
      ...changeOwner(run, ordinal),
      ...(report.node.environment !== undefined ? { environment: report.node.environment } : {}),
      startedAt: iso(report.startedAt),
      type: resource.type,
      title: resource.title,
      status: resource.status,
      ...(resource.path !== undefined ? { path: resource.path } : {}),
      resourceKey: resourceKey(resource),
      // Only what the node was meant to have after a real change counts as history.
      ...(isApplied(resource) && resource.desiredChecksum ? { desiredChecksum: resource.desiredChecksum } : {}),
      messages: searchableMessages(resource),
      ...(diff !== undefined ? { diff } : {}),
      ...(classification ? { classification: classification.classification, ...(classification.plan ? { planId: classification.plan.id } : {}) } : {}),
      resource: classification ? { ...rest, classification } : rest,
    };
  });
}

export function runDoc(run: IngestedRun, changes: readonly ChangeDoc[], storedAt: string): RunDoc {
  const { report } = run;
  return {
    id: run.id,
    tenant: report.tenant,
    source: report.source,
    agentRunId: report.runId,
    node: report.node.name,
    ...(report.node.environment !== undefined ? { environment: report.node.environment } : {}),
    status: report.status,
    noop: report.noop,
    corrective: report.corrective,
    startedAt: iso(report.startedAt),
    ...(report.endedAt ? { endedAt: iso(report.endedAt) } : {}),
    receivedAt: iso(run.receivedAt),
    storedAt,
    ...(report.durationMs !== undefined ? { durationMs: report.durationMs } : {}),
    agent: report.agent,
    ...(report.configVersion !== undefined ? { configVersion: report.configVersion } : {}),
    counts: report.counts,
    hasChanges: report.resources.some(isApplied),
    ...(run.classifications ? { classified: summarize(run.classifications) } : {}),
    changeCount: changes.length,
    ingestBytes: run.raw.size,
    changeText: changes.flatMap((c) => [c.title, c.messages, ...(c.diff !== undefined ? [c.diff] : [])]),
    detail: { nodeInfo: report.node, errors: report.errors, metrics: report.metrics },
  };
}

export function rawDoc(run: IngestedRun): RawDoc {
  return { run: run.id, tenant: run.report.tenant, startedAt: iso(run.report.startedAt), contentType: run.raw.contentType, size: run.raw.size, body: run.raw.gzipBase64 };
}

export function toRunSummary(doc: RunDoc): RunSummary {
  const { changeCount, ingestBytes, changeText, detail, ...summary } = doc;
  return summary;
}

export function toRunDetail(doc: RunDoc, changes: ChangeRecord[]): RunDetail {
  return { ...toRunSummary(doc), nodeInfo: doc.detail.nodeInfo, errors: doc.detail.errors, metrics: doc.detail.metrics, changes };
}

export function toChangeRecord(doc: ChangeDoc): ChangeRecord {
  return {
    ...doc.resource,
    ...(doc.diff !== undefined ? { diff: doc.diff } : {}),
    id: doc.id,
    run: doc.run,
    ordinal: doc.ordinal,
    tenant: doc.tenant,
    source: doc.source,
    node: doc.node,
    ...(doc.environment !== undefined ? { environment: doc.environment } : {}),
    startedAt: doc.startedAt,
  } as ChangeRecord;
}

export const toRawBody = (doc: RawDoc): RawBody => ({ contentType: doc.contentType, size: doc.size, gzipBase64: doc.body });


