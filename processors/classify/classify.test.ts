import { describe, expect, it } from 'vitest';
import { summarize } from '../../core/classification.ts';
import { buildPlanIndex } from '../../core/plan-index.ts';
import type { PlannedChange } from '../../core/planned-change.ts';
import { type Resource, resourceKey } from '../../core/run-report.ts';
import { buildPlan } from '../../test/helpers/plan-builder.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import type { PreviousContent } from '../../store/types.ts';
import { classifyRun } from './classify.ts';

const AT = '2026-11-20T12:00:00.000Z';
const file = (spec: Partial<Resource> = {}): Partial<Resource> => ({
  type: 'File',
  title: '/etc/app.conf',
  path: '/etc/app.conf',
  contentChanged: true,
  desiredChecksum: '{sha256}bbb',
  changes: [{ property: 'content', before: '{sha256}aaa', after: '{sha256}bbb' }],
  ...spec,
});

function classify(resource: Partial<Resource>, plans: PlannedChange[] = [], previous?: PreviousContent) {
  const { report } = buildRun({ startedAt: AT, resources: [resource] });
  const previousContent = new Map(previous ? [[resourceKey(report.resources[0]!), previous]] : []);
  return classifyRun(report, { plans: buildPlanIndex(plans), previousContent });
}

describe('classify', () => {
  it('calls a change planned when an approved plan covers it in its window, with the plan and approver', () => {
    const plan = buildPlan();
    expect(classify(file(), [plan])).toEqual([
      { classification: 'planned', plan: { id: plan.id, ticket: plan.ticket, approver: 'bob' }, reason: `approved plan ${plan.ticket} in its window` },
    ]);
  });

  it('calls it out_of_window when the only matching plan is for another time', () => {
    const plan = buildPlan({ input: { window: { from: '2026-11-21T00:00:00Z', until: '2026-11-22T00:00:00Z' } } });
    expect(classify(file(), [plan])[0]).toMatchObject({ classification: 'out_of_window', plan: { id: plan.id } });
  });

  it('still calls it planned after the plan expired, when the run was in the window', () => {
    expect(classify(file(), [buildPlan({ state: 'expired' })])[0]!.classification).toBe('planned');
  });

  it.each([
    { name: 'pending', state: 'pending' as const },
    { name: 'draft', state: 'draft' as const },
    { name: 'rejected', state: 'rejected' as const },
  ])('ignores a $name plan: the change is unplanned', ({ state }) => {
    expect(classify(file(), [buildPlan({ state })])[0]).toEqual({ classification: 'unplanned', reason: 'no approved plan matches' });
  });

  it('names the revoked plan that alone matched an unplanned change', () => {
    const plan = buildPlan({ state: 'revoked' });
    expect(classify(file(), [plan])[0]).toMatchObject({ classification: 'unplanned', plan: { id: plan.id }, reason: `only the revoked plan ${plan.ticket} matches` });
  });

  it('prefers the plan whose window contains the run over an earlier one that does not', () => {
    const early = buildPlan({ input: { window: { from: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00Z' } } });
    const current = buildPlan();
    expect(classify(file(), [current, early])[0]!.plan!.id).toBe(current.id);
  });

  it('calls a file rewritten to the content it was already meant to have corrective (hand edit reverted)', () => {
    const result = classify(file(), [buildPlan()], { checksum: '{sha256}bbb', run: 'r_previous' });
    expect(result[0]).toEqual({
      classification: 'corrective',
      reason: 'content rewritten to what run r_previous already wanted ({sha256}bbb): the file was edited by hand',
    });
  });

  it('does not call a new desired content corrective', () => {
    expect(classify(file(), [], { checksum: '{sha256}aaa', run: 'r_previous' })[0]!.classification).toBe('unplanned');
  });

  it.each([
    { name: "the agent's corrective flag", resource: file({ corrective: true, status: 'corrective' }), want: 'corrective' },
    { name: 'a failure', resource: file({ status: 'failed' }), want: 'failed' },
    { name: 'a noop', resource: file({ status: 'noop' }), want: 'noop' },
  ])('keeps $name as the agent said, plans or not', ({ resource, want }) => {
    expect(classify(resource, [buildPlan()])[0]!.classification).toBe(want);
  });

  it('matches a Chef template content change to a plan on the content property', () => {
    const plan = buildPlan({ input: { matchers: [{ type: 'template', name: '/etc/app.conf', property: 'content' }] } });
    const template = file({ type: 'template', changes: [{ property: 'checksum', before: 'aaa', after: 'bbb' }] });
    expect(classify(template, [plan])[0]!.classification).toBe('planned');
  });

  it('summarises a run by class', () => {
    const { report } = buildRun({ startedAt: AT, resources: [file(), file({ title: '/etc/other' }), file({ status: 'failed' })] });
    expect(summarize(classifyRun(report, { plans: buildPlanIndex([buildPlan()]), previousContent: new Map() }))).toEqual({
      planned: 1,
      unplanned: 1,
      out_of_window: 0,
      corrective: 0,
      failed: 1,
      noop: 0,
    });
  });
});
