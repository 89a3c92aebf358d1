// Billing / chargeback: usage per tenant and per group (environment, role or tag) priced by
// a versioned rate card into invoice lines and totals. Amounts are rounded to the cent per
// line; totals are sums of the rounded lines, so every printed number adds up.
import { z } from 'zod';
import { normalizePeriod, PERIOD, reportPeriod, UNTIL_AFTER_FROM } from '../period.ts';
import { reportMeta } from '../meta.ts';
import type { ReportDefinition, ReportModel } from '../types.ts';
import { RATE_ITEMS, RateCard } from '../usage/rate-card.ts';
import type { IngestTotals } from '../usage/ingest.ts';
import { collectUsage, GroupBy, type NodeUsage } from '../usage/usage.ts';

const HOURS_PER_MONTH = 730;
const GB = 1e9;

export const BillingParams = z
  .strictObject({
    ...PERIOD,
    groupBy: GroupBy,
    rateCard: RateCard,
    storageMetricPrefix: z.string().min(1).max(200).default('storage.').describe("Run metrics (bytes) that are billed storage, e.g. storage.mysql.orders_bytes; nodes without them: their disk in use"),
  })
  .refine(...UNTIL_AFTER_FROM)
  .transform(normalizePeriod);
export type BillingParams = z.output<typeof BillingParams>;

export interface InvoiceLine {
  group: string;
  item: string;
  label: string;
  unit: string;
  quantity: number;
  rate: number;
  amount: number;
}

export interface BillingModel extends ReportModel {
  currency: string;
  rateCardVersion: string;
  groups: { group: string; nodes: number; lines: InvoiceLine[]; total: number }[];
  /** Ingest is priced once for the tenant: counted per tenant, not per node. */
  ingest: { lines: InvoiceLine[]; total: number } & IngestTotals;
  total: number;
}

/** The invoice group of the tenant-wide lines. */
export const TENANT_GROUP = '(whole tenant)';

const cents = (value: number) => Math.round(value * 100) / 100;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

type Item = (typeof RATE_ITEMS)[number]['item'];

function groupQuantities(nodes: readonly NodeUsage[]): Partial<Record<Item, number>> {
  return {
    nodeHour: sum(nodes.map((n) => n.nodeHours)),
    run: sum(nodes.map((n) => n.runs)),
    changeApplied: sum(nodes.map((n) => n.changesApplied)),
    storageGigabyteMonth: sum(nodes.map((n) => (n.storageBytes / GB) * (n.nodeHours / HOURS_PER_MONTH))),
  };
}

function linesOf(group: string, scope: 'group' | 'tenant', quantities: Partial<Record<Item, number>>, rateCard: BillingParams['rateCard']): InvoiceLine[] {
  return RATE_ITEMS.filter((r) => r.scope === scope).map(({ item, label, unit }) => {
    const quantity = quantities[item] ?? 0;
    const rate = rateCard.rates[item];
    return { group, item, label, unit, quantity: Math.round(quantity * 1000) / 1000, rate, amount: cents(quantity * rate) };
  });
}

export const billingReport: ReportDefinition<BillingParams, BillingModel> = {
  id: 'billing',
  title: 'Billing and chargeback',
  params: BillingParams,
  template: 'billing',
  templateVersion: '2',
  async collect(ctx, params) {
    const { nodes, ingest } = await collectUsage(ctx.store, ctx.tenant, reportPeriod(params, ctx.clock.now()), params.groupBy, params.storageMetricPrefix);
    const byGroup = new Map<string, NodeUsage[]>();
    for (const node of nodes) {
      const members = byGroup.get(node.group) ?? [];
      members.push(node);
      byGroup.set(node.group, members);
    }
    const groups = [...byGroup.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, members]) => {
        const lines = linesOf(group, 'group', groupQuantities(members), params.rateCard);
        return { group, nodes: members.length, lines, total: cents(sum(lines.map((l) => l.amount))) };
      });
    const ingestLines = linesOf(TENANT_GROUP, 'tenant', { ingestRequest: ingest.requests, ingestGigabyte: ingest.bytes / GB }, params.rateCard);
    const ingestTotal = cents(sum(ingestLines.map((l) => l.amount)));
    return {
      meta: reportMeta(this, ctx, params),
      currency: params.rateCard.currency,
      rateCardVersion: params.rateCard.version,
      groups,
      ingest: { ...ingest, lines: ingestLines, total: ingestTotal },
      total: cents(sum(groups.map((g) => g.total)) + ingestTotal),
    };
  },
  tables: (model) => [
    { name: 'invoice-lines', rows: [...model.groups.flatMap((g) => g.lines), ...model.ingest.lines].map((l) => ({ ...l, currency: model.currency })) },
    {
      name: 'totals',
      rows: [
        ...model.groups.map((g) => ({ group: g.group, nodes: g.nodes, total: g.total, currency: model.currency })),
        { group: TENANT_GROUP, nodes: model.groups.reduce((a, g) => a + g.nodes, 0), total: model.ingest.total, currency: model.currency },
        { group: 'TOTAL', nodes: model.groups.reduce((a, g) => a + g.nodes, 0), total: model.total, currency: model.currency },
      ],
    },
  ],
  charts: (model) => [
    {
      title: `Amount per group (${model.currency})`,
      option: { animation: false, grid: { left: 60, right: 10, top: 20, bottom: 30 }, xAxis: { type: 'category', data: [...model.groups.map((g) => g.group), TENANT_GROUP] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [...model.groups.map((g) => g.total), model.ingest.total] }] },
    },
  ],
  findingCount: () => 0,
};
