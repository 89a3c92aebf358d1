// The routing document (issue 4): the routing tree that sends alerts to receivers. It comes
// from config (alerts.route) or, once written there, from the API (PUT /api/v1/alert-routes);
// both are checked by the same schema and the same receiver check.
import { z } from 'zod';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const ReceiverName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, . _ - (at most 64)');

/** Alert label → value (or any of several values). Labels: tenant, environment, kind, severity, node, tags. */
export const Match = z.record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)]));
export type Match = z.infer<typeof Match>;

export interface RouteConfig {
  match: Match;
  receivers: string[];
  continue: boolean;
  repeatIntervalMs?: number | undefined;
  groupWaitMs?: number | undefined;
  groupBy?: string[] | undefined;
  groupIntervalMs?: number | undefined;
  routes: RouteConfig[];
}

/** Label names; alerts with equal values of all of them are one group (e.g. [environment, kind]). */
const GroupBy = z.array(z.string().min(1)).max(10);
const GroupInterval = z.number().int().min(0).max(24 * HOUR);

const Route: z.ZodType<RouteConfig, unknown> = z.lazy(() =>
  z.strictObject({
    match: Match.default({}).describe('Labels the alert must have; empty matches every alert'),
    receivers: z.array(ReceiverName).default([]).describe('Receivers of alerts this route takes'),
    continue: z.boolean().default(false).describe('Also try the next sibling route after this one matched'),
    repeatIntervalMs: z.number().int().min(MINUTE).optional().describe('Send a still-firing alert again after this long; default: the parent\'s'),
    groupWaitMs: z.number().int().min(0).max(HOUR).optional().describe('Hold a new alert\'s (or group\'s) first message this long; default: the parent\'s'),
    groupBy: GroupBy.optional().describe('Labels whose values make a group sent as one message; default: the parent\'s'),
    groupIntervalMs: GroupInterval.optional().describe('How long after a group\'s message its new alerts wait for the next; default: the parent\'s'),
    routes: z.array(Route).default([]).describe('More specific routes, tried in order'),
  }),
);

/** The root of the tree: every alert enters here; its settings are the defaults of every route. */
export const RouteTree = z.strictObject({
  receivers: z.array(ReceiverName).default([]).describe('Receivers of alerts that no child route takes'),
  repeatIntervalMs: z.number().int().min(MINUTE).default(4 * HOUR).describe('Send a still-firing alert again after this long'),
  groupWaitMs: z.number().int().min(0).max(HOUR).default(0).describe('Hold a new alert\'s first message this long; an alert that ends meanwhile (a failed run fixed by the next) is never sent'),
  groupBy: GroupBy.optional().describe('Labels whose values make a group sent as one message (Alertmanager\'s group_by); unset: every alert is its own message'),
  groupIntervalMs: GroupInterval.default(5 * MINUTE).describe('How long after a group\'s message its new or resolved alerts wait for the next one'),
  routes: z.array(Route).default([]).describe('Routes tried in order: { match, receivers, continue, repeatIntervalMs, groupWaitMs, groupBy, groupIntervalMs, routes }'),
});
export type RouteTree = z.infer<typeof RouteTree>;

const someLabel = (m: Match) => Object.keys(m).length > 0;

/** Alertmanager's inhibit_rules: while an alert matching `source` fires, alerts matching `target`
 *  whose `equal` labels have the same values (both absent counts as equal) are stored, not sent.
 *  Always within one tenant. */
export const InhibitRule = z.strictObject({
  source: Match.refine(someLabel, 'name at least one label').describe('Labels of the alert that inhibits, as a route\'s match (e.g. { kind: node_missing })'),
  target: Match.refine(someLabel, 'name at least one label').describe('Labels of the alerts it holds back (e.g. { kind: run_failed })'),
  equal: z.array(z.string().min(1)).max(10).default([]).describe('Labels source and target must share (e.g. [node]); the tenant always is'),
});
export type InhibitRule = z.infer<typeof InhibitRule>;

export const InhibitRules = z.array(InhibitRule).max(100);

/** What can be written through the API and is kept in the Store. */
export interface AlertRouting {
  route: RouteTree;
  inhibitRules: InhibitRule[];
}

export interface RoutingIssue {
  path: (string | number)[];
  message: string;
}

/** Receivers the tree names that are not in alerts.receivers, each with its path. */
export function unknownReceivers(routing: AlertRouting, receivers: ReadonlySet<string>): RoutingIssue[] {
  const issues: RoutingIssue[] = [];
  const check = (names: string[], path: (string | number)[]) => {
    for (const name of names) if (!receivers.has(name)) issues.push({ path, message: `unknown receiver '${name}' (alerts.receivers has ${[...receivers].join(', ') || 'none'})` });
  };
  check(routing.route.receivers, ['route', 'receivers']);
  const walk = (routes: RouteConfig[], path: (string | number)[]) =>
    routes.forEach((route, i) => {
      check(route.receivers, [...path, i, 'receivers']);
      walk(route.routes, [...path, i, 'routes']);
    });
  walk(routing.route.routes, ['route', 'routes']);
  return issues;
}

/** The routing document as PUT /api/v1/alert-routes takes it, checked against these receivers. */
export function alertRoutingSchema(receivers: ReadonlySet<string>) {
  return z
    .strictObject({
      route: RouteTree.describe('The routing tree, as alerts.route in config'),
      inhibitRules: InhibitRules.default([]).describe('As alerts.inhibitRules in config'),
    })
    .superRefine((routing, ctx) => {
      for (const issue of unknownReceivers(routing, receivers)) ctx.addIssue({ code: 'custom', ...issue });
    });
}

export type RoutingSource = 'config' | 'api';

/** The routing document in effect, and where it came from. */
export interface EffectiveRouting {
  source: RoutingSource;
  /** The stored revision (0: never written through the API); moves with every API write. */
  revision: number;
  changedAt?: string;
  changedBy?: { id: string; name: string };
  routing: AlertRouting;
  /** Set when the stored document names receivers that config no longer has: config is in effect. */
  problem?: string;
}

const pick = ({ route, inhibitRules }: AlertRouting): AlertRouting => ({ route, inhibitRules });

/** The stored document when there is one and it still fits the configured receivers, else config's. */
export function effectiveRouting(
  state: { revision: number; routing?: AlertRouting; changedAt?: string; changedBy?: { id: string; name: string } },
  configured: AlertRouting,
  receivers: ReadonlySet<string>,
): EffectiveRouting {
  const { routing: stored, ...meta } = state;
  if (!stored) return { source: 'config', ...meta, routing: pick(configured) };
  const checked = alertRoutingSchema(receivers).safeParse(stored);
  if (checked.success) return { source: 'api', ...meta, routing: checked.data };
  const why = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return { source: 'config', ...meta, routing: pick(configured), problem: `the tree written through the API is not used (${why}); fix it with PUT /api/v1/alert-routes or reset it` };
}
