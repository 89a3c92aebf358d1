// The contract between the alert pipeline and the places alerts go. A sink classifies what the
// remote service answered (DeliveryOutcome); the delivery processor decides whether to retry.
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AlertFacts } from '../core/alert.ts';
import type { Clock } from '../core/clock.ts';
import type { Templates } from './templates.ts';

export const SINK_KINDS = ['slack', 'teams', 'pagerduty', 'opsgenie', 'webhook', 'email'] as const;
export type SinkKind = (typeof SINK_KINDS)[number];

/** What one message to one receiver says; built by the alert pipeline, rendered by a sink. */
export interface Notification extends AlertFacts {
  status: 'firing' | 'resolved';
  startsAt: string;
  endsAt?: string;
  occurrences: number;
  /** Set when the message is about a group of alerts (route groupBy): `dedupKey` is then the
   *  group's key, and the members are listed here, firing ones first. */
  group?: NotificationGroup;
}

export interface NotificationGroup {
  firing: number;
  resolved: number;
  alerts: GroupedAlert[];
}

/** One member of a group as a message lists it. */
export type GroupedAlert = Pick<AlertFacts, 'dedupKey' | 'kind' | 'severity' | 'summary' | 'node' | 'environment' | 'link'> & {
  status: 'firing' | 'resolved';
  startsAt: string;
};

export type FailureReason = 'auth' | 'rate_limited' | 'client' | 'server' | 'timeout' | 'network' | 'config';

export type DeliveryOutcome =
  | { kind: 'delivered'; status?: number; remoteId?: string }
  | { kind: 'retry'; reason: FailureReason; detail: string; status?: number; afterMs?: number }
  | { kind: 'rejected'; reason: FailureReason; detail: string; status?: number };

export interface DeliveryContext {
  deliveryId: string;
  attempt: number;
  signal: AbortSignal;
}

export interface SinkDeps {
  clock: Clock;
  log: Logger;
  templates: Templates;
}

export interface Sink {
  send(notification: Notification, ctx: DeliveryContext): Promise<DeliveryOutcome>;
}

export interface SinkDefinition<C = unknown> {
  kind: SinkKind;
  config: z.ZodType<C, unknown>;
  /** A configuration as a user writes it; tested to parse. */
  example: Record<string, unknown>;
  create(config: C, deps: SinkDeps): Sink;
}
