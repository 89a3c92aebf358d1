// The ingest endpoints. Bodies arrive as raw bytes (no parsing on the event loop), are
// parsed and adapted in the worker pool, and are answered 202 only once queued in Redis.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../core/metrics.ts';
import type { Source } from '../core/run-report.ts';
import { HttpErrors, ingestError } from '../http/errors.ts';
import type { AdapterName } from './adapters/types.ts';
import type { Enqueuer } from './enqueue.ts';
import type { ParseLimits } from './parse/parse-report.ts';
import type { ParsePool } from './parse/parse-pool.ts';
import type { IngestUsageCounter } from './usage-counter.ts';

export interface IngestDeps {
  parsePool: ParsePool;
  enqueuer: Enqueuer;
  metrics: Metrics;
  limits: ParseLimits;
  bodyLimitBytes: number;
  /** Counts every authenticated request and its bytes per tenant, for billing. */
  usage: IngestUsageCounter;
}

type Syntax = 'yaml' | 'json';

declare module 'fastify' {
  interface FastifyRequest {
    /** Body bytes received on an ingest route (0 when the body was refused before it was read). */
    ingestBytes: number;
  }
}

interface IngestRoute {
  url: string;
  adapter: AdapterName;
  source: Source;
  summary: string;
  description: string;
  contentTypes: Record<string, Syntax>;
}

const JSON_ONLY: Record<string, Syntax> = { 'application/json': 'json' };

export const INGEST_ROUTES: readonly IngestRoute[] = [
  {
    url: '/reports/upload',
    adapter: 'puppet',
    source: 'puppet',
    summary: 'Puppet run report',
    description:
      "The body exactly as Puppet's `http` report processor posts it (YAML with Ruby tags, report formats 4-12), " +
      'or the JSON report an agent sends. Credentials: HTTP Basic with the token as password (`reporturl=http://x:TOKEN@host:3000/reports/upload`) or Bearer.',
    contentTypes: { 'application/x-yaml': 'yaml', 'application/yaml': 'yaml', 'text/yaml': 'yaml', 'application/json': 'json' },
  },
  {
    url: '/data-collector/v0/',
    adapter: 'chef',
    source: 'chef',
    summary: 'Chef Infra Client data collector',
    description:
      'run_converge is stored as a run, run_start records that a run began, node_ping marks the node alive. ' +
      'Token in x-data-collector-token (data_collector.token in client.rb) or Bearer.',
    contentTypes: JSON_ONLY,
  },
  {
    url: '/api/v1/reports',
    adapter: 'generic',
    source: 'generic',
    summary: 'RunLedger run report, for any tool',
    description: 'A run report in the canonical schema published at /api/v1/schema/run-report. The tenant comes from the token.',
    contentTypes: JSON_ONLY,
  },
];

export async function ingestPlugin(app: FastifyInstance, deps: IngestDeps): Promise<void> {
  const allTypes = [...new Set(INGEST_ROUTES.flatMap((r) => Object.keys(r.contentTypes)))];
  // Bodies stay bytes here; the parse workers decode them.
  app.removeAllContentTypeParsers();
  // The body's size is noted here: the parse pool takes the bytes over (a transfer), after which the buffer is empty.
  app.decorateRequest('ingestBytes', 0);
  app.addContentTypeParser(allTypes, { parseAs: 'buffer', bodyLimit: deps.bodyLimitBytes }, (request, body, done) => {
    request.ingestBytes = (body as Buffer).byteLength;
    done(null, body);
  });

  // After the answer, whatever it was (202, a parse refusal, 413, 415, 429): every request a
  // tenant's token made is billable. Requests without a valid token belong to no tenant.
  app.addHook('onResponse', async (request, reply) => {
    const tenant = request.principal?.tenant;
    if (tenant === undefined) return;
    deps.usage.count(tenant, request.ingestBytes, reply.statusCode === 202, Date.now());
  });

  for (const route of INGEST_ROUTES) {
    const accepts = Object.keys(route.contentTypes);
    app.post(route.url, {
      bodyLimit: deps.bodyLimitBytes,
      config: { permission: 'ingest', accepts },
      schema: {
        summary: route.summary,
        description: route.description,
        tags: ['ingest'],
        consumes: accepts,
      },
      handler: (request, reply) => ingest(route, request, reply, deps),
    });
  }
}

async function ingest(route: IngestRoute, request: FastifyRequest, reply: FastifyReply, deps: IngestDeps) {
  const { metrics } = deps;
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const syntax = route.contentTypes[contentType];
  if (!syntax) throw new HttpErrors.UnsupportedMediaType(`send ${Object.keys(route.contentTypes).join(' or ')}`);
  const body = request.body as Buffer;
  metrics.ingestBytes.inc({ source: route.source }, body.byteLength);

  const encoding = request.headers['content-encoding'];
  const result = await deps.parsePool.parse({
    adapter: route.adapter,
    syntax,
    contentType,
    ...(typeof encoding === 'string' ? { contentEncoding: encoding } : {}),
    body,
    tenant: request.principal!.tenant,
    receivedAt: new Date().toISOString(),
    limits: deps.limits,
  });
  if (!result.ok) {
    metrics.ingestRequests.inc({ source: route.source, outcome: 'rejected' });
    metrics.ingestRejects.inc({ source: route.source, reason: result.rejection.code });
    throw ingestError(result.rejection.code, result.rejection.message);
  }

  try {
    await deps.enqueuer.enqueue(result.item);
  } catch (err) {
    metrics.ingestRequests.inc({ source: route.source, outcome: 'rejected' });
    metrics.ingestRejects.inc({ source: route.source, reason: 'RL_QUEUE_UNAVAILABLE' });
    request.log.error({ err }, 'enqueue failed');
    throw new HttpErrors.QueueUnavailable((err as Error).message);
  }
  metrics.ingestRequests.inc({ source: route.source, outcome: 'accepted' });

  const { item } = result;
  return reply.code(202).send(
    item.kind === 'run'
      ? { status: 'queued', id: item.run.id, runId: item.run.report.runId, node: item.run.report.node.name }
      : { status: 'queued', event: item.event.kind, node: item.event.node },
  );
}
