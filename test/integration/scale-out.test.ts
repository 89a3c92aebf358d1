// Scale-out with real processes on one machine: several `runledger start --role worker`
// processes share one Redis and one SQLite file, and two schedulers share one leader lock.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../core/config.ts';
import { RouteTree } from '../../core/alert-routing.ts';
import { ALERTS_JOB_NAME, ALERTS_JOB_OPTIONS, type AlertsJob, QUEUES, RUNS_JOB_NAME, RUNS_JOB_OPTIONS, type RunsJob } from '../../processors/queues.ts';
import type { Notification } from '../../sinks/types.ts';
import { startFakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import { buildCandidate } from '../helpers/alert-builder.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import { type RunledgerProcess, spawnRunledger, writeConfig } from '../helpers/processes.ts';
import { buildRun } from '../helpers/run-builder.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUNS_PER_JOB = 20;
const RESOURCES_PER_RUN = 20;

async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One data directory (SQLite file created up front, so processes never race to migrate it),
 *  one queue prefix, short locks so that a dead process's work moves on quickly. */
function cluster(extra: ConfigInput = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rl-scale-'));
  const queuePrefix = `rl-test-${randomBytes(4).toString('hex')}`;
  const dbPath = join(dataDir, 'runledger.db');
  void createSqliteStore({ path: dbPath }).close();
  const configFile = writeConfig(dataDir, {
    dataDir,
    queuePrefix,
    redisUrl,
    logLevel: 'info',
    port: 0,
    host: '127.0.0.1',
    cluster: { schedulerLockTtlMs: 1000, jobLockMs: 1000, stalledCheckMs: 300 },
    ...extra,
  });
  return { dataDir, queuePrefix, dbPath, configFile };
}

/** A producer's view of the runs queue for the test's prefix; emptied and closed afterwards. */
async function withQueue(queuePrefix: string, use: (queue: Queue<RunsJob>) => Promise<void>): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<RunsJob>(QUEUES.runs, { connection, prefix: queuePrefix, defaultJobOptions: RUNS_JOB_OPTIONS });
  try {
    await use(queue);
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await connection.quit();
  }
}

/** `jobs` queue jobs of RUNS_PER_JOB runs each, every run with RESOURCES_PER_RUN changes. */
function runJobs(label: string, jobs: number, resource: (i: number) => { title: string; diff?: string }) {
  const resources = Array.from({ length: RESOURCES_PER_RUN }, (_, i) => resource(i));
  return Array.from({ length: jobs }, (_, j) => ({
    name: RUNS_JOB_NAME,
    data: { items: Array.from({ length: RUNS_PER_JOB }, (_, r) => ({ kind: 'run' as const, run: buildRun({ node: `${label}-${j}-${r}`, runId: `${label}${j}-run${r}`, resources }) })) },
  }));
}

