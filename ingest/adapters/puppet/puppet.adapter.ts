// Puppet report → RunReport. Puppet's events carry checksums only; the unified diff of a
// file (with show_diff on) arrives as a separate notice log whose source names the resource.
import type { Counts, PropertyChange, PropertyValue, Resource, RunError, RunReport } from '../../../core/run-report.ts';
import { isListed, RUN_REPORT_SCHEMA } from '../../../core/run-report.ts';
import { addMs, toIsoTime } from '../../../core/time.ts';
import { IngestError } from '../../errors.ts';
import type { Adapter, AdapterContext } from '../types.ts';
import { PuppetReport, type PuppetEvent, type PuppetLog, type PuppetResourceStatus } from './puppet.wire.ts';

const ERROR_LEVELS = new Set(['err', 'crit', 'alert', 'emerg']);
const CHECKSUM = /^\{(md5|sha1|sha224|sha256|sha384|sha512|mtime|ctime|md5lite|sha256lite|none)\}/;
const DEFINED_CONTENT = /defined content as '([^']+)'/;

export const puppetAdapter: Adapter<PuppetReport> = {
  source: 'puppet',
  description: 'a Puppet run report',
  wire: PuppetReport,
  adapt(report, ctx) {
    return { kind: 'run', report: toRunReport(report, ctx) };
  },
};

function toRunReport(report: PuppetReport, ctx: AdapterContext): RunReport {
  const startedAt = toIsoTime(report.time);
  if (!startedAt) throw new IngestError('RL_INGEST_NOT_A_REPORT', `time: '${String(report.time)}' is not a timestamp`);
  const metrics = flattenMetrics(report.metrics);
  const totalSeconds = metrics['time.total'];
  const diffs = diffsByResource(report);
  const resources: Resource[] = [];
  const counts: Counts = { total: 0, changed: 0, corrective: 0, failed: 0, noop: 0, skipped: 0, unchanged: 0 };
  const classes = new Set<string>();

  for (const [key, status] of Object.entries(report.resource_statuses ?? {})) {
    counts.total += 1;
    for (const element of status.containment_path ?? []) if (!element.includes('[')) classes.add(element);
    if (status.changed) counts.changed += 1;
    if (status.changed && status.corrective_change) counts.corrective += 1;
    if (status.failed) counts.failed += 1;
    if (status.skipped) counts.skipped += 1;
    const resource = toResource(key, status, diffs.get(key));
    if (resource.status === 'noop') counts.noop += 1;
    if (resource.status === 'unchanged') counts.unchanged += 1;
    if (isListed(resource)) resources.push(resource);
  }
  counts.total = Math.max(counts.total, metrics['resources.total'] ?? 0);

  const failed = report.status === 'failed';
  return {
    schema: RUN_REPORT_SCHEMA,
    tenant: ctx.tenant,
    source: 'puppet',
    runId: report.transaction_uuid,
    agent: { name: 'puppet', ...(report.puppet_version ? { version: report.puppet_version } : {}) },
    node: {
      name: report.host,
      ...(report.environment ? { environment: report.environment } : {}),
      roles: [...classes],
      tags: [],
      capacity: {},
      facts: {},
    },
    startedAt,
    ...(totalSeconds !== undefined ? { durationMs: totalSeconds * 1000, endedAt: addMs(startedAt, totalSeconds * 1000) } : {}),
    status: failed ? 'failure' : report.noop ? 'noop' : 'success',
    noop: report.noop ?? false,
    corrective: report.corrective_change ?? counts.corrective > 0,
    ...(report.configuration_version ? { configVersion: report.configuration_version } : {}),
    counts,
    resources,
    errors: runErrors(report.logs ?? []),
    metrics,
  };
}

