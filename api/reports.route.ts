// Generated reports over HTTP: the definitions, request a report (a queued job), follow its progress,
// download a format or the signed bundle, and the public key that checks the signature.
// Auditors and admins hold the `reports` permission; the tenant is the token's.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpErrors } from '../http/errors.ts';
import { REPORT_DEFINITIONS } from '../reports/definitions/index.ts';
import type { ScheduleService } from '../reports/schedule-service.ts';
import { type Download, DOWNLOAD_FORMATS, type ReportProblem, type ReportService } from '../reports/service.ts';
import { REPORT_FORMATS } from '../reports/types.ts';
import { Paging } from './query.ts';

const Id = z.object({ id: z.string().max(64) });

export const ReportRequestBody = z.strictObject({
  definition: z.string().min(1).max(100).describe('Report definition id: see GET /api/v1/reports/definitions'),
  params: z.record(z.string(), z.unknown()).describe('Parameters of the definition (period and filters)'),
  formats: z.array(z.enum(REPORT_FORMATS)).min(1).max(4).default([...REPORT_FORMATS]),
  template: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).optional().describe('A user template instead of the built-in one'),
});

/** The coded HTTP error the API answers for a refusal (the UI shows the same). */
export function reportError(p: ReportProblem): Error {
  switch (p.kind) {
    case 'invalid':
      return new HttpErrors.ReportInvalid(p.message);
    case 'not_found':
      return new HttpErrors.NotFound(p.message);
    case 'not_ready':
      return new HttpErrors.ReportNotReady(p.message);
    case 'unavailable':
      return new HttpErrors.ReportFormatUnavailable(p.message);
    case 'queue':
      return new HttpErrors.QueueUnavailable(p.message);
  }
}

/** A report file as an attachment (the API's and the UI's downloads), streamed from the archive. */
export function sendDownload(reply: FastifyReply, download: Download): FastifyReply {
  if (download.bytes !== undefined) reply.header('content-length', download.bytes);
  return reply
    .header('content-type', download.contentType)
    .header('content-disposition', `attachment; filename="${download.name}"`)
    .send(download.body);
}

export async function reportsRoutes(app: FastifyInstance, deps: { reports: ReportService; schedules: ScheduleService }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const { reports } = deps;

  api.get('/api/v1/reports/signing-key', {
    schema: { tags, summary: 'The Ed25519 public key that verifies report manifests (public)' },
    handler: async () => ({ algorithm: 'Ed25519', keyId: reports.keyId, publicKeyPem: reports.publicKeyPem }),
  });

  api.get('/api/v1/reports/definitions', {
    config: { permission: 'reports' },
    schema: { tags, summary: 'Report definitions and the JSON Schema of their parameters' },
    handler: async () => ({
      items: Object.values(REPORT_DEFINITIONS).map((d) => ({ id: d.id, title: d.title, params: z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }) })),
    }),
  });

  api.get('/api/v1/reports/schedules', {
    config: { permission: 'reports' },
    schema: { tags, summary: "The tenant's report schedules, configured (source config) and created through /api/v1/report-schedules (source api)" },
    handler: async (request) => ({ items: await deps.schedules.list(request.principal!.tenant) }),
  });

  // POST /api/v1/reports itself is the generic ingest endpoint agents already post runs to.
  api.post('/api/v1/reports/generate', {
    config: { permission: 'reports' },
    schema: { tags, summary: 'Request a report; it is generated in the background (202 with its id)', body: ReportRequestBody },
    handler: async (request, reply) => {
      const principal = request.principal!;
      const outcome = await reports.request({ ...request.body, tenant: principal.tenant, actor: principal.id, sourceIp: request.ip });
      if (!outcome.ok) throw reportError(outcome.problem);
      return reply.code(202).send(outcome.value);
    },
  });

  api.get('/api/v1/reports', {
    config: { permission: 'reports' },
    schema: { tags, summary: 'Generated reports, newest first', querystring: z.strictObject(Paging) },
    handler: async (request) => reports.list(request.principal!.tenant, request.query),
  });

  api.get('/api/v1/reports/:id', {
    config: { permission: 'reports' },
    schema: { tags, summary: 'State, progress and files of a report', params: Id },
    handler: async (request) => {
      const record = await reports.get(request.principal!.tenant, request.params.id);
      if (!record) throw new HttpErrors.NotFound(`no report ${request.params.id}`);
      return record;
    },
  });

  api.get('/api/v1/reports/:id/download', {
    config: { permission: 'reports' },
    schema: {
      tags,
      summary: 'Download one format, the manifest, its signature, or the bundle (zip of all files with manifest and signature)',
      params: Id,
      querystring: z.strictObject({ format: z.enum(DOWNLOAD_FORMATS).default('html') }),
    },
    handler: async (request, reply) => {
      const principal = request.principal!;
      const outcome = await reports.download(principal.tenant, principal.id, request.params.id, request.query.format, request.ip);
      if (!outcome.ok) throw reportError(outcome.problem);
      return sendDownload(reply, outcome.value);
    },
  });
}
