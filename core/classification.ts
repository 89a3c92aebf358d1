// How RunLedger judges each change: against approved planned changes (the whitelist) and the
// node's own history. Computed by the classify stage when a run is processed and stored with
// each change; a plan approved later does not rewrite it.
export const CLASSIFICATIONS = ['planned', 'unplanned', 'out_of_window', 'corrective', 'failed', 'noop'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface ChangeClassification {
  classification: Classification;
  /** The approved plan that matched (planned, out_of_window). */
  plan?: { id: string; ticket?: string; approver?: string };
  /** Why, in words: "no approved plan matches", "desired content unchanged since run r_…". */
  reason: string;
}

export type ClassificationSummary = Record<Classification, number>;
