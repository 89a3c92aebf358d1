// Builds the Fastify application from its dependencies; never listens (server.ts does), so
// tests drive it with inject() or on an ephemeral port.
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { adminRoutes } from '../api/admin.route.ts';
import { alertRoutesRoutes } from '../api/alert-routes.route.ts';
import { alertsRoutes } from '../api/alerts.route.ts';
import { silencesRoutes } from '../api/silences.route.ts';
import { createAlertRoutingService } from '../core/alert-routing-service.ts';
import { createSilenceService } from '../core/silence-service.ts';
import { planImportRoutes } from '../api/plan-import.route.ts';
import { reportSchedulesRoutes } from '../api/report-schedules.route.ts';
import { reportsRoutes } from '../api/reports.route.ts';
import { plannedChangesRoutes } from '../api/planned-changes.route.ts';
import { runsRoutes } from '../api/runs.route.ts';
import { schemaRoutes } from '../api/schema.route.ts';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Metrics } from '../core/metrics.ts';
import type { PlanService } from '../core/plan-service.ts';
import type { Enqueuer } from '../ingest/enqueue.ts';
import { ingestPlugin } from '../ingest/ingest.plugin.ts';
import type { IngestUsageCounter } from '../ingest/usage-counter.ts';
import type { ParsePool } from '../ingest/parse/parse-pool.ts';
import { createScheduleService } from '../reports/schedule-service.ts';
import { scheduleChangesChannel } from '../reports/schedule-sync.ts';
import type { ReportService } from '../reports/service.ts';
import type { Store } from '../store/types.ts';
import { uiPlugin } from '../web/ui.plugin.ts';
import { HttpErrors } from './errors.ts';
import auth from './plugins/auth.ts';
import errorHandler from './plugins/error-handler.ts';
import openapi from './plugins/openapi.ts';
import { type HealthDeps, healthRoutes } from './routes/health.route.ts';

export interface AppDeps {
  config: Config;
  logger: FastifyBaseLogger;
  store: Store;
  metrics: Metrics;
  clock: Clock;
  plans: PlanService;
  parsePool: ParsePool;
  enqueuer: Enqueuer;
  usage: IngestUsageCounter;
  /** Rate-limit counters live here, shared by every ingest process. */
  redis: Redis;
  readiness: HealthDeps['readiness'];
  beforeScrape?: HealthDeps['beforeScrape'];
  version: string;
  reports: ReportService;
}

/** Requests to API routes (not ingest) carry small JSON bodies. */
const API_BODY_LIMIT = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger,
    // One log line per report would cost more than parsing it; refusals are counted in /metrics.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: API_BODY_LIMIT,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandler);
  await app.register(openapi, { version: deps.version });
  await app.register(auth, { store: deps.store, metrics: deps.metrics });
  const { max, windowMs } = config.ingest.rateLimit;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: windowMs,
    redis: deps.redis,
    // With Redis away, the request goes on and fails at the queue with a 503 that says so.
    skipOnError: true,
    nameSpace: `${config.queuePrefix}:rate-limit:`,
    // Per token; routes without authentication (health, docs) are not limited.
    keyGenerator: (request) => request.principal?.id ?? request.ip,
    allowList: (request) => !request.routeOptions.config.permission,
    errorResponseBuilder: (_request, context) =>
      new HttpErrors.RateLimited(context.max, Math.round(windowMs / 1000), Math.ceil(context.ttl / 1000)),
  });

  await app.register(healthRoutes, { metrics: deps.metrics, readiness: deps.readiness, ...(deps.beforeScrape ? { beforeScrape: deps.beforeScrape } : {}) });
  await app.register(schemaRoutes);
  await app.register(ingestPlugin, {
    parsePool: deps.parsePool,
    enqueuer: deps.enqueuer,
    usage: deps.usage,
    metrics: deps.metrics,
    bodyLimitBytes: config.ingest.bodyLimitBytes,
    limits: {
      maxDecompressedBytes: config.ingest.maxDecompressedBytes,
      yamlMaxDepth: config.ingest.yamlMaxDepth,
      yamlMaxAliases: config.ingest.yamlMaxAliases,
      jsonMaxDepth: config.ingest.jsonMaxDepth,
    },
  });
  await app.register(runsRoutes, { store: deps.store });
  await app.register(adminRoutes, { store: deps.store });
  await app.register(plannedChangesRoutes, { store: deps.store, plans: deps.plans, clock: deps.clock });
  await app.register(planImportRoutes, { plans: deps.plans });
  const silences = createSilenceService(deps.store, deps.clock);
  const routing = createAlertRoutingService(deps.store, deps.clock, config.alerts);
  const schedules = createScheduleService({
    store: deps.store,
    clock: deps.clock,
    configured: config.reports.schedules,
    receivers: config.alerts.receivers.map((r) => r.name),
    check: deps.reports.check,
    // Without Redis the schedulers still find the change at their next minute.
    changed: () => deps.redis.publish(scheduleChangesChannel(config.queuePrefix), 'changed').then(
      () => undefined,
      (err: unknown) => app.log.warn({ err: (err as Error).message }, 'report schedule change not announced; schedulers read it within a minute'),
    ),
  });
  if (config.ui.enabled) await app.register(uiPlugin, { config, store: deps.store, plans: deps.plans, silences, routing, reports: deps.reports, schedules, clock: deps.clock, metrics: deps.metrics, redis: deps.redis });
  await app.register(alertsRoutes, { store: deps.store });
  await app.register(alertRoutesRoutes, { alerts: config.alerts, routing });
  await app.register(silencesRoutes, { store: deps.store, silences, clock: deps.clock });
  await app.register(reportsRoutes, { reports: deps.reports, schedules });
  await app.register(reportSchedulesRoutes, { schedules });
  return app;
}