describe('scale-out', () => {
  const processes: RunledgerProcess[] = [];
  const start = (configFile: string, role: string) => {
    const started = spawnRunledger(configFile, [role]);
    processes.push(started);
    return started;
  };
  afterEach(async () => {
    for (const p of processes.splice(0)) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
    }
  });

  it('stores every report exactly once with three worker processes, one of them killed mid-job', async () => {
    const { queuePrefix, dbPath, configFile } = cluster();
    const workers = [start(configFile, 'worker'), start(configFile, 'worker'), start(configFile, 'worker')];
    await Promise.all(workers.map((w) => w.waitForLog((l) => l.msg === 'RunLedger started')));

    await withQueue(queuePrefix, async (queue) => {
      const jobCount = 40;
      const jobs = await queue.addBulk(runJobs('node', jobCount, (i) => ({ title: `/etc/app/${i}.conf`, diff: `+line ${i}\n` })));

      // Freeze the first worker while it holds a job, check that it still does, then kill it.
      const victim = workers[0]!;
      const victimName = `${(await import('node:os')).hostname()}:${victim.pid}`;
      const interrupted: Job<RunsJob> = await until(async () => {
        const held = (await queue.getActive()).find((job) => job.processedBy === victimName);
        if (!held) return undefined;
        victim.child.kill('SIGSTOP');
        if ((await held.getState()) === 'active') return held;
        victim.child.kill('SIGCONT');
        return undefined;
      }, 'the first worker to hold a job');
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');

      await until(async () => (await queue.getJobCounts('completed')).completed === jobCount && true, 'every job to complete');
      expect(await queue.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed')).toEqual({ completed: jobCount, failed: 0, active: 0, waiting: 0, delayed: 0 });

      const finished = await Promise.all(jobs.map((job) => queue.getJob(job.id!)));
      // Each job finished once, on its first attempt; the interrupted one on a surviving worker.
      expect(finished.map((job) => job!.attemptsMade)).toEqual(jobs.map(() => 1));
      const rescued = finished.find((job) => job!.id === interrupted.id)!;
      expect(rescued.processedBy).not.toBe(victimName);
      expect(workers.slice(1).map((w) => `${(rescued.processedBy ?? '').split(':')[0]}:${w.pid}`)).toContain(rescued.processedBy);
      expect(new Set(finished.map((job) => job!.processedBy)).size).toBeGreaterThanOrEqual(2);

      const db = new Database(dbPath, { readonly: true });
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM runs')).toBe(jobCount * RUNS_PER_JOB);
      expect(count('SELECT count(DISTINCT agent_run_id) AS n FROM runs')).toBe(jobCount * RUNS_PER_JOB);
      expect(count('SELECT count(*) AS n FROM changes')).toBe(jobCount * RUNS_PER_JOB * RESOURCES_PER_RUN);
      expect(count('SELECT count(*) AS n FROM nodes')).toBe(jobCount * RUNS_PER_JOB);
      db.close();
    });
  }, 180_000);

  it('finishes the job in hand on SIGTERM before exiting, leaving the rest queued', async () => {
    const { queuePrefix, configFile } = cluster();
    const worker = start(configFile, 'worker');
    await worker.waitForLog((l) => l.msg === 'RunLedger started');
    await withQueue(queuePrefix, async (queue) => {
      await queue.addBulk(runJobs('drain', 30, (i) => ({ title: `/etc/app/${i}.conf` })));
      const inHand = await until(async () => (await queue.getActive())[0], 'a job in hand');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(await queue.getJobState(inHand.id!)).toBe('completed');
      const counts = await queue.getJobCounts('completed', 'active', 'waiting', 'failed');
      expect(counts.active).toBe(0);
      expect(counts.failed).toBe(0);
      expect((counts.completed ?? 0) + (counts.waiting ?? 0)).toBe(30);
    });
  }, 120_000);

  it('runs scheduled jobs on one of two scheduler processes, and on the standby once the leader is killed', async () => {
    const { dbPath, configFile } = cluster({ retention: { purgeCron: '* * * * * *' } });
    const schedulers = [start(configFile, 'scheduler'), start(configFile, 'scheduler')];
    await Promise.all(schedulers.map((s) => s.waitForLog((l) => l.msg === 'RunLedger started')));
    const purges = (s: RunledgerProcess) => s.logs.filter((l) => l.msg === 'scheduled job done' && l.job === 'retention').length;
    const leaderOf = async () => until(async () => schedulers.find((s) => s.logs.some((l) => l.msg === 'scheduler leadership acquired')), 'a leader');

    const leader = await leaderOf();
    const standby = schedulers.find((s) => s !== leader)!;
    await until(async () => purges(leader) >= 3, 'three purges by the leader');
    expect(purges(standby)).toBe(0);
    expect(leader.logs.find((l) => l.msg === 'scheduler leadership acquired')).toMatchObject({ fence: 1 });

    leader.child.kill('SIGKILL');
    await leader.exited;
    const takeover = await standby.waitForLog((l) => l.msg === 'scheduler leadership acquired');
    expect(takeover).toMatchObject({ fence: 2 });
    await until(async () => purges(standby) >= 2, 'two purges by the new leader');

    // Each purge appends one audit entry. One scheduler at a time: never two purges in the same
    // cron second. (The killed leader may have appended one more entry than it lived to log.)
    const store = createSqliteStore({ path: dbPath });
    standby.child.kill('SIGTERM');
    expect(await standby.exited).toBe(0);
    const entries = (await store.audit.list({}, { limit: 1000 })).items.filter((e) => e.action === 'retention.purge');
    expect(new Set(entries.map((e) => e.at.slice(0, 19))).size).toBe(entries.length);
    expect(entries.length - (purges(leader) + purges(standby))).toBeOneOf([0, 1]);
    expect(await store.audit.verify()).toMatchObject({ ok: true });
    await store.close();
  }, 120_000);

  it('routes by a tree written through the API in every worker process, from each one\'s next alerts job, without a restart', async () => {
    const service = await startFakeEndpoint();
    service.respond({ status: 204 });
    const hook = (path: string) => ({ url: `${service.url}${path}`, secret: 'scale-out-webhook-secret' });
    const { queuePrefix, dbPath, configFile } = cluster({ alerts: { receivers: [{ name: 'chat', webhook: hook('/chat') }, { name: 'oncall', webhook: hook('/oncall') }], route: { receivers: ['chat'] } } });
    const workers = [start(configFile, 'worker'), start(configFile, 'worker')];
    await Promise.all(workers.map((w) => w.waitForLog((l) => l.msg === 'RunLedger started')));
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const alerts = new Queue<AlertsJob>(QUEUES.alerts, { connection, prefix: queuePrefix, defaultJobOptions: ALERTS_JOB_OPTIONS });
    const store = createSqliteStore({ path: dbPath });
    const nodesAt = (path: string) => service.requests.filter((r) => r.path === path).map((r) => (JSON.parse(r.body) as Notification).node);
    const loaded = (w: RunledgerProcess, revision: number) => w.logs.some((l) => l.msg === 'alert routing tree loaded' && l.revision === revision);
    try {
      let sent = 0;
      const fire = async () => {
        sent += 1;
        await alerts.add(ALERTS_JOB_NAME, { events: [{ type: 'fire', candidate: buildCandidate({ node: `scale-${sent}` }) }] });
        return `scale-${sent}`;
      };
      // Both workers route by config (revision 0) at first.
      await until(async () => (await fire()) && workers.every((w) => loaded(w, 0)), 'both workers to take an alerts job');
      await until(async () => nodesAt('/chat').length === sent && true, 'the first alerts at chat');

      // The API process writes the tree into the shared store; nobody restarts.
      await store.alertRouting.write({ routing: { route: RouteTree.parse({ receivers: ['oncall'] }), inhibitRules: [] }, changedAt: new Date().toISOString(), changedBy: { id: 'tok_admin', name: 'admin' } }, 0);
      const before = sent;
      await until(async () => (await fire()) && workers.every((w) => loaded(w, 1)), 'both workers to load revision 1');
      await until(async () => nodesAt('/oncall').length === sent - before && true, 'the later alerts at oncall');
      expect(nodesAt('/chat')).toHaveLength(before);
      expect(workers.map((w) => w.logs.find((l) => l.msg === 'alert routing tree loaded' && l.revision === 1))).toEqual(workers.map(() => expect.objectContaining({ source: 'api' })));
    } finally {
      await alerts.obliterate({ force: true }).catch(() => undefined);
      await alerts.close();
      await connection.quit();
      await store.close();
      await service.close();
    }
  }, 120_000);
});
