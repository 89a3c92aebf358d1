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
      ['changeApplied', 3, 3.75],
      ['storageGigabyteMonth', 3.6, 2.63],
    ]);
    expect(lines('dev')).toEqual([
      ['nodeHour', 0, 0],
      ['run', 1, 0.5],
      ['changeApplied', 0, 0],
      ['storageGigabyteMonth', 0, 0],
    ]);
    expect(model.groups.map((g) => [g.group, g.nodes, g.total])).toEqual([['dev', 1, 0.5], ['prod', 2, 8.74]]);
    // No day was counted: 5 run reports of 0.25 GB, one request each, priced for the whole tenant.
    expect(model.ingest).toMatchObject({
      lines: [
        { group: '(whole tenant)', item: 'ingestRequest', quantity: 5, amount: 0.5 },
        { group: '(whole tenant)', item: 'ingestGigabyte', quantity: 1.25, amount: 2.5 },
      ],
      total: 3, requests: 5, bytes: 1.25e9, countedDays: 0, estimatedDays: 2, countingSince: null,
      statement: '2 day(s) (2026-11-01 to 2026-11-02) predate counting and are estimated: one request per stored run report and its raw size; rejected requests and node events of those days are not included.',
    });
    expect(model).toMatchObject({ total: 12.24, currency: 'EUR', rateCardVersion: '2026-11' });
  });

  it('prices the counted ingest requests and bytes from the day counting began, and estimates only the days before', async () => {
    await store.ingestUsage.record([{ tenant: 'acme', day: '2026-11-02', requests: 7, rejected: 2, bytes: 1.5e9 }, { tenant: 'globex', day: '2026-11-01', requests: 99, rejected: 0, bytes: 9e9 }]);
    const model = await billingReport.collect(seedContext(store), billingReport.params.parse(params));
    // 2026-11-01: 3 runs of 0.25 GB (estimated); 2026-11-02: 7 requests, 1.5 GB (counted).
    expect(model.ingest).toMatchObject({
      lines: [{ item: 'ingestRequest', quantity: 10, amount: 1 }, { item: 'ingestGigabyte', quantity: 2.25, amount: 4.5 }],
      total: 5.5, requests: 10, rejected: 2, bytes: 2.25e9, countedDays: 1, estimatedDays: 1, countingSince: '2026-11-02',
    });
    expect(model.ingest.statement).toBe(
      'Ingest requests and bytes of 1 day(s) are counted: every authenticated request to an ingest endpoint, accepted or rejected, node events and pings included, with the body bytes received. ' +
        '1 day(s) (2026-11-01 to 2026-11-01) predate counting (which began 2026-11-02) and are estimated: one request per stored run report and its raw size; rejected requests and node events of those days are not included.',
    );
    expect(model.total).toBe(14.74);
  });

  it('groups by first role when asked', async () => {
    const model = await billingReport.collect(seedContext(store), billingReport.params.parse({ ...params, groupBy: 'role' }));
    expect(model.groups.map((g) => [g.group, g.nodes, g.total])).toEqual([['App', 3, 9.24]]);
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
    expect(strFromU8(unzipSync(zip)['totals.csv']!).trim().split('\n')).toEqual(['group,nodes,total,currency', 'dev,1,0.5,EUR', 'prod,2,8.74,EUR', '(whole tenant),3,3,EUR', 'TOTAL,3,12.24,EUR']);
  });
});
