// Planned changes over HTTP with a real RunLedger: four eyes between two approvers, roles,
// the bulk import report, classification of ingested runs, findings and plan review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../core/tokens.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
let alice: string;
let bob: string;

beforeAll(async () => {
  rl = await startTestRuntime();
  alice = (await issueToken(rl.runtime.store, { tenant: 'acme', role: 'approver', name: 'alice', actor: 'test' })).token;
  bob = (await issueToken(rl.runtime.store, { tenant: 'acme', role: 'approver', name: 'bob', actor: 'test' })).token;
});
afterAll(() => rl?.close());

async function call(token: string, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(`${rl.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const hour = 3_600_000;
const plan = (ticket: string, name: string, fromOffsetH = -1, untilOffsetH = 1) => ({
  title: `Change ${name}`,
  ticket,
  window: { from: new Date(Date.now() + fromOffsetH * hour).toISOString(), until: new Date(Date.now() + untilOffsetH * hour).toISOString() },
  scope: { environments: ['production'] },
  matchers: [{ type: 'File', name }],
});

async function fileAndApprove(body: ReturnType<typeof plan>) {
  const created = await call(alice, 'POST', '/api/v1/planned-changes?submit=true', body);
  expect(created).toMatchObject({ status: 201, body: { state: 'pending' } });
  const approved = await call(bob, 'POST', `/api/v1/planned-changes/${created.body.id}/approve`, { comment: 'CAB ok' });
  expect(approved).toMatchObject({ status: 200, body: { state: 'approved', approver: { name: 'bob' } } });
  return approved.body;
}

async function ingestGeneric(runId: string, title: string) {
  const report = {
    schema: 'runledger.run/v1',
    source: 'generic',
    runId,
    agent: { name: 'ansible' },
    node: { name: 'web01', environment: 'production' },
    startedAt: new Date().toISOString(),
    status: 'success',
    resources: [{ type: 'File', title, status: 'changed', changes: [{ property: 'content' }] }],
  };
  const response = await call(await rl.token('ingest'), 'POST', '/api/v1/reports', report);
  expect(response.status).toBe(202);
  return rl.eventually(async () => {
    const run = await call(await rl.token('viewer'), 'GET', `/api/v1/runs/${response.body.id}`);
    return run.status === 200 && run.body;
  });
}

describe('four eyes', () => {
  it('lets another approver approve, and refuses the requester with a 403 that is audited', async () => {
    const created = await call(alice, 'POST', '/api/v1/planned-changes?submit=true', plan('CHG-4E', '/etc/four-eyes.conf'));
    const self = await call(alice, 'POST', `/api/v1/planned-changes/${created.body.id}/approve`, {});
    expect(self).toMatchObject({ status: 403, body: { code: 'RL_PLAN_SELF_APPROVAL', message: 'four eyes: alice requested this plan and cannot approve it' } });
    const denied = await rl.runtime.store.audit.list({ tenant: 'acme', action: 'plan.approve' }, { limit: 5 });
    expect(denied.items[0]).toMatchObject({ outcome: 'denied', target: created.body.id });
    expect((await call(bob, 'POST', `/api/v1/planned-changes/${created.body.id}/approve`, {})).body.state).toBe('approved');
    expect(await call(bob, 'POST', `/api/v1/planned-changes/${created.body.id}/approve`, {})).toMatchObject({ status: 409, body: { code: 'RL_PLAN_STATE' } });
  });

  it('keeps viewers and ingest tokens away from filing and approving', async () => {
    expect((await call(await rl.token('viewer'), 'POST', '/api/v1/planned-changes', plan('CHG-V', '/etc/v'))).status).toBe(403);
    expect((await call(await rl.token('viewer'), 'GET', '/api/v1/planned-changes')).status).toBe(200);
    expect((await call(await rl.token('ingest'), 'GET', '/api/v1/planned-changes')).status).toBe(403);
  });

  it('answers 400 naming the field for a bad plan', async () => {
    const bad = await call(alice, 'POST', '/api/v1/planned-changes', { ...plan('CHG-B', '/etc/b'), matchers: [] });
    expect(bad).toMatchObject({ status: 400, body: { code: 'RL_BAD_REQUEST', message: expect.stringContaining('body.matchers') } });
  });
});

describe('classification of ingested runs', () => {
  it('marks a change planned with its plan, and lists it by classification and by plan', async () => {
    const approved = await fileAndApprove(plan('CHG-PLAN', '/etc/planned.conf'));
    const run = await ingestGeneric('run-planned', '/etc/planned.conf');
    expect(run.changes[0].classification).toEqual({
      classification: 'planned',
      plan: { id: approved.id, ticket: 'CHG-PLAN', approver: 'bob' },
      reason: 'approved plan CHG-PLAN in its window',
    });
    expect(run.classified).toMatchObject({ planned: 1, unplanned: 0 });
    const viewer = await rl.token('viewer');
    expect((await call(viewer, 'GET', '/api/v1/changes?classification=planned')).body.items.map((c: any) => c.title)).toEqual(['/etc/planned.conf']);
    expect((await call(viewer, 'GET', `/api/v1/planned-changes/${approved.id}/changes`)).body.items.map((c: any) => c.run)).toEqual([run.id]);
    expect((await call(viewer, 'GET', `/api/v1/planned-changes/${approved.id}`)).body.matched).toEqual({ planned: 1, outOfWindow: 0, revokedOnly: 0 });
  });

  it('does not rewrite history when a plan is approved later, and shows what would match now', async () => {
    const run = await ingestGeneric('run-early', '/etc/late-plan.conf');
    expect(run.changes[0].classification.classification).toBe('unplanned');
    const approved = await fileAndApprove(plan('CHG-LATE', '/etc/late-plan.conf'));
    const viewer = await rl.token('viewer');
    expect((await call(viewer, 'GET', `/api/v1/runs/${run.id}`)).body.changes[0].classification.classification).toBe('unplanned');
    const review = await call(viewer, 'GET', `/api/v1/runs/${run.id}/plan-review`);
    expect(review.body.changes).toEqual([
      expect.objectContaining({ resource: 'File[/etc/late-plan.conf]', wouldMatch: [{ id: approved.id, ticket: 'CHG-LATE', state: 'approved', inWindow: true }] }),
    ]);
  });

  it('reports changes matched only by a revoked plan, and plans used more than expected', async () => {
    const approved = await fileAndApprove({ ...plan('CHG-REV', '/etc/revoked.conf'), expectedCount: 1 } as ReturnType<typeof plan>);
    await ingestGeneric('run-rev-1', '/etc/revoked.conf');
    await ingestGeneric('run-rev-2', '/etc/revoked.conf');
    expect((await call(bob, 'POST', `/api/v1/planned-changes/${approved.id}/revoke`, { comment: 'withdrawn' })).body.state).toBe('revoked');
    const unplanned = await ingestGeneric('run-rev-3', '/etc/revoked.conf');
    expect(unplanned.changes[0].classification).toMatchObject({ classification: 'unplanned', plan: { id: approved.id } });
    const findings = (await call(await rl.token('viewer'), 'GET', '/api/v1/planned-changes/findings')).body;
    expect(findings.revokedMatches).toEqual([expect.objectContaining({ id: approved.id, changes: 1 })]);
    expect(findings.overExpected).toEqual([]);
  });
});

describe('bulk import', () => {
  it('imports good rows as pending and reports bad ones by line', async () => {
    const from = new Date(Date.now() + hour).toISOString();
    const until = new Date(Date.now() + 2 * hour).toISOString();
    const csv = [
      'title,ticket,window_from,window_until,environments,type,name,name_regex',
      `Patch kernel,CHG-K1,${from},${until},production,Package,linux-image-amd64,`,
      `Missing window,CHG-K2,,,production,File,/etc/x,`,
      `Bad regex,CHG-K3,${from},${until},,File,,^(a+)+$`,
    ].join('\n');
    const result = await call(alice, 'POST', '/api/v1/planned-changes/import', csv, 'text/csv');
    expect(result.status).toBe(200);
    expect(result.body.imported).toEqual([{ line: 2, id: expect.stringMatching(/^pc_/), ticket: 'CHG-K1' }]);
    expect(result.body.rejected.map((r: any) => r.line)).toEqual([3, 4]);
    expect(result.body.rejected[0].error).toContain('window.from');
    expect(result.body.rejected[1].error).toContain('matchers.0.nameRegex: the pattern can take exponential time');
    expect((await call(alice, 'GET', `/api/v1/planned-changes/${result.body.imported[0].id}`)).body.state).toBe('pending');
  });

  it('answers 400 for a file it cannot read at all', async () => {
    const result = await call(alice, 'POST', '/api/v1/planned-changes/import', 'title,bogus\nx,y\n', 'text/csv');
    expect(result).toMatchObject({ status: 400, body: { code: 'RL_PLAN_INVALID', message: expect.stringContaining('unknown columns: bogus') } });
  });
});
