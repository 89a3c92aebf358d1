// Report schedules through the API: created, changed and deleted by a person, validated like
// the configured ones (cron, time zone, definition, parameters, template, recipients that
// name alert receivers), stored through the Store and audited. Configured schedules are
// listed beside them (`source: config`) and can only be changed in the configuration.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { CronExpression } from '../core/cron-expression.ts';
import type { ReportSchedulesStore, StoredReportSchedule } from '../store/report-schedules.types.ts';
import type { Store } from '../store/types.ts';
import { ReportSchedule, TimeZone } from './config.ts';
import { nextRunOf, scheduleProblem } from './schedule.ts';
import type { ReportService } from './service.ts';

const Template = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).describe('A user template instead of the built-in one');

export const ScheduleInput = ReportSchedule.omit({ tenant: true }).extend({
  id: ReportSchedule.shape.id.optional().describe('Name of the schedule (lowercase, digits, dashes); default: a generated one'),
  template: Template.optional(),
  enabled: z.boolean().default(true).describe('A disabled schedule does not fire'),
});

export const SchedulePatch = z
  .strictObject({
    enabled: z.boolean(),
    cron: CronExpression,
    timeZone: TimeZone,
    period: ReportSchedule.shape.period.unwrap(),
    params: z.record(z.string(), z.unknown()),
    formats: ReportSchedule.shape.formats.unwrap(),
    recipients: z.array(z.string().min(1).max(500)).max(100),
    template: Template.nullable().describe('null: the built-in template again'),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one field');
export type SchedulePatch = z.infer<typeof SchedulePatch>;

/** A schedule as listed: where it comes from decides whether the API may change it. */
export type ScheduleView =
  | (ReportSchedule & { source: 'config'; enabled: true; nextRun?: string })
  | (StoredReportSchedule & { source: 'api'; nextRun?: string });

export interface ScheduleActor {
  tenant: string;
  id: string;
  sourceIp?: string;
}

export type ScheduleProblem = { kind: 'invalid' | 'not_found' | 'exists' | 'read_only' | 'conflict'; message: string };
export type ScheduleOutcome = { ok: true; schedule: StoredReportSchedule } | { ok: false; problem: ScheduleProblem };

/** At most this many API schedules per tenant, as for reports.schedules. */
const MAX_SCHEDULES = 200;

export interface ScheduleServiceDeps {
  store: Store;
  clock: Clock;
  configured: readonly ReportSchedule[];
  /** Names of alerts.receivers. */
  receivers: readonly string[];
  check: ReportService['check'];
  /** Tells the schedulers that schedules changed (they also look every minute). */
  changed(): Promise<void>;
}

export function createScheduleService(deps: ScheduleServiceDeps) {
  const schedules: ReportSchedulesStore = deps.store.reportSchedules;
  const configuredOf = (tenant: string) => deps.configured.filter((s) => s.tenant === tenant);
  const withNextRun = async <T extends { cron: string; timeZone: string; enabled: boolean }>(s: T) => {
    const next = s.enabled ? await nextRunOf(s) : undefined;
    return { ...s, ...(next ? { nextRun: next.toISOString() } : {}) };
  };
  const invalid = (message: string): ScheduleOutcome => ({ ok: false, problem: { kind: 'invalid', message } });
  const readOnly = (id: string): ScheduleOutcome => ({
    ok: false,
    problem: { kind: 'read_only', message: `schedule ${id} is set in the configuration (reports.schedules) and can only be changed there` },
  });

  async function audit(actor: ScheduleActor, action: string, schedule: StoredReportSchedule, details: Record<string, unknown>): Promise<void> {
    await deps.store.audit.append({
      at: deps.clock.now().toISOString(),
      tenant: actor.tenant,
      actor: actor.id,
      action,
      target: schedule.id,
      ...(actor.sourceIp ? { sourceIp: actor.sourceIp } : {}),
      outcome: 'success',
      details,
    });
    await deps.changed();
  }

  const described = (s: StoredReportSchedule) => ({
    definition: s.definition, period: s.period, params: s.params, formats: s.formats, cron: s.cron, timeZone: s.timeZone, recipients: s.recipients, enabled: s.enabled,
    ...(s.template ? { template: s.template } : {}),
  });

  return {
    async list(tenant: string): Promise<ScheduleView[]> {
      const configured = configuredOf(tenant).map((s) => withNextRun({ ...s, source: 'config' as const, enabled: true as const }));
      const stored = (await schedules.list(tenant)).map((s) => withNextRun({ ...s, source: 'api' as const }));
      return Promise.all([...configured, ...stored]);
    },

    async get(tenant: string, id: string): Promise<ScheduleView | undefined> {
      const configured = configuredOf(tenant).find((s) => s.id === id);
      if (configured) return withNextRun({ ...configured, source: 'config' as const, enabled: true as const });
      const stored = await schedules.get(tenant, id);
      return stored && withNextRun({ ...stored, source: 'api' as const });
    },

    async create(actor: ScheduleActor, input: z.output<typeof ScheduleInput>): Promise<ScheduleOutcome> {
      const id = input.id ?? `sched-${randomBytes(5).toString('hex')}`;
      if (configuredOf(actor.tenant).some((s) => s.id === id)) return { ok: false, problem: { kind: 'exists', message: `schedule ${id} is already set in the configuration (reports.schedules)` } };
      if ((await schedules.list(actor.tenant)).length >= MAX_SCHEDULES) return invalid(`a tenant has at most ${MAX_SCHEDULES} schedules; delete one first`);
      const now = deps.clock.now().toISOString();
      const { template, ...rest } = input;
      const schedule: StoredReportSchedule = {
        ...rest, id, tenant: actor.tenant, ...(template ? { template } : {}),
        createdAt: now, createdBy: actor.id, updatedAt: now, updatedBy: actor.id, version: 1,
      };
      const problem = scheduleProblem(schedule, deps.receivers, deps.check);
      if (problem) return invalid(problem);
      if (!(await schedules.create(schedule))) return { ok: false, problem: { kind: 'exists', message: `schedule ${id} already exists` } };
      await audit(actor, 'report.schedule.create', schedule, described(schedule));
      return { ok: true, schedule };
    },

    async update(actor: ScheduleActor, id: string, patch: SchedulePatch): Promise<ScheduleOutcome> {
      if (configuredOf(actor.tenant).some((s) => s.id === id)) return readOnly(id);
      const stored = await schedules.get(actor.tenant, id);
      if (!stored) return { ok: false, problem: { kind: 'not_found', message: `no report schedule ${id}` } };
      const { template, ...rest } = patch;
      const { template: current, ...base } = stored;
      const kept = template === undefined ? current : (template ?? undefined);
      const next: StoredReportSchedule = {
        ...base, ...rest, ...(kept ? { template: kept } : {}),
        updatedAt: deps.clock.now().toISOString(), updatedBy: actor.id, version: stored.version + 1,
      };
      const problem = scheduleProblem(next, deps.receivers, deps.check);
      if (problem) return invalid(problem);
      if (!(await schedules.update(next))) return { ok: false, problem: { kind: 'conflict', message: `schedule ${id} changed meanwhile; try again` } };
      const action = Object.keys(patch).length === 1 && patch.enabled !== undefined ? (patch.enabled ? 'report.schedule.enable' : 'report.schedule.disable') : 'report.schedule.update';
      await audit(actor, action, next, { changed: patch, version: next.version });
      return { ok: true, schedule: next };
    },

    async delete(actor: ScheduleActor, id: string): Promise<ScheduleOutcome> {
      if (configuredOf(actor.tenant).some((s) => s.id === id)) return readOnly(id);
      const stored = await schedules.get(actor.tenant, id);
      if (!stored || !(await schedules.delete(actor.tenant, id))) return { ok: false, problem: { kind: 'not_found', message: `no report schedule ${id}` } };
      await audit(actor, 'report.schedule.delete', stored, described(stored));
      return { ok: true, schedule: stored };
    },
  };
}
export type ScheduleService = ReturnType<typeof createScheduleService>;
