// Report schedules in the UI, for roles with reports:schedule: a form that creates one, and
// enable, disable and delete buttons on the Reports page's list. Every rule (validation,
// configured schedules being read-only, audit) is the schedule service's, the same one the
// JSON API uses; this module only translates the form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { scheduleActor, scheduleError } from '../../api/report-schedules.route.ts';
import { SCHEDULE_PERIODS } from '../../reports/config.ts';
import { REPORT_DEFINITIONS } from '../../reports/definitions/index.ts';
import { ScheduleInput, type ScheduleOutcome } from '../../reports/schedule-service.ts';
import { REPORT_FORMATS } from '../../reports/types.ts';
import type { UiDeps, UiPage } from '../page.ts';

type Form = Record<string, unknown>;

const text = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
const list = (form: Form, name: string) => [form[name] ?? []].flat().filter((v): v is string => typeof v === 'string' && v !== '');

/** What the API would receive for this form, or what is wrong with it (naming the field). */
export function scheduleFromForm(form: Form): { ok: true; input: z.output<typeof ScheduleInput> } | { ok: false; message: string } {
  let params: unknown = {};
  if (text(form, 'params')) {
    try {
      params = JSON.parse(text(form, 'params'));
    } catch (err) {
      return { ok: false, message: `params: not JSON (${(err as Error).message})` };
    }
  }
  const formats = list(form, 'formats');
  const parsed = ScheduleInput.safeParse({
    ...(text(form, 'id') ? { id: text(form, 'id') } : {}),
    definition: text(form, 'definition'),
    cron: text(form, 'cron'),
    timeZone: text(form, 'timeZone') || 'UTC',
    period: text(form, 'period') || undefined,
    params,
    ...(formats.length ? { formats } : {}),
    recipients: list(form, 'recipients'),
    ...(text(form, 'template') ? { template: text(form, 'template') } : {}),
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'schedule'}: ${i.message}`).join('; ') };
  return { ok: true, input: parsed.data };
}

function renderForm(reply: FastifyReply, { config }: UiDeps, form: Form, message?: string) {
  const formats = list(form, 'formats');
  const recipients = list(form, 'recipients');
  return reply.page('report-schedule-new', {
    title: 'New report schedule',
    definitions: Object.values(REPORT_DEFINITIONS).map((d) => ({ id: d.id, title: d.title, selected: d.id === text(form, 'definition') })),
    periods: SCHEDULE_PERIODS.map((period) => ({ period, selected: period === (text(form, 'period') || 'previous-day') })),
    formats: REPORT_FORMATS.map((format) => ({ format, checked: formats.length === 0 || formats.includes(format) })),
    receivers: config.alerts.receivers.map((r) => ({ name: r.name, checked: recipients.includes(r.name) })),
    form: { id: text(form, 'id'), cron: text(form, 'cron'), timeZone: text(form, 'timeZone') || 'UTC', params: text(form, 'params'), template: text(form, 'template') },
    message,
  });
}

const done = (reply: FastifyReply, outcome: ScheduleOutcome) => {
  if (!outcome.ok) throw scheduleError(outcome.problem);
  return reply.redirect('/ui/reports#schedules', 303);
};
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

export const reportSchedulesPage: UiPage = {
  async routes(app: FastifyInstance, deps) {
    const config = { page: 'reports:schedule' as const };
    app.get('/ui/reports/schedules/new', { config }, (_request, reply) => renderForm(reply, deps, {}));

    app.post('/ui/reports/schedules', { config }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const translated = scheduleFromForm(form);
      if (!translated.ok) return renderForm(reply.code(400), deps, form, translated.message);
      const outcome = await deps.schedules.create(scheduleActor(request), translated.input);
      if (!outcome.ok) return renderForm(reply.code((scheduleError(outcome.problem) as Error & { statusCode: number }).statusCode), deps, form, outcome.problem.message);
      return reply.redirect('/ui/reports#schedules', 303);
    });

    for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
      app.post(`/ui/reports/schedules/:id/${action}`, { config }, async (request, reply) => done(reply, await deps.schedules.update(scheduleActor(request), idOf(request), { enabled })));
    }
    app.post('/ui/reports/schedules/:id/delete', { config }, async (request, reply) => done(reply, await deps.schedules.delete(scheduleActor(request), idOf(request))));
  },
};
