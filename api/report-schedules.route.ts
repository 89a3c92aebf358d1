// Report schedules over HTTP (issue 5): create, list, change (enable, disable, cron,
// recipients…) and delete the tenant's schedules. Approvers and admins hold `reports:schedule`;
// each change is attributed to the caller and audited. Configured schedules are listed too
// (`source: config`) and refused for changes (409).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpErrors } from '../http/errors.ts';
import { type ScheduleActor, ScheduleInput, type ScheduleOutcome, SchedulePatch, type ScheduleProblem, type ScheduleService } from '../reports/schedule-service.ts';

const Id = z.object({ id: z.string().max(64) });

export function scheduleActor(request: FastifyRequest): ScheduleActor {
  const p = request.principal!;
  return { tenant: p.tenant, id: p.id, sourceIp: request.ip };
}

/** The coded HTTP error the API answers for a refusal (the UI shows the same message). */
export function scheduleError(problem: ScheduleProblem): Error {
  switch (problem.kind) {
    case 'invalid':
      return new HttpErrors.ReportScheduleInvalid(problem.message);
    case 'not_found':
      return new HttpErrors.NotFound(problem.message);
    case 'exists':
      return new HttpErrors.ReportScheduleExists(problem.message);
    case 'read_only':
      return new HttpErrors.ReportScheduleReadOnly(problem.message);
    case 'conflict':
      return new HttpErrors.ReportScheduleConflict(problem.message);
  }
}

function scheduleOrThrow(outcome: ScheduleOutcome) {
  if (outcome.ok) return { ...outcome.schedule, source: 'api' as const };
  throw scheduleError(outcome.problem);
}

export async function reportSchedulesRoutes(app: FastifyInstance, deps: { schedules: ScheduleService }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const { schedules } = deps;
  const config = { permission: 'reports:schedule' as const };

  api.post('/api/v1/report-schedules', {
    config,
    schema: { tags, summary: 'Create a report schedule: the report is generated on the cron expression and the recipients are told when it is ready', body: ScheduleInput },
    handler: async (request, reply) => reply.code(201).send(scheduleOrThrow(await schedules.create(scheduleActor(request), request.body))),
  });

  api.get('/api/v1/report-schedules', {
    config,
    schema: { tags, summary: "The tenant's report schedules: configured ones (source config, read-only here) and those created through the API" },
    handler: async (request) => ({ items: await schedules.list(request.principal!.tenant) }),
  });

  api.get('/api/v1/report-schedules/:id', {
    config,
    schema: { tags, summary: 'One report schedule, with its next run', params: Id },
    handler: async (request) => {
      const found = await schedules.get(request.principal!.tenant, request.params.id);
      if (!found) throw new HttpErrors.NotFound(`no report schedule ${request.params.id}`);
      return found;
    },
  });

  api.patch('/api/v1/report-schedules/:id', {
    config,
    schema: { tags, summary: 'Change a schedule created through the API: enable or disable it, its cron expression, time zone, recipients…', params: Id, body: SchedulePatch },
    handler: async (request) => scheduleOrThrow(await schedules.update(scheduleActor(request), request.params.id, request.body)),
  });

  api.delete('/api/v1/report-schedules/:id', {
    config,
    schema: { tags, summary: 'Delete a schedule created through the API', params: Id },
    handler: async (request) => scheduleOrThrow(await schedules.delete(scheduleActor(request), request.params.id)),
  });
}
