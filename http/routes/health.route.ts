// Liveness, readiness and Prometheus metrics: unauthenticated, for load balancers and scrapers.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../core/metrics.ts';

export interface HealthDeps {
  metrics: Metrics;
  /** Each check resolves when its dependency answers. */
  readiness: Record<string, () => Promise<unknown>>;
  /** Refreshes gauges that are read on demand (queue depth). */
  beforeScrape?: () => Promise<void>;
}

const CHECK_TIMEOUT_MS = 2000;

export async function healthRoutes(app: FastifyInstance, deps: HealthDeps): Promise<void> {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], summary: 'Redis and the store answer' } }, async (_request, reply) => {
    const checks = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, `failing: ${(err as Error).message}`] as const;
        }
      }),
    );
    const ready = checks.every(([, state]) => state === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(checks) });
  });

  app.get('/metrics', { schema: { tags: ['health'], summary: 'Prometheus metrics' } }, async (_request, reply) => {
    await deps.beforeScrape?.();
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
