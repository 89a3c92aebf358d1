// How RunLedger judges each change: against approved planned changes (the whitelist) and the
// node's own history. Computed by the classify stage when a run is processed and stored with
// each change; a plan approved later does not rewrite it.
export const CLASSIFICATIONS = ['planned', 'unplanned', 'out_of_window', 'corrective', 'failed', 'noop'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface ChangeClassification {
  classification: Classification;
  /** The plan that matched: approved or expired (planned, out_of_window), or, for an unplanned
   *  change, the revoked plan that alone matched it (a finding). */
  plan?: { id: string; ticket: string; approver?: string };
  /** Why, in words: "no approved plan matches", "desired content unchanged since run r_…". */
  reason: string;
}

export type ClassificationSummary = Record<Classification, number>;

export function summarize(classifications: readonly ChangeClassification[]): ClassificationSummary {
  const summary: ClassificationSummary = { planned: 0, unplanned: 0, out_of_window: 0, corrective: 0, failed: 0, noop: 0 };
  for (const { classification } of classifications) summary[classification] += 1;
  return summary;
}
