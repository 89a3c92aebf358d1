// The `alerts:` configuration section (issue 4): receivers, the routing tree, maintenance
// windows, delivery retries and the sweeps that raise alerts of their own.
import cron from 'node-cron';
import { z } from 'zod';
import { ALERT_KINDS, SEVERITIES } from './alert.ts';
import { InhibitRules, ReceiverName, RouteTree, unknownReceivers } from './alert-routing.ts';
import { SINKS } from '../sinks/index.ts';
import { SINK_KINDS, type SinkKind } from '../sinks/types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const CronExpression = z.string().refine((value) => cron.validate(value), 'not a valid cron expression');

/** One key per sink kind; exactly one is set: `- name: oncall\n  pagerduty: { routingKey: … }`. */
const Receiver = z
  .strictObject({
    name: ReceiverName.describe('How routes, the API and `runledger sink test` name this receiver'),
    ...(Object.fromEntries(SINK_KINDS.map((kind) => [kind, SINKS[kind].config.optional()])) as Record<SinkKind, z.ZodOptional<z.ZodType<unknown, unknown>>>),
  })
  .refine((r) => SINK_KINDS.filter((kind) => (r as Record<string, unknown>)[kind] !== undefined).length === 1, {
    message: `a receiver has exactly one of ${SINK_KINDS.join(', ')}`,
  });
export type ReceiverConfig = z.infer<typeof Receiver>;

const MaintenanceWindow = z.strictObject({
  environment: z.string().min(1).describe('Environment whose alerts are held back'),
  from: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }),
  comment: z.string().default(''),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const AlertsConfig = z
  .strictObject({
    templatesDir: z.string().optional().describe('Directory with title.hbs / text.hbs that replace the shipped message templates'),
    receivers: z.array(Receiver).default([]).describe('Where alerts can go: [{ name, one of slack, teams, pagerduty, opsgenie, webhook, email: {…} }] (docs/alerts.md)'),
    route: RouteTree.prefault({}).describe('The routing tree in effect until one is written through the API (PUT /api/v1/alert-routes)'),
    inhibitRules: InhibitRules.default([]).describe('While a source alert fires, matching target alerts with equal labels are stored, not sent: [{ source: {label: value}, target: {…}, equal: [node] }] (docs/alerts.md)'),
    kinds: z
      .partialRecord(z.enum(ALERT_KINDS), z.strictObject({ enabled: z.boolean().default(true), severity: z.enum(SEVERITIES).optional() }))
      .default({})
      .describe('Per alert kind: { enabled, severity } to switch a kind off or change its severity'),
    maintenance: z.array(MaintenanceWindow).default([]).describe('Windows in which an environment\'s alerts are stored but not sent: [{ environment, from, until, comment }]'),
    systemTenant: z.string().min(1).default('default').describe('Tenant of alerts about RunLedger itself (auth-failure bursts, a broken audit chain)'),
    nodeMissing: z
      .strictObject({
        sweepCron: CronExpression.default('*/5 * * * *').describe('When nodes are checked for having stopped reporting (cron)'),
        missedIntervals: z.number().min(1).max(100).default(3).describe('Missing after this many expected intervals without a report'),
        defaultIntervalMs: z.number().int().min(MINUTE).default(30 * MINUTE).describe('Expected interval of a node with too little history (Puppet\'s runinterval)'),
        intervalsMs: z.record(z.string(), z.number().int().min(MINUTE)).default({}).describe('Expected interval per environment; wins over what is learned from history'),
      })
      .prefault({}),
    authFailures: z
      .strictObject({
        sweepCron: CronExpression.default('* * * * *').describe('When ingest authentication failures are counted (cron)'),
        windowMs: z.number().int().min(MINUTE).default(5 * MINUTE).describe('Window the failures are counted in'),
        threshold: z.number().int().min(1).default(50).describe('Failures within the window that raise an alert'),
      })
      .prefault({}),
    delivery: z
      .strictObject({
        concurrency: z.number().int().min(1).max(256).default(4).describe('Messages sent at once to each receiver (each has its own queue, so a slow one delays only itself)'),
        initialBackoffMs: z.number().int().min(10).default(1000).describe('First retry delay; doubles each attempt (with jitter)'),
        maxBackoffMs: z.number().int().min(10).default(10 * MINUTE).describe('Longest retry delay (a longer Retry-After is still honoured)'),
        giveUpAfterMs: z.number().int().min(1000).default(24 * HOUR).describe('After this long a message goes to the dead-letter list'),
      })
      .prefault({}),
  })
  .superRefine((alerts, ctx) => {
    const names = new Set(alerts.receivers.map((r) => r.name));
    if (names.size !== alerts.receivers.length) ctx.addIssue({ code: 'custom', path: ['receivers'], message: 'receiver names must be unique' });
    for (const issue of unknownReceivers(alerts, names)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type AlertsConfig = z.infer<typeof AlertsConfig>;

/** The sink kind and its parsed config of a receiver. */
export function receiverSink(receiver: ReceiverConfig): { kind: SinkKind; config: unknown } {
  const kind = SINK_KINDS.find((k) => (receiver as Record<string, unknown>)[k] !== undefined)!;
  return { kind, config: (receiver as Record<string, unknown>)[kind] };
}
