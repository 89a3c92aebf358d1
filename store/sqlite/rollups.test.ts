// node_days is kept two ways: runs that arrive in order are added in place, anything else is
// recomputed from the runs table. Both must give exactly the same rollups.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../test/helpers/run-builder.ts';
import type { IngestedRun, Store } from '../types.ts';
import { createSqliteStore } from './sqlite.store.ts';

const DAY_START = Date.UTC(2026, 10, 20);
const PERIOD = { from: new Date(DAY_START), until: new Date(DAY_START + 86_400_000) };
const STATUSES = ['success', 'failure', 'noop', 'partial'] as const;
const CLASSES = ['planned', 'unplanned', 'corrective'] as const;

const runSpec = fc.record({
  node: fc.constantFrom('web01', 'web02'),
  minute: fc.integer({ min: 0, max: 1439 }),
  status: fc.constantFrom(...STATUSES),
  environment: fc.constantFrom('production', 'staging'),
  classification: fc.constantFrom(...CLASSES),
});

type RunSpec = typeof runSpec extends fc.Arbitrary<infer T> ? T : never;

function toRun(spec: RunSpec, i: number): IngestedRun {
  const run = buildRun({ node: spec.node, runId: `r${i}`, status: spec.status, environment: spec.environment, startedAt: new Date(DAY_START + spec.minute * 60_000).toISOString() });
  return { ...run, report: { ...run.report, durationMs: 1000 + i }, classifications: [{ classification: spec.classification, reason: 'test' }] };
}

async function rollupsOf(store: Store) {
  const rows = [];
  for await (const row of store.reporting.dailyRollups('acme', PERIOD)) rows.push(row);
  return { rows, population: await store.reporting.population('acme', PERIOD) };
}

describe('node_days rollups', () => {
  it('are the same whether runs arrive in order one by one, or shuffled in one batch (recomputed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(runSpec, { minLength: 1, maxLength: 25 }), async (specs) => {
        const runs = specs.map(toRun);
        const inOrder = createSqliteStore({ path: ':memory:' });
        const shuffled = createSqliteStore({ path: ':memory:' });
        for (const run of [...runs].sort((a, b) => a.report.startedAt.localeCompare(b.report.startedAt))) await inOrder.write({ runs: [run], nodeEvents: [] });
        await shuffled.write({ runs: [...runs].reverse(), nodeEvents: [] });
        expect(await rollupsOf(inOrder)).toEqual(await rollupsOf(shuffled));
        await inOrder.close();
        await shuffled.close();
      }),
      { numRuns: 60 },
    );
  });
});
