// Reports: the generated reports (keyset pages), a form to generate one, a report's progress
// and then its files with their SHA-256, downloads, and a check of the stored files against
// the signed manifest; the tenant's schedules. Generation, downloads (audited) and the check
// are the report service's, the same one the JSON API uses.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Paging } from '../../api/query.ts';
import { reportError, sendDownload } from '../../api/reports.route.ts';
import { DAY_MS } from '../../core/clock.ts';
import { can } from '../../core/roles.ts';
import { HttpErrors } from '../../http/errors.ts';
import { REPORT_DEFINITIONS } from '../../reports/definitions/index.ts';
import { DOWNLOAD_FORMATS } from '../../reports/service.ts';
import type { VerifyResult } from '../../reports/signing.ts';
import { REPORT_FORMATS } from '../../reports/types.ts';
import type { ReportRecord } from '../../store/report-records.types.ts';
import { nextPageHref, type UiDeps, type UiPage } from '../page.ts';
import { paramFields, requestFromForm } from '../report-form.ts';
import { inputTime, parseUiQuery } from '../ui-query.ts';

type Form = Record<string, unknown>;
// Not strict: the UI query parser adds a page size.
const DownloadQuery = z.object({ format: z.enum(DOWNLOAD_FORMATS) });
const EXTRA_DOWNLOADS = [
  { format: 'manifest', label: 'manifest.json' },
  { format: 'signature', label: 'manifest.sig' },
  { format: 'bundle', label: 'bundle (zip)' },
];
// How often a queued or running report's page reloads itself (ui.js).
const REFRESH_SECONDS = 2;

const definitionOf = (id: unknown) => (typeof id === 'string' ? REPORT_DEFINITIONS[id] : undefined);
const definitions = (selected?: string) => Object.values(REPORT_DEFINITIONS).map((d) => ({ id: d.id, title: d.title, selected: d.id === selected }));
const periodOf = (record: ReportRecord) => ({ from: record.params.from, until: record.params.until });

async function renderForm(request: FastifyRequest, reply: FastifyReply, { clock }: UiDeps, id: string, form: Form, message?: string) {
  const definition = definitionOf(id);
  if (!definition) throw new HttpErrors.NotFound(`no report definition '${id}' (known: ${Object.keys(REPORT_DEFINITIONS).join(', ')})`);
  const now = clock.now().getTime();
  const { fields, nested } = paramFields(definition, form);
  const checked = form.formats === undefined ? REPORT_FORMATS : [form.formats].flat();
  return reply.page('report-new', {
    title: `New report: ${definition.title}`,
    definition: { id: definition.id, title: definition.title },
    definitions: definitions(definition.id),
    from: typeof form.from === 'string' ? form.from : inputTime(new Date(now - 7 * DAY_MS)),
    until: typeof form.until === 'string' ? form.until : inputTime(new Date(now + 60_000)),
    formats: REPORT_FORMATS.map((format) => ({ format, checked: checked.includes(format) })),
    fields,
    nested,
    more: typeof form.more === 'string' ? form.more : '',
    message,
  });
}

async function renderReport(reply: FastifyReply, record: ReportRecord, verified?: VerifyResult) {
  const busy = record.state === 'queued' || record.state === 'running';
  const available = new Set(record.files.map((f) => f.format));
  return reply.page('report', {
    title: `Report ${record.id}`,
    report: record,
    period: periodOf(record),
    busy,
    refreshSeconds: REFRESH_SECONDS,
    ready: record.state === 'ready',
    files: record.files,
    downloads: [...REPORT_FORMATS.filter((f) => available.has(f)).map((format) => ({ format, label: format.toUpperCase() })), ...EXTRA_DOWNLOADS],
    unavailable: Object.entries(record.unavailable).map(([format, reason]) => ({ format, reason })),
    verified: verified && { ...verified, files: verified.ok ? verified.manifest.files : [] },
  });
}

async function recordOrThrow({ reports }: UiDeps, request: FastifyRequest): Promise<ReportRecord> {
  const { id } = request.params as { id: string };
  const record = await reports.get(request.principal!.tenant, id);
  if (!record) throw new HttpErrors.NotFound(`no report ${id}`);
  return record;
}

export const reportsPage: UiPage = {
  nav: { label: 'Reports', path: '/reports', permission: 'reports' },
  async routes(app: FastifyInstance, deps) {
    const { reports, schedules } = deps;

    app.get('/ui/reports', { config: { page: 'reports' } }, async (request, reply) => {
      const page = parseUiQuery(z.strictObject(Paging), request.query);
      const { tenant } = request.principal!;
      const result = await reports.list(tenant, page);
      return reply.page('reports', {
        title: 'Reports',
        definitions: definitions(),
        reports: result.items.map((record) => ({ ...record, period: periodOf(record), title: REPORT_DEFINITIONS[record.definition]?.title ?? record.definition })),
        schedules: await schedules.list(tenant),
        mayManageSchedules: can(request.principal!.role, 'reports:schedule'),
        next: nextPageHref('/ui/reports', request.query as Record<string, unknown>, result.nextCursor),
      });
    });

    app.get('/ui/reports/new', { config: { page: 'reports' } }, (request, reply) => renderForm(request, reply, deps, String((request.query as Form).definition ?? ''), {}));

    app.post('/ui/reports', { config: { page: 'reports' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const definition = definitionOf(form.definition);
      if (!definition) throw new HttpErrors.BadRequest(`unknown report definition '${String(form.definition ?? '')}'`);
      const translated = requestFromForm(definition, form);
      if (!translated.ok) return renderForm(request, reply.code(400), deps, definition.id, form, translated.message);
      const principal = request.principal!;
      const outcome = await reports.request({ ...translated.body, tenant: principal.tenant, actor: principal.id, sourceIp: request.ip });
      if (!outcome.ok) {
        return renderForm(request, reply.code((reportError(outcome.problem) as Error & { statusCode: number }).statusCode), deps, definition.id, form, outcome.problem.message);
      }
      return reply.redirect(`/ui/reports/${encodeURIComponent(outcome.value.id)}`, 303);
    });

    app.get('/ui/reports/:id', { config: { page: 'reports' } }, async (request, reply) => renderReport(reply, await recordOrThrow(deps, request)));

    app.get('/ui/reports/:id/download', { config: { page: 'reports' } }, async (request, reply) => {
      const { format } = parseUiQuery(DownloadQuery, request.query);
      const principal = request.principal!;
      const outcome = await reports.download(principal.tenant, principal.id, (request.params as { id: string }).id, format, request.ip);
      if (!outcome.ok) throw reportError(outcome.problem);
      return sendDownload(reply.header('cache-control', 'no-store'), outcome.value);
    });

    app.post('/ui/reports/:id/verify', { config: { page: 'reports' } }, async (request, reply) => {
      const principal = request.principal!;
      const record = await recordOrThrow(deps, request);
      const outcome = await reports.verify(principal.tenant, principal.id, record.id, request.ip);
      if (!outcome.ok) throw reportError(outcome.problem);
      return renderReport(reply, record, outcome.value);
    });
  },
};
