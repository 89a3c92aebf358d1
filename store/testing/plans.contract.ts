// Contract cases for planned changes, classification records and desired-content history.
// Called from storeContract, so every backend passes them.
import { describe, expect, it } from 'vitest';
import type { ChangeClassification } from '../../core/classification.ts';
import { buildPlan } from '../../test/helpers/plan-builder.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import type { Page, Store } from '../types.ts';

export function plansContract(store: () => Store): void {
  describe('planned changes', () => {
    it('creates, reads, lists newest first by state, and keeps tenants apart', async () => {
      const older = buildPlan({ state: 'draft', createdAt: '2026-11-01T00:00:00.000Z' });
      const newer = buildPlan({ state: 'pending', createdAt: '2026-11-02T00:00:00.000Z' });
      const theirs = buildPlan({ tenant: 'globex' });
      for (const plan of [older, newer, theirs]) await store().plans.create(plan);
      expect(await store().plans.get('acme', older.id)).toEqual(older);
      expect(await store().plans.get('acme', theirs.id)).toBeUndefined();
      expect((await store().plans.list('acme', {}, { limit: 10 })).items.map((p) => p.id)).toEqual([newer.id, older.id]);
      expect((await store().plans.list('acme', { state: 'draft' }, { limit: 10 })).items.map((p) => p.id)).toEqual([older.id]);
      const first: Page<unknown> = await store().plans.list('acme', {}, { limit: 1 });
      expect((await store().plans.list('acme', {}, { limit: 1, cursor: first.nextCursor! })).items.map((p) => p.id)).toEqual([older.id]);
    });

    it('updates only from the version it read, and moves the tenant revision on', async () => {
      const plan = buildPlan({ state: 'pending' });
      const before = await store().plans.revision('acme');
      await store().plans.create(plan);
      const approved = { ...plan, state: 'approved' as const, version: plan.version + 1 };
      expect(await store().plans.update(approved)).toBe(true);
      expect(await store().plans.update({ ...plan, state: 'rejected', version: plan.version + 1 })).toBe(false);
      expect((await store().plans.get('acme', plan.id))!.state).toBe('approved');
      expect(await store().plans.revision('acme')).toBe(before + 2);
      expect(await store().plans.revision('globex')).toBe(0);
    });

    it('lists the plans that can match changes, and the approved ones whose window is over', async () => {
      const window = (from: string, until: string) => ({ input: { window: { from, until } } });
      const current = buildPlan(window('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'));
      const ended = buildPlan(window('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'));
      const revoked = buildPlan({ state: 'revoked', ...window('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z') });
      const pending = buildPlan({ state: 'pending' });
      const longGone = buildPlan({ state: 'expired', ...window('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z') });
      for (const plan of [current, ended, revoked, pending, longGone]) await store().plans.create(plan);
      const matchable = await store().plans.matchable('acme', new Date('2026-10-01T00:00:00Z'));
      expect(matchable.map((p) => p.id).sort()).toEqual([current.id, ended.id, revoked.id].sort());
      expect((await store().plans.expiring(new Date('2026-11-10T00:00:00Z'))).map((p) => p.id)).toEqual([ended.id]);
    });
  });

  describe('classifications', () => {
    const planned: ChangeClassification = { classification: 'planned', plan: { id: 'pc_1', ticket: 'CHG1', approver: 'bob' }, reason: 'approved plan CHG1 in its window' };
    const unplanned: ChangeClassification = { classification: 'unplanned', reason: 'no approved plan matches' };
    const revokedOnly: ChangeClassification = { classification: 'unplanned', plan: { id: 'pc_1', ticket: 'CHG1' }, reason: 'only the revoked plan CHG1 matches' };

    it('stores each change with its classification, filterable, and a summary per run', async () => {
      const run = { ...buildRun({ resources: [{ title: 'a' }, { title: 'b' }] }), classifications: [planned, unplanned] };
      await store().write({ runs: [run], nodeEvents: [] });
      expect((await store().runs.get('acme', run.id))!.changes.map((c) => c.classification)).toEqual([planned, unplanned]);
      expect((await store().changes.list('acme', { classification: 'unplanned' }, { limit: 10 })).items.map((c) => c.title)).toEqual(['b']);
      expect((await store().changes.list('acme', { plan: 'pc_1' }, { limit: 10 })).items.map((c) => c.title)).toEqual(['a']);
      expect((await store().runs.list('acme', {}, { limit: 1 })).items[0]!.classified).toEqual({ planned: 1, unplanned: 1, out_of_window: 0, corrective: 0, failed: 0, noop: 0 });
    });

    it('counts how changes matched each plan', async () => {
      const runs = [
        { ...buildRun({ resources: [{ title: 'a' }, { title: 'b' }] }), classifications: [planned, planned] },
        { ...buildRun({ resources: [{ title: 'c' }] }), classifications: [revokedOnly] },
      ];
      await store().write({ runs, nodeEvents: [] });
      expect(await store().plans.matchCounts('acme', ['pc_1', 'pc_2'])).toEqual({
        pc_1: { planned: 2, outOfWindow: 0, revokedOnly: 1 },
        pc_2: { planned: 0, outOfWindow: 0, revokedOnly: 0 },
      });
    });
  });

  describe('desired content history', () => {
    const conf = (checksum: string, status: 'changed' | 'noop' = 'changed') => ({ title: '/etc/app.conf', desiredChecksum: checksum, contentChanged: true, status });

    it('answers what a file was last meant to contain before a run, ignoring the run itself and noop runs', async () => {
      const first = buildRun({ node: 'web', startedAt: '2026-11-01T00:00:00.000Z', resources: [conf('{md5}one')] });
      const noop = buildRun({ node: 'web', startedAt: '2026-11-02T00:00:00.000Z', resources: [conf('{md5}noop', 'noop')] });
      const second = buildRun({ node: 'web', startedAt: '2026-11-03T00:00:00.000Z', resources: [conf('{md5}two')] });
      await store().write({ runs: [first, noop, second], nodeEvents: [] });
      const before = (at: string) => store().history.previousContent('acme', 'web', ['File[/etc/app.conf]', 'File[/nope]'], at);
      expect(await before('2026-11-03T00:00:00.000Z')).toEqual(new Map([['File[/etc/app.conf]', { checksum: '{md5}one', run: first.id }]]));
      expect(await before('2026-11-04T00:00:00.000Z')).toEqual(new Map([['File[/etc/app.conf]', { checksum: '{md5}two', run: second.id }]]));
      expect(await before('2026-11-01T00:00:00.000Z')).toEqual(new Map());
      expect(await store().history.previousContent('acme', 'db', ['File[/etc/app.conf]'], '2026-12-01T00:00:00.000Z')).toEqual(new Map());
    });

    it('forgets what a rewritten run no longer says, and what retention purged', async () => {
      const run = buildRun({ node: 'web', startedAt: '2026-11-01T00:00:00.000Z', resources: [conf('{md5}one')] });
      await store().write({ runs: [run], nodeEvents: [] });
      await store().write({ runs: [{ ...run, report: { ...run.report, resources: [] } }], nodeEvents: [] });
      expect(await store().history.previousContent('acme', 'web', ['File[/etc/app.conf]'], '2026-12-01T00:00:00.000Z')).toEqual(new Map());
      await store().write({ runs: [run], nodeEvents: [] });
      await store().purgeRunsBefore(new Date('2026-11-02T00:00:00Z'));
      expect(await store().history.previousContent('acme', 'web', ['File[/etc/app.conf]'], '2026-12-01T00:00:00.000Z')).toEqual(new Map());
    });
  });
}
