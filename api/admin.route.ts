// Tokens (admin) and the audit log (auditor): who may do what, and what was done.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../core/roles.ts';
import { issueToken, revokeToken } from '../core/tokens.ts';
import { HttpErrors } from '../http/errors.ts';
import type { Store } from '../store/types.ts';
import { Paging, splitPaging } from './query.ts';

export async function adminRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/tokens', {
    config: { permission: 'admin' },
    schema: { tags: ['admin'], summary: "This tenant's tokens (never the secrets)" },
    handler: async (request) => ({ items: await store.tokens.list(request.principal!.tenant) }),
  });

  api.post('/api/v1/tokens', {
    config: { permission: 'admin' },
    schema: {
      tags: ['admin'],
      summary: 'Create a token in this tenant; the secret is in this response only',
      body: z.object({ role: z.enum(ROLES), name: z.string().min(1).max(200) }),
    },
    handler: async (request, reply) => {
      const { token, record } = await issueToken(store, {
        tenant: request.principal!.tenant,
        role: request.body.role,
        name: request.body.name,
        actor: request.principal!.id,
        sourceIp: request.ip,
      });
      return reply.code(201).send({ token, ...record });
    },
  });

  api.delete('/api/v1/tokens/:id', {
    config: { permission: 'admin' },
    schema: { tags: ['admin'], summary: 'Revoke a token', params: z.object({ id: z.string().max(64) }) },
    handler: async (request, reply) => {
      const revoked = await revokeToken(store, {
        tenant: request.principal!.tenant,
        id: request.params.id,
        actor: request.principal!.id,
        sourceIp: request.ip,
      });
      if (!revoked) throw new HttpErrors.NotFound(`no active token ${request.params.id}`);
      return reply.code(204).send();
    },
  });

  api.get('/api/v1/audit', {
    config: { permission: 'audit:read' },
    schema: {
      tags: ['audit'],
      summary: "Audit entries of this tenant, newest first (authentication failures with no tenant are in 'runledger audit list')",
      querystring: z.strictObject({ action: z.string().max(100).optional(), ...Paging }),
    },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return store.audit.list({ ...filter, tenant: request.principal!.tenant }, page);
    },
  });

  api.get('/api/v1/audit/verify', {
    config: { permission: 'audit:read' },
    schema: { tags: ['audit'], summary: 'Walk the whole hash chain and name the first broken entry' },
    handler: async () => store.audit.verify(),
  });
}