function toResource(key: string, status: PuppetResourceStatus, diff: string | undefined): Resource {
  const bracket = key.indexOf('[');
  const type = status.resource_type ?? (bracket > 0 ? key.slice(0, bracket) : key);
  const title = status.title ?? (bracket > 0 && key.endsWith(']') ? key.slice(bracket + 1, -1) : key);
  const events = status.events ?? [];
  const corrective = Boolean(status.corrective_change);
  const failure = events.find((e) => e.status === 'failure');
  const content = events.find((e) => e.property === 'content' || DEFINED_CONTENT.test(e.message ?? ''));
  const desiredChecksum = content && contentChecksum(content);
  const isFile = type === 'File' && /^(\/|[A-Za-z]:[\\/])/.test(title);
  return {
    type,
    title,
    status: resourceStatus(status, events),
    corrective,
    ...(isFile ? { path: title } : {}),
    contentChanged: Boolean(content && content.status !== 'failure' && content.status !== 'audit'),
    ...(desiredChecksum ? { desiredChecksum } : {}),
    ...(diff ? { diff } : {}),
    changes: events.map(toChange),
    ...(failure ? { error: { message: failure.message ?? 'failed' } } : {}),
    ...(status.evaluation_time != null ? { durationMs: status.evaluation_time * 1000 } : {}),
    ...(status.containment_path && status.containment_path.length > 1 ? { container: status.containment_path.at(-2)! } : {}),
    ...(status.file ? { file: status.file } : {}),
    ...(status.line != null ? { line: status.line } : {}),
  };
}

function resourceStatus(status: PuppetResourceStatus, events: PuppetEvent[]): Resource['status'] {
  if (status.failed) return 'failed';
  if (status.out_of_sync && !status.changed && events.some((e) => e.status === 'noop')) return 'noop';
  if (status.changed) return status.corrective_change ? 'corrective' : 'changed';
  if (status.skipped) return 'skipped';
  return 'unchanged';
}

function toChange(event: PuppetEvent): PropertyChange {
  const property = event.property ?? stripSymbol(event.name) ?? 'event';
  return {
    property,
    before: toValue(event.previous_value),
    after: property === 'content' ? (readableChecksum(event.desired_value) ?? toValue(event.desired_value)) : toValue(event.desired_value),
    ...(event.message ? { message: event.message } : {}),
  };
}

/** The checksum the agent wants the file to have, from a content event or a file-creation event. */
function contentChecksum(event: PuppetEvent): string | undefined {
  if (event.property === 'content') return readableChecksum(event.desired_value);
  return DEFINED_CONTENT.exec(event.message ?? '')?.[1];
}

/** Puppet 7 can send a content checksum Base64-encoded (binary strings are); decode it back. */
function readableChecksum(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (CHECKSUM.test(value)) return value;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return CHECKSUM.test(decoded) ? decoded : undefined;
}

function toValue(value: unknown): PropertyValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return typeof value === 'string' ? stripSymbol(value)! : value;
  }
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
    return value as PropertyValue;
  }
  return JSON.stringify(value);
}

/** Old reports (format ≤ 6) write Ruby symbols as ":name". */
function stripSymbol(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  return value.startsWith(':') && /^:[a-z_]+$/.test(value) ? value.slice(1) : value;
}

/** `{category: {values: [[name, label, value]]}}` → `{"category.name": value}`. */
function flattenMetrics(metrics: PuppetReport['metrics']): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [category, metric] of Object.entries(metrics ?? {})) {
    for (const [name, , value] of metric.values ?? []) {
      if (typeof value === 'number' && Number.isFinite(value)) flat[`${category}.${name}`] = value;
    }
  }
  return flat;
}

function runErrors(logs: PuppetLog[]): RunError[] {
  return logs
    .filter((log) => ERROR_LEVELS.has(stripSymbol(log.level) ?? ''))
    .map((log) => ({ message: log.message ?? '', ...(log.source ? { source: log.source } : {}) }));
}

/** Finds each `show_diff` log and the resource it belongs to: its source is `…/Type[title]/content`. */
function diffsByResource(report: PuppetReport): Map<string, string> {
  const diffs = new Map<string, string>();
  const keys = report.resource_statuses ?? {};
  for (const log of report.logs ?? []) {
    const message = log.message ?? '';
    const source = log.source ?? '';
    if (!source.endsWith('/content') || !message.includes('\n+++ ')) continue;
    const path = source.slice(0, -'/content'.length);
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const candidate = path.slice(slash + 1);
      if (Object.hasOwn(keys, candidate)) {
        diffs.set(candidate, message.replace(/^\n/, ''));
        break;
      }
    }
  }
  return diffs;
}

