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

/** Who acts: the signed-in principal (token or UI user), never a body field. */
export function silenceActor(request: FastifyRequest): SilenceActor {
  const p = request.principal!;
  return { tenant: p.tenant, id: p.id, name: p.name, sourceIp: request.ip };
}

/** The coded HTTP error the API answers for a refusal (the UI shows the same). */
export function silenceError(refusal: Exclude<SilenceResult, { ok: true }>): Error {
  switch (refusal.problem) {
    case 'invalid':
      return new HttpErrors.SilenceInvalid(refusal.message);
    case 'not_found':
      return new HttpErrors.NotFound(refusal.message);
    case 'expired':
      return new HttpErrors.SilenceExpired(refusal.message);
    case 'conflict':
      return new HttpErrors.SilenceConflict(refusal.message);
  }
}

function silenceOrThrow(result: SilenceResult) {
  if (result.ok) return result.silence;
  throw silenceError(result);
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
    handler: async (request, reply) => reply.code(201).send(silenceOrThrow(await deps.silences.create(silenceActor(request), request.body))),
  });

  api.post('/api/v1/silences/:id/expire', {
    config: { permission: 'silences:write' },
    schema: { tags, summary: 'End a silence now', params: z.object({ id: z.string().max(64) }) },
    handler: async (request) => silenceOrThrow(await deps.silences.expire(silenceActor(request), request.params.id)),
  });
}
