// The routing document written through the API (issue 4): one for the whole installation,
// since the tree routes every tenant's alerts. Its revision moves with every write, a reset to
// the configured tree included, so workers notice a change by reading one number.
import type { AlertRouting } from '../core/alert-routing.ts';

export interface RoutingAuthor {
  id: string;
  name: string;
}

export interface AlertRoutingState {
  /** 0: never written through the API. */
  revision: number;
  /** The document written through the API; absent: the configured one (alerts.route) is in effect. */
  routing?: AlertRouting;
  changedAt?: string;
  changedBy?: RoutingAuthor;
}

export interface AlertRoutingChange {
  /** Absent: go back to the configured document. */
  routing?: AlertRouting;
  changedAt: string;
  changedBy: RoutingAuthor;
}

export interface AlertRoutingStore {
  read(): Promise<AlertRoutingState>;
  /** The revision alone (cheap: workers call it per job). */
  revision(): Promise<number>;
  /** Applies `change` when the stored revision is `expected`; the new state, or undefined when
   *  another write came first. */
  write(change: AlertRoutingChange, expected: number): Promise<AlertRoutingState | undefined>;
}
