// Builds canonical runs for tests that need many of them (store, API, processors).
import { gzipSync } from 'node:zlib';
import { runRecordId } from '../../core/ids.ts';
import { countResources, RUN_REPORT_SCHEMA, type Resource, type RunReport } from '../../core/run-report.ts';
import type { IngestedRun } from '../../store/types.ts';

export interface RunSpec {
  tenant?: string;
  node?: string;
  runId?: string;
  environment?: string;
  source?: RunReport['source'];
  status?: RunReport['status'];
  startedAt?: string;
  receivedAt?: string;
  resources?: Partial<Resource>[];
}

let counter = 0;

export function resource(spec: Partial<Resource> = {}): Resource {
  return { type: 'File', title: '/etc/app.conf', status: 'changed', corrective: false, contentChanged: false, changes: [], ...spec };
}

export function buildRun(spec: RunSpec = {}): IngestedRun {
  counter += 1;
  const tenant = spec.tenant ?? 'acme';
  const source = spec.source ?? 'puppet';
  const runId = spec.runId ?? `run-${counter}`;
  const resources = (spec.resources ?? [{}]).map(resource);
  const report: RunReport = {
    schema: RUN_REPORT_SCHEMA,
    tenant,
    source,
    runId,
    agent: { name: source, version: '7.23.0' },
    node: { name: spec.node ?? 'web01', ...(spec.environment ? { environment: spec.environment } : {}), roles: ['App'], tags: [], capacity: {}, facts: {} },
    startedAt: spec.startedAt ?? new Date(Date.UTC(2026, 10, 20, 12, 0, counter)).toISOString(),
    status: spec.status ?? 'success',
    noop: spec.status === 'noop',
    corrective: resources.some((r) => r.corrective),
    counts: { ...countResources(resources), total: resources.length + 3, unchanged: 3 },
    resources,
    errors: spec.status === 'failure' ? [{ message: 'something failed' }] : [],
    metrics: { 'time.total': 1.5 },
  };
  const body = Buffer.from(JSON.stringify(report));
  return {
    id: runRecordId(tenant, source, runId),
    receivedAt: spec.receivedAt ?? report.startedAt,
    report,
    raw: { contentType: 'application/json', size: body.length, gzipBase64: gzipSync(body).toString('base64') },
  };
}
