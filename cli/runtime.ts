// Wires the parts of a RunLedger process: `runledger start` runs every role in one process;
// `--role` picks some (ingest: HTTP; worker: queue processors; scheduler: periodic jobs).
import { Queue, type Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { systemClock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { createMetrics, type Metrics } from '../core/metrics.ts';
import { createPlanService } from '../core/plan-service.ts';
import { buildApp } from '../http/app.ts';
import { createBatchingEnqueuer, type Enqueuer } from '../ingest/enqueue.ts';
import { createParsePool, type ParsePool } from '../ingest/parse/parse-pool.ts';
import { createIngestUsageCounter } from '../ingest/usage-counter.ts';
import { type Alerting, createAlerting } from '../processors/alert/alerting.ts';
import { QUEUES, REPORTS_JOB_OPTIONS, type ReportsJob, RUNS_JOB_OPTIONS, type RunsJob } from '../processors/queues.ts';
import { createRedis, waitForRedis } from '../processors/redis.ts';
import { runsProcessor } from '../processors/runs.processor.ts';
import { classifyStage } from '../processors/stages/classify.stage.ts';
import { persistStage } from '../processors/stages/persist.stage.ts';
import { auditChainEvents } from '../processors/alert/internal-alerts.ts';
import { auditVerifyJob } from '../processors/scheduler/audit-verify.job.ts';
import { authFailuresJob } from '../processors/scheduler/auth-failures.job.ts';
import { nodeMissingJob } from '../processors/scheduler/node-missing.job.ts';
import { planExpiryJob } from '../processors/scheduler/plan-expiry.job.ts';
import { retentionJob } from '../processors/scheduler/retention.job.ts';
import { redisFiringClaim } from '../processors/scheduler/firing-claim.ts';
import { ingestUsageJob } from '../processors/scheduler/ingest-usage.job.ts';
import { startLeaderElection } from '../processors/scheduler/leader.ts';
import { type Scheduler, startScheduler } from '../processors/scheduler/scheduler.ts';
import { startWorker } from '../processors/worker.ts';
import { openStore } from '../store/index.ts';
import { createReportsRuntime } from '../reports/runtime.ts';
import { PROCESS_ROLES, type ProcessRole, VERSION } from './version.ts';
import type { Store } from '../store/types.ts';

export { PROCESS_ROLES, type ProcessRole } from './version.ts';

export interface Runtime {
  config: Config;
  store: Store;
  metrics: Metrics;
  log: Logger;
  /** Alert queues and receivers; `alerting.notifications.enqueueNotification` sends to a named receiver. */
  alerting: Alerting;
  /** Present with the ingest role. */
  app?: FastifyInstance;
  /** Base URL the HTTP server listens on (with the ingest role). */
  url?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  roles?: readonly ProcessRole[];
  log?: Logger;
  /** A store opened elsewhere, instead of the configured one (tests: an emulated Elasticsearch). */
  store?: Store;
}

export async function startRuntime(config: Config, options: StartOptions = {}): Promise<Runtime> {
  const roles = new Set(options.roles ?? PROCESS_ROLES);
  const log = options.log ?? createLogger(config.logLevel);
  const store = options.store ?? openStore(config);
  const metrics = createMetrics();
  const plans = createPlanService(store, systemClock);
  const producer = createRedis(config.redisUrl, 'producer', log);
  // Shutdown runs these in reverse order of start: stop accepting requests, finish in-flight
  // work, then close queues, Redis and the store. No step may hang the shutdown.
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      await withTimeout(close(), SHUTDOWN_STEP_MS).catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
    }
  };
  closers.push(() => store.close(), () => quitRedis(producer));

  try {
    await waitForRedis(producer, config.redisUrl);
    // Refuse to start on a store this version cannot write (Elasticsearch mapping version).
    await store.ping();
    const queue = new Queue<RunsJob>(QUEUES.runs, { connection: producer, prefix: config.queuePrefix, defaultJobOptions: RUNS_JOB_OPTIONS });
    queue.on('error', (err) => log.warn({ err: err.message, queue: queue.name }, 'queue error'));
    closers.push(() => queue.close());
    const alerting = createAlerting({ config, store, metrics, clock: systemClock, producer, log });
    closers.push(() => alerting.close());
    const reportsQueue = new Queue<ReportsJob>(QUEUES.reports, { connection: producer, prefix: config.queuePrefix, defaultJobOptions: REPORTS_JOB_OPTIONS });
    reportsQueue.on('error', (err) => log.warn({ err: err.message, queue: reportsQueue.name }, 'queue error'));
    closers.push(() => reportsQueue.close());
    const reports = createReportsRuntime(config, {
      store,
      queue: reportsQueue,
      clock: systemClock,
      version: VERSION,
      deliveries: alerting.notifications,
    });

    let app: FastifyInstance | undefined;
    let url: string | undefined;
    if (roles.has('ingest')) {
      const parsePool: ParsePool = createParsePool(config.ingest.parseThreads);
      const enqueuer: Enqueuer = createBatchingEnqueuer(queue, { maxItems: config.ingest.batchMaxRuns, lingerMs: config.ingest.batchLingerMs });
      const usage = createIngestUsageCounter(producer, config.queuePrefix, log);
      closers.push(() => usage.close(), () => parsePool.close(), () => enqueuer.drain());
      app = await buildApp({
        config,
        logger: log,
        store,
        metrics,
        clock: systemClock,
        plans,
        parsePool,
        enqueuer,
        usage,
        redis: producer,
        version: VERSION,
        reports: reports.service,
        readiness: { redis: () => producer.ping(), store: () => store.ping() },
        beforeScrape: () => refreshQueueGauge(queue, metrics),
      });
      closers.push(() => app!.close());
      url = await app.listen({ port: config.port, host: config.host });
    }
    if (roles.has('worker')) {
      const consumer: Redis = createRedis(config.redisUrl, 'consumer', log);
      const stages = [
        classifyStage({ store, metrics, clock: systemClock, outOfWindowDays: config.plans.outOfWindowDays }),
        persistStage({ store, metrics }),
        alerting.stage,
      ];
      const worker: Worker = startWorker(runsProcessor(stages), {
        connection: consumer,
        prefix: config.queuePrefix,
        log,
        lockDurationMs: config.cluster.jobLockMs,
        stalledIntervalMs: config.cluster.stalledCheckMs,
      });
      const reportsWorker: Worker = startWorker(reports.processor, { connection: consumer, prefix: config.queuePrefix, log });
      const alertWorkers = alerting.startWorkers(consumer);
      closers.push(() => quitRedis(consumer), () => worker.close(), () => reportsWorker.close(), ...alertWorkers.map((w) => () => w.close()));
    }
    if (roles.has('scheduler')) {
      // Any number of scheduler processes may run; only the lock holder runs jobs.
      const lockRedis: Redis = createRedis(config.redisUrl, 'consumer', log);
      const leader = startLeaderElection(lockRedis, { key: `${config.queuePrefix}:scheduler:leader`, ttlMs: config.cluster.schedulerLockTtlMs, log });
      closers.push(() => quitRedis(lockRedis), () => leader.stop());
      const claim = redisFiringClaim(lockRedis, config.queuePrefix);
      const mayRun = () => leader.holds();
      const scheduler: Scheduler = startScheduler(
        [
          retentionJob(store, config.retention, systemClock),
          auditVerifyJob(store, config.audit.verifyCron, (result) =>
            alerting.raise(auditChainEvents(result, config.alerts.systemTenant, systemClock.now().toISOString(), config.alerts.kinds)),
          ),
          nodeMissingJob({ store, clock: systemClock, config: config.alerts, raise: alerting.raise }),
          authFailuresJob({ store, clock: systemClock, config: config.alerts, raise: alerting.raise }),
          planExpiryJob(store, plans, systemClock, config.plans.expireCron),
          ingestUsageJob(store, lockRedis, config.queuePrefix, systemClock),
          ...reports.scheduledJobs(claim),
        ],
        log,
        { mayRun },
      );
      closers.push(() => scheduler.stop());
      const subscriber: Redis = createRedis(config.redisUrl, 'consumer', log);
      closers.push(() => quitRedis(subscriber));
      const apiSchedules = await reports.startApiSchedules({ claim, mayRun, subscriber, log });
      closers.push(() => apiSchedules.stop());
    }
    log.info({ roles: [...roles], url, store: store.backend, version: VERSION }, 'RunLedger started');
    return { config, store, metrics, log, alerting, ...(app ? { app } : {}), ...(url ? { url } : {}), close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

const SHUTDOWN_STEP_MS = 10_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** QUIT when Redis answers; drop the connection when it does not. */
async function quitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}

async function refreshQueueGauge(queue: Queue, metrics: Metrics): Promise<void> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  for (const [state, count] of Object.entries(counts)) metrics.queueDepth.set({ queue: queue.name, state }, count);
}
