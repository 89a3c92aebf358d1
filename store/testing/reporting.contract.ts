// Contract cases for the reporting reads (issue 5): population with coverage gaps, daily
// rollups, oldest-first change and failure streams, audit events and counts for a period.
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../test/helpers/run-builder.ts';
import type { Store } from '../types.ts';

const period = { from: new Date('2026-11-01T00:00:00Z'), until: new Date('2026-11-15T00:00:00Z') };
const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function reportingContract(store: () => Store): void {
  describe('reporting reads', () => {
    it('reports each node with its runs and the longest stretch without a successful run', async () => {
      await store().write({
        runs: [
          buildRun({ node: 'steady', environment: 'prod', startedAt: at(1, 1) }),
          buildRun({ node: 'steady', environment: 'prod', startedAt: at(3) }),
          buildRun({ node: 'steady', environment: 'prod', startedAt: at(14) }),
          buildRun({ node: 'flaky', status: 'failure', startedAt: at(2) }),
          buildRun({ node: 'flaky', startedAt: at(4) }),
          buildRun({ node: 'later', startedAt: at(20) }),
          buildRun({ node: 'other', tenant: 'globex', startedAt: at(2) }),
        ],
        nodeEvents: [],
      });
      const population = await store().reporting.population('acme', period);
      expect(population.map((p) => [p.node, p.runs, p.successfulRuns, p.failedRuns, p.longestGap])).toEqual([
        ['flaky', 2, 1, 1, { ms: 11 * 86_400_000, from: at(4), until: at(15) }],
        ['steady', 3, 3, 0, { ms: 11 * 86_400_000, from: at(3), until: at(14) }],
      ]);
      expect(population[1]).toMatchObject({ environment: 'prod', roles: ['App'], tags: [], capacity: {}, lastMetrics: { 'time.total': 1.5 }, firstSeen: at(1, 1), lastSuccessAt: at(14) });

      // A period that does not end at midnight UTC is answered from the runs, not the rollups.
      const partial = await store().reporting.population('acme', { from: period.from, until: new Date(at(14, 12)) });
      expect(partial.map((p) => [p.node, p.runs, p.longestGap])).toEqual([
        ['flaky', 2, { ms: 10.5 * 86_400_000, from: at(4), until: at(14, 12) }],
        ['steady', 3, { ms: 11 * 86_400_000, from: at(3), until: at(14) }],
      ]);
    });

    it('keeps the rollups exact when a run is rewritten onto another node and when runs are purged', async () => {
      const run = buildRun({ node: 'a', startedAt: at(2, 1) });
      await store().write({ runs: [run, buildRun({ node: 'b', startedAt: at(3, 1) })], nodeEvents: [] });
      await store().write({ runs: [{ ...run, report: { ...run.report, node: { ...run.report.node, name: 'b' } } }], nodeEvents: [] });
      const days = async () => (await collect(store().reporting.dailyRollups('acme', period))).map((r) => [r.day, r.node, r.runs]);
      expect(await days()).toEqual([['2026-11-02', 'b', 1], ['2026-11-03', 'b', 1]]);
      await store().purgeRunsBefore(new Date(at(3, 0)));
      expect(await days()).toEqual([['2026-11-03', 'b', 1]]);
    });

    it('rolls runs up per node and UTC day, with changes by classification and ingest bytes', async () => {
      const runs = [
        { ...buildRun({ node: 'a', startedAt: at(2, 1) }), classifications: [{ classification: 'unplanned' as const, reason: 'no plan' }] },
        { ...buildRun({ node: 'a', startedAt: at(2, 5), status: 'failure' }), classifications: [{ classification: 'failed' as const, reason: 'error' }] },
        buildRun({ node: 'a', startedAt: at(3, 1) }),
      ];
      await store().write({ runs, nodeEvents: [] });
      const rollups = await collect(store().reporting.dailyRollups('acme', period));
      expect(rollups.map((r) => [r.day, r.runs, r.successes, r.failures, r.changes.unplanned, r.changes.failed, r.durationMsTotal])).toEqual([
        ['2026-11-02', 2, 1, 1, 1, 1, 0],
        ['2026-11-03', 1, 1, 0, 0, 0, 0],
      ]);
      expect(rollups[0]!.ingestBytes).toBe(runs[0]!.raw.size + runs[1]!.raw.size);
    });

    it('streams the period changes and failed runs oldest first, across pages', async () => {
      const runs = Array.from({ length: 1203 }, (_, i) => buildRun({ node: `n${i % 7}`, startedAt: new Date(Date.UTC(2026, 10, 5) + i * 60_000).toISOString(), status: i % 500 === 0 ? 'failure' : 'success' }));
      await store().write({ runs, nodeEvents: [] });
      const changes = await collect(store().reporting.changes('acme', period));
      expect(changes.map((c) => c.run)).toEqual(runs.map((r) => r.id));
      const failed = await collect(store().reporting.failedRuns('acme', period));
      expect(failed.map((r) => r.id)).toEqual([runs[0]!.id, runs[500]!.id, runs[1000]!.id]);
      const metrics = await collect(store().reporting.runMetrics('acme', period));
      expect(metrics).toHaveLength(1203);
      expect(metrics[500]).toEqual({ node: 'n3', startedAt: runs[500]!.report.startedAt, failed: true, resources: 4 });
    });

    it('lists audit events of the period by action and counts tenant and unattributed entries', async () => {
      const append = (tenant: string | undefined, action: string, day: number) =>
        store().audit.append({ ...(tenant ? { tenant } : {}), actor: 'x', action, outcome: 'denied', at: at(day) });
      await append('acme', 'auth.failure', 2);
      await append('acme', 'auth.failure', 20);
      await append('acme', 'token.create', 3);
      await append(undefined, 'auth.failure', 4);
      await append('globex', 'auth.failure', 4);
      expect((await collect(store().reporting.auditEvents('acme', period, ['auth.failure']))).map((e) => e.at)).toEqual([at(2)]);
      expect(await store().reporting.auditCounts('acme', period)).toEqual([
        { action: 'auth.failure', outcome: 'denied', count: 1 },
        { action: 'token.create', outcome: 'denied', count: 1 },
      ]);
      expect(await store().reporting.auditCounts(undefined, period)).toEqual([{ action: 'auth.failure', outcome: 'denied', count: 1 }]);
    });
  });
}
