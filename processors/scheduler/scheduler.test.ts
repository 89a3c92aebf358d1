import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import { verifyAuditLog } from './audit-verify.job.ts';
import { purgeExpiredRuns } from './retention.job.ts';
import { startScheduler } from './scheduler.ts';

const clock: Clock = { now: () => new Date('2026-11-20T03:17:00.000Z') };

describe('retention', () => {
  it('purges runs older than the period and records what it deleted in the audit log', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const old = buildRun({ startedAt: '2025-10-01T00:00:00.000Z' });
    const kept = buildRun({ startedAt: '2025-11-01T00:00:00.000Z' });
    await store.write({ runs: [old, kept], nodeEvents: [] });

    expect(await purgeExpiredRuns(store, 396, clock)).toEqual({ runs: 1, changes: 1, cutoff: '2025-10-20T03:17:00.000Z' });
    expect((await store.runs.list('acme', {}, { limit: 10 })).items.map((r) => r.id)).toEqual([kept.id]);
    const [entry] = (await store.audit.list({ action: 'retention.purge' }, { limit: 1 })).items;
    expect(entry).toMatchObject({ actor: 'system', outcome: 'success', details: { cutoff: '2025-10-20T03:17:00.000Z', runsDays: 396, runs: 1, changes: 1 } });
    await store.close();
  });
});

describe('audit verification job', () => {
  it('records each verification, and a failure, in the log it verifies', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    await store.audit.append({ actor: 'cli', action: 'token.create', outcome: 'success' });
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checked: 1 });
    const [entry] = (await store.audit.list({ action: 'audit.verify' }, { limit: 1 })).items;
    expect(entry).toMatchObject({ seq: 2, actor: 'system', outcome: 'success', details: { checked: 1, head: { seq: 1 } } });
    await store.close();
  });
});

describe('scheduler', () => {
  it('runs each job on its cron expression and survives a job that throws', async () => {
    const ran: string[] = [];
    const scheduler = startScheduler(
      [
        { name: 'failing', cron: '* * * * * *', run: async () => Promise.reject(new Error('boom')) },
        { name: 'counting', cron: '* * * * * *', run: async () => ran.push('counting') },
      ],
      pino({ level: 'silent' }),
    );
    try {
      const deadline = Date.now() + 5000;
      while (ran.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(ran.slice(0, 2)).toEqual(['counting', 'counting']);
    } finally {
      await scheduler.stop();
    }
  });
});
