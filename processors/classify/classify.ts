// Classifies every listed change of a run: failed and noop as the agent said; corrective when
// the agent flags it or when a file is rewritten to the content it was already meant to have
// (someone edited it by hand and the agent put it back); otherwise planned, out of window or
// unplanned by the approved plans that match. Pure: plans and history come in the context.
import type { ChangeClassification } from '../../core/classification.ts';
import type { ChangeToMatch, PlanIndex, PlanMatch } from '../../core/plan-index.ts';
import { type Resource, type RunReport, resourceKey } from '../../core/run-report.ts';
import type { PreviousContent } from '../../store/types.ts';

export interface ClassifyContext {
  plans: PlanIndex;
  /** What each file resource of this node was last meant to contain, before this run. */
  previousContent: ReadonlyMap<string, PreviousContent>;
}

/** One classification per entry of report.resources, in the same order. */
export function classifyRun(report: RunReport, ctx: ClassifyContext): ChangeClassification[] {
  const at = Date.parse(report.startedAt);
  return report.resources.map((resource) => classifyChange(resource, report.node, at, ctx));
}

function classifyChange(resource: Resource, node: RunReport['node'], at: number, ctx: ClassifyContext): ChangeClassification {
  if (resource.status === 'failed') return { classification: 'failed', reason: 'the agent reported a failure' };
  if (resource.status === 'noop') return { classification: 'noop', reason: 'noop run: the change was not applied' };
  if (resource.corrective || resource.status === 'corrective') {
    return { classification: 'corrective', reason: 'the agent reported it corrective: drift put back' };
  }
  const previous = resource.contentChanged && resource.desiredChecksum ? ctx.previousContent.get(resourceKey(resource)) : undefined;
  if (previous && previous.checksum === resource.desiredChecksum) {
    return {
      classification: 'corrective',
      reason: `content rewritten to what run ${previous.run} already wanted (${previous.checksum}): the file was edited by hand`,
    };
  }
  return byPlans(ctx.plans.match(toMatchable(resource, node, at)));
}

/** The properties a plan's `property` matcher can name: those the change touched, plus
 *  `content` for any file whose content changed (Chef reports it as `checksum`). */
export function matchedProperties(resource: Pick<Resource, 'changes' | 'contentChanged'>): string[] {
  const properties = resource.changes.map((c) => c.property);
  if (resource.contentChanged && !properties.includes('content')) properties.push('content');
  return properties;
}

function toMatchable(resource: Resource, node: RunReport['node'], at: number): ChangeToMatch {
  return {
    type: resource.type,
    title: resource.title,
    ...(resource.action ? { action: resource.action } : {}),
    properties: matchedProperties(resource),
    node: { name: node.name, ...(node.environment ? { environment: node.environment } : {}), roles: node.roles, tags: node.tags },
    at,
  };
}

/** Overlapping plans: the earliest window wins, so the result does not depend on plan order. */
function byPlans(matches: PlanMatch[]): ChangeClassification {
  const sorted = [...matches].sort((a, b) => a.plan.window.from.localeCompare(b.plan.window.from) || a.plan.id.localeCompare(b.plan.id));
  const granted = sorted.filter((m) => m.plan.state === 'approved' || m.plan.state === 'expired');
  const planned = granted.find((m) => m.inWindow);
  if (planned) return { classification: 'planned', plan: planRef(planned), reason: `approved plan ${planned.plan.ticket} in its window` };
  const outside = granted[0];
  if (outside) {
    const { from, until } = outside.plan.window;
    return { classification: 'out_of_window', plan: planRef(outside), reason: `plan ${outside.plan.ticket} matches, but its window is ${from} to ${until}` };
  }
  const revoked = sorted.find((m) => m.plan.state === 'revoked');
  if (revoked) return { classification: 'unplanned', plan: planRef(revoked), reason: `only the revoked plan ${revoked.plan.ticket} matches` };
  return { classification: 'unplanned', reason: 'no approved plan matches' };
}

function planRef({ plan }: PlanMatch): NonNullable<ChangeClassification['plan']> {
  return { id: plan.id, ticket: plan.ticket, ...(plan.approver ? { approver: plan.approver.name } : {}) };
}
