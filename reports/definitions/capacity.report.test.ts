import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import type { Store } from '../../store/types.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import { renderHtml } from '../renderers/html.ts';
import { createTemplateEngine } from '../templates/engine.ts';
import { seedContext } from '../testing/seed.ts';
import { daysToThreshold, percentile, slope } from '../usage/trend.ts';
import { capacityReport } from './capacity.report.ts';

let store: Store;
beforeEach(async () => {
  store = createSqliteStore({ path: ':memory:' });
  // One more production node each day; every fourth run fails; durations 1..8 s.
  const runs = [];
  let i = 0;
  for (let day = 1; day <= 3; day++) {
    for (let n = 1; n <= day; n++) {
      i += 1;
      const run = buildRun({ node: `web0${n}`, environment: 'prod', startedAt: new Date(Date.UTC(2026, 10, day, n)).toISOString(), status: i % 4 === 0 ? 'failure' : 'success' });
      run.report.durationMs = (i % 8 || 8) * 1000;
      run.report.node.capacity = { memoryBytes: 8e9, diskBytes: 100e9, diskUsedBytes: 25e9 };
      run.raw.size = 1000;
      runs.push(run);
    }
  }
  await store.write({ runs, nodeEvents: [] });
});
afterEach(() => store.close());

describe('capacity report', () => {
  it('computes per-group load, duration percentiles, failure rate, reported capacity and a growth forecast', async () => {
    const params = capacityReport.params.parse({ from: '2026-11-01T00:00:00Z', until: '2026-11-04T00:00:00Z', thresholds: { activeNodes: 10 } });
    const model = await capacityReport.collect(seedContext(store), params);
    expect(model.groups).toEqual([
      {
        group: 'prod',
        activeNodes: 3,
        runsPerDay: 2,
        durationMs: { p50: 3000, p95: 6000, p99: 6000 },
        failureRatePct: 16.67,
        resourcesPerRun: 4,
        memoryBytes: 24e9,
        diskBytes: 300e9,
        diskUsedBytes: 75e9,
        diskUsedPct: 25,
      },
    ]);
    expect(model.ingest).toEqual({
      requestsPerDay: 2,
      bytesPerDay: 2000,
      statement: '3 day(s) (2026-11-01 to 2026-11-03) predate counting and are estimated: one request per stored run report and its raw size; rejected requests and node events of those days are not included.',
    });
    expect(model.daily.map((d) => [d.day, d.activeNodes, d.runs])).toEqual([['2026-11-01', 1, 1], ['2026-11-02', 2, 2], ['2026-11-03', 3, 3]]);
    expect(model.forecasts).toEqual([
      { metric: 'activeNodes', current: 3, perDay: 1, threshold: 10, daysToThreshold: 7 },
      { metric: 'ingestBytesPerDay', current: 3000, perDay: 1000, threshold: null, daysToThreshold: null },
    ]);
    expect(renderHtml(capacityReport, model, createTemplateEngine())).toContain('<td>prod</td><td class="n">3</td>');
  });

  it('takes the ingest load of counted days from the counts, node events and refused requests included', async () => {
    await store.ingestUsage.record([{ tenant: 'acme', day: '2026-11-03', requests: 9, rejected: 4, bytes: 9000 }, { tenant: 'acme', day: '2026-11-04', requests: 1, rejected: 1, bytes: 10 }]);
    const params = capacityReport.params.parse({ from: '2026-11-01T00:00:00Z', until: '2026-11-04T00:00:00Z' });
    const model = await capacityReport.collect(seedContext(store), params);
    // 1 + 2 estimated requests and 1000 + 2000 bytes, then 9 counted requests and 9000 bytes; 2026-11-04 is outside.
    expect(model.ingest).toMatchObject({ requestsPerDay: 4, bytesPerDay: 4000 });
    expect(model.daily.map((d) => [d.day, d.ingestRequests, d.ingestBytes])).toEqual([['2026-11-01', 1, 1000], ['2026-11-02', 2, 2000], ['2026-11-03', 9, 9000]]);
    expect(model.forecasts[1]).toMatchObject({ metric: 'ingestBytesPerDay', current: 9000, perDay: 4000 });
  });

  it.each([
    { name: 'percentile by nearest rank', got: () => [percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 99), percentile([], 50)], want: [2, 4, null] },
    { name: 'slope of a straight line', got: () => [slope([1, 3, 5]), slope([4]), slope([2, 2, 2])], want: [2, 0, 0] },
    { name: 'days to threshold', got: () => [daysToThreshold(3, 10, 1), daysToThreshold(12, 10, 1), daysToThreshold(3, 10, 0), daysToThreshold(3, 10, 3)], want: [7, 0, null, 3] },
  ])('$name', ({ got, want }) => {
    expect(got()).toEqual(want);
  });
});
