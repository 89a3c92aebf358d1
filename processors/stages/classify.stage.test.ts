import { describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import { createMetrics } from '../../core/metrics.ts';
import type { Resource } from '../../core/run-report.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import type { IngestedRun } from '../../store/types.ts';
import { buildPlan } from '../../test/helpers/plan-builder.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import type { JobContext } from '../worker.ts';
import { classifyStage } from './classify.stage.ts';
import { persistStage } from './persist.stage.ts';

const clock: Clock = { now: () => new Date('2026-11-20T12:00:00.000Z') };
const conf = (checksum: string): Partial<Resource> => ({ title: '/etc/app.conf', path: '/etc/app.conf', contentChanged: true, desiredChecksum: checksum });
const run = (startedAt: string, checksum: string, runId?: string) => buildRun({ node: 'web', startedAt, resources: [conf(checksum)], ...(runId ? { runId } : {}) });

function pipeline() {
  const store = createSqliteStore({ path: ':memory:' });
  const metrics = createMetrics();
  const stages = [classifyStage({ store, metrics, clock, outOfWindowDays: 30 }), persistStage({ store, metrics })];
  const process = async (...runs: IngestedRun[]) => {
    const batch = { runs, nodeEvents: [] };
    for (const stage of stages) await stage.run(batch, {} as JobContext);
    return runs.map((r) => r.classifications!.map((c) => c.classification));
  };
  return { store, process };
}

describe('classify stage', () => {
  it('recognises a hand edit put back, across batches and within one batch', async () => {
    const { process } = pipeline();
    expect(await process(run('2026-11-20T08:00:00.000Z', '{md5}one'))).toEqual([['unplanned']]);
    expect(await process(run('2026-11-20T09:00:00.000Z', '{md5}one'))).toEqual([['corrective']]);
    expect(await process(run('2026-11-20T10:30:00.000Z', '{md5}two'), run('2026-11-20T10:00:00.000Z', '{md5}two'))).toEqual([['corrective'], ['unplanned']]);
  });

  it('classifies a re-delivered run the same way: its own earlier copy is not its history', async () => {
    const { process } = pipeline();
    await process(run('2026-11-20T08:00:00.000Z', '{md5}one'));
    const second = run('2026-11-20T09:00:00.000Z', '{md5}one', 'second');
    expect(await process(second)).toEqual([['corrective']]);
    expect(await process(run('2026-11-20T09:00:00.000Z', '{md5}one', 'second'))).toEqual([['corrective']]);
  });

  it('sees a plan approved after its previous batch, and forgets plans long past their window', async () => {
    const { store, process } = pipeline();
    expect(await process(run('2026-11-20T08:00:00.000Z', '{md5}one'))).toEqual([['unplanned']]);
    await store.plans.create(buildPlan({ input: { matchers: [{ type: 'File', name: '/etc/app.conf' }] } }));
    expect(await process(run('2026-11-20T09:00:00.000Z', '{md5}two'))).toEqual([['planned']]);

    const stale = pipeline();
    await stale.store.plans.create(buildPlan({ state: 'expired', input: { window: { from: '2026-10-01T00:00:00Z', until: '2026-10-02T00:00:00Z' } } }));
    await stale.store.plans.create(buildPlan({ state: 'expired', input: { matchers: [{ name: '/etc/other' }], window: { from: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00Z' } } }));
    expect(await stale.process(buildRun({ startedAt: '2026-11-20T08:00:00.000Z', resources: [conf('{md5}x'), { ...conf('{md5}y'), title: '/etc/other' }] }))).toEqual([['unplanned', 'out_of_window']]);
  });
});
