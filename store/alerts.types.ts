// The alerts part of the Store (issue 4): alerts by dedup key, silences, delivery attempts and
// dead letters. Document-like on purpose (get by id or key, put with a version, list with
// equality filters, a time range and keyset paging) so Elasticsearch can hold them too.
import type { AlertCandidate, AlertKind, Severity } from '../core/alert.ts';
import type { Page, PageRequest } from './types.ts';

export type AlertState = 'firing' | 'resolved';

export interface AlertRecord extends Omit<AlertCandidate, 'at'> {
  id: string;
  state: AlertState;
  startsAt: string;
  lastSeenAt: string;
  endsAt?: string;
  occurrences: number;
  /** Receivers that were sent this alert, and when last: they get its "resolved". */
  notified: Record<string, string>;
  /** The silence or maintenance window that kept it quiet when it last occurred. */
  silencedBy?: string;
  /** The firing alert (its id) whose inhibit rule kept this one quiet when it last occurred. */
  inhibitedBy?: string;
  /** Starts at 1; every put increments it. */
  version: number;
}

export interface AlertFilter {
  state?: AlertState;
  kind?: AlertKind;
  severity?: Severity;
  node?: string;
  environment?: string;
  since?: Date;
  until?: Date;
}

export interface SilenceMatcher {
  label: string;
  value: string;
}

export interface SilenceRecord {
  id: string;
  tenant: string;
  /** Every matcher must equal the alert's label. */
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  createdAt: string;
  version: number;
}

/** Which message to which receiver a record is about. */
interface DeliveryRef {
  id: string;
  tenant: string;
  deliveryId: string;
  receiver: string;
  /** The alert of a per-alert message. */
  alertId?: string;
  /** The alerts a group message listed (each alert's page shows it). */
  alertIds?: string[];
  dedupKey: string;
}

export interface DeliveryAttempt extends DeliveryRef {
  status: 'firing' | 'resolved';
  attempt: number;
  at: string;
  latencyMs: number;
  outcome: 'delivered' | 'retry' | 'rejected';
  reason?: string;
  httpStatus?: number;
  detail?: string;
}

export interface DeadLetter extends DeliveryRef {
  at: string;
  attempts: number;
  reason: string;
  detail: string;
}

export interface DeliveryFilter {
  receiver?: string;
  /** The alert's own messages and the group messages that listed it. */
  alertId?: string;
  outcome?: DeliveryAttempt['outcome'];
  since?: Date;
  until?: Date;
}

export interface AlertsStore {
  get(tenant: string, id: string): Promise<AlertRecord | undefined>;
  /** The firing alert with this dedup key, if any (at most one is firing at a time). */
  firing(tenant: string, dedupKey: string): Promise<AlertRecord | undefined>;
  /** Stores `alert` when the stored version is `alert.version - 1` (0: new). False on a conflict. */
  put(alert: AlertRecord): Promise<boolean>;
  /** Newest first by start. */
  list(tenant: string, filter: AlertFilter, page: PageRequest): Promise<Page<AlertRecord>>;
  /** Firing alerts of every tenant with this kind (sweeps resolve them). */
  firingOfKind(kind: AlertKind): Promise<AlertRecord[]>;
  /** Nodes of every tenant last seen before `seenBefore`, oldest first, each with the start
   *  times of its latest runs (newest first) to learn its reporting interval from. */
  quietNodes(seenBefore: Date, limit: number): Promise<QuietNode[]>;
}

export interface QuietNode {
  tenant: string;
  name: string;
  environment?: string;
  lastSeen: string;
  recentRunStarts: string[];
}

export interface SilencesStore {
  create(silence: SilenceRecord): Promise<void>;
  get(tenant: string, id: string): Promise<SilenceRecord | undefined>;
  put(silence: SilenceRecord): Promise<boolean>;
  /** Newest first; with `activeAt`, only silences whose window contains it. */
  list(tenant: string, filter: { activeAt?: Date }, page: PageRequest): Promise<Page<SilenceRecord>>;
}

export interface DeliveriesStore {
  record(attempt: DeliveryAttempt): Promise<void>;
  list(tenant: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<DeliveryAttempt>>;
  deadLetter(letter: DeadLetter): Promise<void>;
  deadLetters(tenant: string, filter: { receiver?: string }, page: PageRequest): Promise<Page<DeadLetter>>;
}
