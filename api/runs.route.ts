// Runs, their changes and the nodes that ran them: the read side of the evidence.
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpErrors } from '../http/errors.ts';
import type { Store } from '../store/types.ts';
import { ChangesQuery, NodesQuery, RunsQuery, splitPaging } from './query.ts';

const read = { permission: 'read' } as const;

export async function runsRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/runs', {
    config: read,
    schema: { tags: ['runs'], summary: 'List runs, newest first', querystring: RunsQuery },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return store.runs.list(request.principal!.tenant, filter, page);
    },
  });

  api.get('/api/v1/runs/:id', {
    config: read,
    schema: { tags: ['runs'], summary: 'One run with every change, diff and error', params: z.object({ id: z.string().max(64) }) },
    handler: async (request) => {
      const run = await store.runs.get(request.principal!.tenant, request.params.id);
      if (!run) throw new HttpErrors.NotFound(`run ${request.params.id} not found`);
      return run;
    },
  });

  api.get('/api/v1/runs/:id/raw', {
    config: read,
    schema: { tags: ['runs'], summary: 'The body the agent sent, byte for byte', params: z.object({ id: z.string().max(64) }) },
    handler: async (request, reply) => {
      const raw = await store.runs.raw(request.principal!.tenant, request.params.id);
      if (!raw) throw new HttpErrors.NotFound(`run ${request.params.id} not found`);
      return reply.type(raw.contentType).send(gunzipSync(Buffer.from(raw.gzipBase64, 'base64')));
    },
  });

  api.get('/api/v1/changes', {
    config: read,
    schema: { tags: ['runs'], summary: 'List resource changes (changed, corrective, failed, noop, skipped)', querystring: ChangesQuery },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return store.changes.list(request.principal!.tenant, filter, page);
    },
  });

  api.get('/api/v1/nodes', {
    config: read,
    schema: { tags: ['nodes'], summary: 'List nodes with their latest state, by name', querystring: NodesQuery },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return store.nodes.list(request.principal!.tenant, filter, page);
    },
  });

  api.get('/api/v1/nodes/:name', {
    config: read,
    schema: { tags: ['nodes'], summary: 'One node: latest state and facts', params: z.object({ name: z.string().max(512) }) },
    handler: async (request) => {
      const node = await store.nodes.get(request.principal!.tenant, request.params.name);
      if (!node) throw new HttpErrors.NotFound(`node ${request.params.name} not found`);
      return node;
    },
  });
}
