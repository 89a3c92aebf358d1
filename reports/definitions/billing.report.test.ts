import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeClassification } from '../../core/classification.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import type { Store } from '../../store/types.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import { renderCsvZip } from '../renderers/csv.ts';
import { renderHtml } from '../renderers/html.ts';
import { createTemplateEngine } from '../templates/engine.ts';
import { seedClock, seedContext } from '../testing/seed.ts';
import { parseRateCard } from '../usage/rate-card.ts';
import { billingReport } from './billing.report.ts';

const RATE_CARD = `
version: "2026-11"
currency: EUR
rates:
  nodeHour: 0.01
  run: 0.5
  ingestRequest: 0.1
  ingestGigabyte: 2
  changeApplied: 1.25
  storageGigabyteMonth: 0.73
`;

let store: Store;
beforeEach(async () => {
  store = createSqliteStore({ path: ':memory:' });
  const run = (node: string, environment: string, startedAt: string, classification?: ChangeClassification['classification'], diskUsedBytes?: number, metrics?: Record<string, number>) => {
    const built = buildRun({ node, environment, startedAt, resources: classification ? [{ status: classification === 'failed' ? 'failed' : 'changed' }] : [] });
    built.raw.size = 250_000_000;
    if (diskUsedBytes) built.report.node.capacity = { diskUsedBytes };
    if (metrics) built.report.metrics = metrics;
    return { ...built, ...(classification ? { classifications: [{ classification, reason: 'test' }] } : {}) };
  };
  await store.write({
    runs: [
      run('web01', 'prod', '2026-11-01T00:00:00.000Z', 'planned', 73e9),
      run('web01', 'prod', '2026-11-02T00:00:00.000Z', 'unplanned', 73e9),
      run('db01', 'prod', '2026-11-01T12:00:00.000Z', 'corrective'),
      run('db01', 'prod', '2026-11-02T00:00:00.000Z', undefined, undefined, { 'storage.mysql.orders_bytes': 36.5e9, 'storage.mysql.users_bytes': 36.5e9, 'time.total': 3 }),
      run('dev01', 'dev', '2026-11-01T06:00:00.000Z', 'failed'),
    ],
    nodeEvents: [],
  });
});
afterEach(() => store.close());

const params = { from: '2026-11-01T00:00:00Z', until: '2026-11-03T00:00:00Z', rateCard: parseRateCard(RATE_CARD) };

describe('billing report', () => {
  it('prices usage per group into invoice lines whose totals match the hand-computed case', async () => {
    const model = await billingReport.collect(seedContext(store), billingReport.params.parse(params));
    const lines = (group: string) => model.groups.find((g) => g.group === group)!.lines.map((l) => [l.item, l.quantity, l.amount]);
    // prod: web01 24 h + db01 12 h; 4 runs of 0.25 GB; 3 applied changes; storage: web01's disk in
    // use, 73 GB × 24 h / 730 h = 2.4 GB-months, plus db01's MySQL tables, 73 GB × 12 h / 730 h = 1.2.
    expect(lines('prod')).toEqual([
      ['nodeHour', 36, 0.36],
      ['run', 4, 2],
      ['ingestRequest', 4, 0.4],
      ['ingestGigabyte', 1, 2],
      ['changeApplied', 3, 3.75],
      ['storageGigabyteMonth', 3.6, 2.63],
    ]);
    expect(lines('dev')).toEqual([
      ['nodeHour', 0, 0],
      ['run', 1, 0.5],
      ['ingestRequest', 1, 0.1],
      ['ingestGigabyte', 0.25, 0.5],
      ['changeApplied', 0, 0],
      ['storageGigabyteMonth', 0, 0],
    ]);
    expect(model.groups.map((g) => [g.group, g.nodes, g.total])).toEqual([['dev', 1, 1.1], ['prod', 2, 11.14]]);
    expect(model).toMatchObject({ total: 12.24, currency: 'EUR', rateCardVersion: '2026-11' });
  });

  it('groups by first role when asked', async () => {
    const model = await billingReport.collect(seedContext(store), billingReport.params.parse({ ...params, groupBy: 'role' }));
    expect(model.groups.map((g) => [g.group, g.nodes, g.total])).toEqual([['App', 3, 12.24]]);
  });

  it('refuses a rate card without a version or with a negative rate', () => {
    expect(() => parseRateCard('currency: EUR\nrates: {}')).toThrow(/version/);
    expect(billingReport.params.safeParse({ ...params, rateCard: { version: '1', currency: 'EUR', rates: { run: -1 } } }).success).toBe(false);
  });

  it('renders the invoice as HTML and CSV with the same totals', async () => {
    const model = await billingReport.collect({ ...seedContext(store), clock: seedClock }, billingReport.params.parse(params));
    const html = renderHtml(billingReport, model, createTemplateEngine());
    expect(html).toContain('<b>12.24 EUR</b>');
    expect(html).toContain('<svg');
    const zip = await renderCsvZip(billingReport.tables(model));
    const { unzipSync, strFromU8 } = await import('fflate');
    expect(strFromU8(unzipSync(zip)['totals.csv']!).trim().split('\n')).toEqual(['group,nodes,total,currency', 'dev,1,1.1,EUR', 'prod,2,11.14,EUR', 'TOTAL,3,12.24,EUR']);
  });
});
