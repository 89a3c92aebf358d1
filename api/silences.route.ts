// Silences over HTTP: viewers read them; approvers and admins create and expire them
// (permission silences:write), attributed to their token and audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type SilenceActor, SilenceInput, type SilenceResult, type SilenceService } from '../core/silence-service.ts';
import type { Clock } from '../core/clock.ts';
import { HttpErrors } from '../http/errors.ts';
import type { Store } from '../store/types.ts';
import { Paging, splitPaging } from './query.ts';

function actor(request: FastifyRequest): SilenceActor {
  const p = request.principal!;
  return { tenant: p.tenant, id: p.id, name: p.name, sourceIp: request.ip };
}

function silenceOrThrow(result: SilenceResult) {
  if (result.ok) return result.silence;
  switch (result.problem) {
    case 'invalid':
      throw new HttpErrors.SilenceInvalid(result.message);
    case 'not_found':
      throw new HttpErrors.NotFound(result.message);
    case 'expired':
      throw new HttpErrors.SilenceExpired(result.message);
    case 'conflict':
      throw new HttpErrors.SilenceConflict(result.message);
  }
}

export async function silencesRoutes(app: FastifyInstance, deps: { store: Store; silences: SilenceService; clock: Clock }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['alerts'];

  api.get('/api/v1/silences', {
    config: { permission: 'read' },
    schema: { tags, summary: 'Silences, newest first; active=true for those in force now', querystring: z.strictObject({ active: z.enum(['true', 'false']).optional(), ...Paging }) },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return deps.store.silences.list(request.principal!.tenant, filter.active === 'true' ? { activeAt: deps.clock.now() } : {}, page);
    },
  });

  api.post('/api/v1/silences', {
    config: { permission: 'silences:write' },
    schema: { tags, summary: 'Silence alerts whose labels match, for a time window', body: SilenceInput },
    handler: async (request, reply) => reply.code(201).send(silenceOrThrow(await deps.silences.create(actor(request), request.body))),
  });

  api.post('/api/v1/silences/:id/expire', {
    config: { permission: 'silences:write' },
    schema: { tags, summary: 'End a silence now', params: z.object({ id: z.string().max(64) }) },
    handler: async (request) => silenceOrThrow(await deps.silences.expire(actor(request), request.params.id)),
  });
}
