// One ingest request, decoded: Content-Encoding removed, YAML or JSON parsed within limits,
// the agent's format adapted to the canonical RunReport and validated, the raw body
// compressed as evidence. Pure and synchronous: it runs in a worker thread (parse.worker.ts).
import { gzipSync } from 'node:zlib';
import type { z } from 'zod';
import { runRecordId } from '../../core/ids.ts';
import { RunReport } from '../../core/run-report.ts';
import type { QueueItem } from '../../processors/queues.ts';
import { ADAPTERS } from '../adapters/index.ts';
import type { AdapterName } from '../adapters/types.ts';
import { decodeContentEncoding } from '../decode/content-encoding.ts';
import { parseJson } from '../decode/json.ts';
import { parseYaml } from '../decode/yaml.ts';
import { IngestError, type IngestRejection, rejection } from '../errors.ts';

/** Fast compression: the archive is written once per report on the ingest's hot path. */
const RAW_GZIP_LEVEL = 1;

export interface ParseLimits {
  maxDecompressedBytes: number;
  yamlMaxDepth: number;
  yamlMaxAliases: number;
  jsonMaxDepth: number;
}

export interface ParseTask {
  adapter: AdapterName;
  syntax: 'yaml' | 'json';
  contentType: string;
  contentEncoding?: string;
  body: Uint8Array;
  tenant: string;
  receivedAt: string;
  limits: ParseLimits;
}

export type ParseResult = { ok: true; item: QueueItem } | { ok: false; rejection: IngestRejection };

export function parseReport(task: ParseTask): ParseResult {
  try {
    return { ok: true, item: toQueueItem(task) };
  } catch (err) {
    if (err instanceof IngestError) return { ok: false, rejection: rejection(err.code, err.message) };
    throw err;
  }
}

function toQueueItem(task: ParseTask): QueueItem {
  const adapter = ADAPTERS[task.adapter];
  const body = decodeContentEncoding(task.body, task.contentEncoding, task.limits.maxDecompressedBytes);
  const text = body.toString('utf8');
  const document =
    task.syntax === 'yaml'
      ? parseYaml(text, { maxDepth: task.limits.yamlMaxDepth, maxAliases: task.limits.yamlMaxAliases })
      : parseJson(text, { maxDepth: task.limits.jsonMaxDepth });
  adapter.screen?.(document);
  const wire = adapter.wire.safeParse(document);
  if (!wire.success) throw notAReport(`the body is not ${adapter.description}`, wire.error);

  const output = adapter.adapt(wire.data as never, { tenant: task.tenant, receivedAt: task.receivedAt });
  if (output.kind === 'node_event') return { kind: 'node_event', event: output.event };

  const report = RunReport.safeParse(output.report);
  if (!report.success) throw notAReport(`the ${adapter.source} report cannot be stored`, report.error);
  const isGzip = task.contentEncoding?.trim().toLowerCase().includes('gzip');
  return {
    kind: 'run',
    run: {
      id: runRecordId(task.tenant, report.data.source, report.data.runId),
      receivedAt: task.receivedAt,
      report: report.data,
      raw: {
        contentType: task.contentType,
        size: body.byteLength,
        gzipBase64: (isGzip ? Buffer.from(task.body) : gzipSync(body, { level: RAW_GZIP_LEVEL })).toString('base64'),
      },
    },
  };
}

function notAReport(what: string, error: z.ZodError): IngestError {
  const issues = error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return new IngestError('RL_INGEST_NOT_A_REPORT', `${what}: ${issues.join('; ')}${more}`);
}
