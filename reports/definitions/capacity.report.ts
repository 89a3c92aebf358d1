// Capacity: per group (environment, role or tag) active nodes, runs per day, run duration
// p50/p95/p99, failure rate, resources per run and reported memory and disk; the tenant's
// ingest load; growth per day and a days-to-threshold forecast from the daily trend.
import { z } from 'zod';
import { DAY_MS } from '../../core/clock.ts';
import { normalizePeriod, PERIOD, reportPeriod, UNTIL_AFTER_FROM } from '../period.ts';
import { reportMeta } from '../meta.ts';
import type { ReportDefinition, ReportModel } from '../types.ts';
import { daysToThreshold, percentile, slope } from '../usage/trend.ts';
import { collectUsage, type DailyUsage, GroupBy } from '../usage/usage.ts';

export const CapacityParams = z
  .strictObject({
    ...PERIOD,
    groupBy: GroupBy,
    thresholds: z
      .strictObject({
        activeNodes: z.number().int().positive().optional().describe('Forecast when daily active nodes reach this'),
        ingestBytesPerDay: z.number().positive().optional().describe('Forecast when daily ingest volume reaches this'),
      })
      .default({}),
  })
  .refine(...UNTIL_AFTER_FROM)
  .transform(normalizePeriod);
export type CapacityParams = z.output<typeof CapacityParams>;

export interface CapacityGroup {
  group: string;
  activeNodes: number;
  runsPerDay: number;
  durationMs: { p50: number | null; p95: number | null; p99: number | null };
  failureRatePct: number;
  resourcesPerRun: number;
  memoryBytes: number;
  diskBytes: number;
  diskUsedBytes: number;
  diskUsedPct: number | null;
}

export interface Forecast {
  metric: 'activeNodes' | 'ingestBytesPerDay';
  current: number;
  perDay: number;
  threshold: number | null;
  daysToThreshold: number | null;
}

export interface CapacityModel extends ReportModel {
  days: number;
  groups: CapacityGroup[];
  ingest: { requestsPerDay: number; bytesPerDay: number; statement: string };
  daily: DailyUsage[];
  forecasts: Forecast[];
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export const capacityReport: ReportDefinition<CapacityParams, CapacityModel> = {
  id: 'capacity',
  title: 'Capacity',
  params: CapacityParams,
  template: 'capacity',
  templateVersion: '2',
  async collect(ctx, params) {
    const period = reportPeriod(params, ctx.clock.now());
    const days = Math.max(1, (period.until.getTime() - period.from.getTime()) / DAY_MS);
    const { nodes, daily, ingest } = await collectUsage(ctx.store, ctx.tenant, period, params.groupBy);
    const groupOfNode = new Map(nodes.map((n) => [n.node, n.group]));
    const stats = new Map<string, { durations: number[]; runs: number; failed: number; resources: number }>();
    for await (const run of ctx.store.reporting.runMetrics(ctx.tenant, period)) {
      const group = groupOfNode.get(run.node);
      if (group === undefined) continue;
      const s = stats.get(group) ?? { durations: [], runs: 0, failed: 0, resources: 0 };
      if (run.durationMs !== undefined) s.durations.push(run.durationMs);
      s.runs += 1;
      s.failed += run.failed ? 1 : 0;
      s.resources += run.resources;
      stats.set(group, s);
    }
    const groups = [...new Set(nodes.map((n) => n.group))].sort().map((group): CapacityGroup => {
      const members = nodes.filter((n) => n.group === group && n.runs > 0);
      const s = stats.get(group) ?? { durations: [], runs: 0, failed: 0, resources: 0 };
      const sorted = s.durations.sort((a, b) => a - b);
      const total = (key: 'memoryBytes' | 'diskBytes' | 'storageBytes') => members.reduce((sum, n) => sum + n[key], 0);
      const diskBytes = total('diskBytes');
      return {
        group,
        activeNodes: members.length,
        runsPerDay: round(s.runs / days),
        durationMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) },
        failureRatePct: s.runs === 0 ? 0 : round((s.failed / s.runs) * 100),
        resourcesPerRun: s.runs === 0 ? 0 : round(s.resources / s.runs),
        memoryBytes: total('memoryBytes'),
        diskBytes,
        diskUsedBytes: total('storageBytes'),
        diskUsedPct: diskBytes === 0 ? null : round((total('storageBytes') / diskBytes) * 100),
      };
    });
    const forecast = (metric: Forecast['metric'], series: number[], threshold: number | undefined): Forecast => {
      const perDay = round(slope(series), 3);
      const current = series.at(-1) ?? 0;
      return { metric, current, perDay, threshold: threshold ?? null, daysToThreshold: threshold === undefined ? null : daysToThreshold(current, threshold, perDay) };
    };
    return {
      meta: reportMeta(this, ctx, params),
      days: round(days),
      groups,
      ingest: {
        requestsPerDay: round(ingest.requests / days),
        bytesPerDay: round(ingest.bytes / days),
        statement: ingest.statement,
      },
      daily,
      forecasts: [
        forecast('activeNodes', daily.map((d) => d.activeNodes), params.thresholds.activeNodes),
        forecast('ingestBytesPerDay', daily.map((d) => d.ingestBytes), params.thresholds.ingestBytesPerDay),
      ],
    };
  },
  tables: (model) => [
    { name: 'groups', rows: model.groups.map(({ durationMs, ...g }) => ({ ...g, durationP50Ms: durationMs.p50, durationP95Ms: durationMs.p95, durationP99Ms: durationMs.p99 })) },
    { name: 'daily', rows: model.daily.map((d) => ({ ...d })) },
    { name: 'forecasts', rows: model.forecasts.map((f) => ({ ...f })) },
  ],
  charts: (model) => [
    {
      title: 'Active nodes and runs per day',
      option: {
        animation: false,
        legend: { top: 0 },
        grid: { left: 50, right: 50, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: model.daily.map((d) => d.day) },
        yAxis: [{ type: 'value', name: 'nodes' }, { type: 'value', name: 'runs' }],
        series: [
          { name: 'active nodes', type: 'line', data: model.daily.map((d) => d.activeNodes) },
          { name: 'runs', type: 'bar', yAxisIndex: 1, data: model.daily.map((d) => d.runs) },
        ],
      },
    },
  ],
  findingCount: () => 0,
};
