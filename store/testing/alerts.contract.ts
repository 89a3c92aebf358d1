// Contract cases for alerts, silences and deliveries (issue 4). Called from storeContract.
import { describe, expect, it } from 'vitest';
import { buildAlert, buildAttempt, buildSilence } from '../../test/helpers/alert-builder.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import type { Store } from '../types.ts';

export function alertsContract(store: () => Store): void {
  describe('alerts', () => {
    it('keeps one firing alert per dedup key and updates it only from the version it read', async () => {
      const alert = buildAlert();
      expect(await store().alerts.put(alert)).toBe(true);
      expect(await store().alerts.put(buildAlert())).toBe(false);
      const repeated = { ...alert, occurrences: 2, version: 2 };
      expect(await store().alerts.put(repeated)).toBe(true);
      expect(await store().alerts.put({ ...alert, occurrences: 9, version: 2 })).toBe(false);
      expect(await store().alerts.firing('acme', alert.dedupKey)).toEqual(repeated);
      expect(await store().alerts.firing('globex', alert.dedupKey)).toBeUndefined();
    });

    it('lets a new alert fire for a key once the previous one resolved', async () => {
      const first = buildAlert();
      await store().alerts.put(first);
      await store().alerts.put({ ...first, state: 'resolved', endsAt: '2026-12-01T09:00:00.000Z', version: 2 });
      const second = buildAlert({ startsAt: '2026-12-01T10:00:00.000Z' });
      expect(await store().alerts.put(second)).toBe(true);
      expect((await store().alerts.get('acme', first.id))!.state).toBe('resolved');
      expect((await store().alerts.firing('acme', first.dedupKey))!.id).toBe(second.id);
      expect((await store().alerts.firingOfKind('run_failed')).map((a) => a.id)).toEqual([second.id]);
    });

    it('lists newest first with equality filters, a time range and keyset paging', async () => {
      const old = buildAlert({ node: 'db01', kind: 'unplanned_change', severity: 'warning', startsAt: '2026-11-30T00:00:00.000Z' });
      const recent = buildAlert({ node: 'web01', startsAt: '2026-12-01T08:00:00.000Z' });
      for (const a of [old, recent, buildAlert({ tenant: 'globex' })]) await store().alerts.put(a);
      const ids = async (filter: object) => (await store().alerts.list('acme', filter, { limit: 10 })).items.map((a) => a.id);
      expect(await ids({})).toEqual([recent.id, old.id]);
      expect(await ids({ kind: 'unplanned_change' })).toEqual([old.id]);
      expect(await ids({ node: 'web01', severity: 'critical', state: 'firing' })).toEqual([recent.id]);
      expect(await ids({ since: new Date('2026-12-01T00:00:00Z') })).toEqual([recent.id]);
      const first = await store().alerts.list('acme', {}, { limit: 1 });
      expect((await store().alerts.list('acme', {}, { limit: 1, cursor: first.nextCursor! })).items.map((a) => a.id)).toEqual([old.id]);
    });
  });

  describe('quiet nodes', () => {
    it('lists nodes last seen before a time, oldest first, with their latest run starts', async () => {
      const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute)).toISOString();
      const runs = [0, 30, 60].map((m) => buildRun({ node: 'quiet01', environment: 'production', startedAt: at(m) }));
      await store().write({ runs: [...runs, buildRun({ node: 'busy01', startedAt: at(200) }), buildRun({ tenant: 'globex', node: 'old01', startedAt: at(10) })], nodeEvents: [] });
      const quiet = await store().alerts.quietNodes(new Date(at(100)), 10);
      expect(quiet.map((n) => [n.tenant, n.name])).toEqual([
        ['globex', 'old01'],
        ['acme', 'quiet01'],
      ]);
      expect(quiet[1]).toEqual({ tenant: 'acme', name: 'quiet01', environment: 'production', lastSeen: at(60), recentRunStarts: [at(60), at(30), at(0)] });
      expect(await store().alerts.quietNodes(new Date(at(100)), 1)).toHaveLength(1);
    });
  });

  describe('silences', () => {
    it('lists the silences active at a time, and expires one by version', async () => {
      const active = buildSilence();
      const later = buildSilence({ startsAt: '2026-12-05T00:00:00.000Z', endsAt: '2026-12-06T00:00:00.000Z', createdAt: '2026-12-01T01:00:00.000Z' });
      for (const s of [active, later]) await store().silences.create(s);
      const activeAt = async (at: string) => (await store().silences.list('acme', { activeAt: new Date(at) }, { limit: 10 })).items.map((s) => s.id);
      expect(await activeAt('2026-12-01T12:00:00Z')).toEqual([active.id]);
      expect((await store().silences.list('acme', {}, { limit: 10 })).items.map((s) => s.id)).toEqual([later.id, active.id]);
      expect(await store().silences.put({ ...active, endsAt: '2026-12-01T06:00:00.000Z', version: 2 })).toBe(true);
      expect(await store().silences.put({ ...active, endsAt: '2026-12-01T07:00:00.000Z', version: 2 })).toBe(false);
      expect(await activeAt('2026-12-01T12:00:00Z')).toEqual([]);
      expect((await store().silences.get('acme', active.id))!.endsAt).toBe('2026-12-01T06:00:00.000Z');
    });
  });

  describe('deliveries', () => {
    it('records attempts and dead letters, filtered by receiver, alert and outcome', async () => {
      const ok = buildAttempt({ alertId: 'a_1' });
      const failed = buildAttempt({ receiver: 'chat', outcome: 'retry', reason: 'server', httpStatus: 503, at: '2026-12-01T08:00:02.000Z' });
      for (const a of [ok, failed]) await store().deliveries.record(a);
      const ids = async (filter: object) => (await store().deliveries.list('acme', filter, { limit: 10 })).items.map((a) => a.id);
      expect(await ids({})).toEqual([failed.id, ok.id]);
      expect(await ids({ receiver: 'chat' })).toEqual([failed.id]);
      expect(await ids({ alertId: 'a_1', outcome: 'delivered' })).toEqual([ok.id]);
      const letter = { id: 'dl_1', tenant: 'acme', deliveryId: 'd_1', receiver: 'chat', dedupKey: 'k', at: '2026-12-01T09:00:00.000Z', attempts: 5, reason: 'server', detail: 'HTTP 503' };
      await store().deliveries.deadLetter(letter);
      expect((await store().deliveries.deadLetters('acme', { receiver: 'chat' }, { limit: 10 })).items).toEqual([letter]);
      expect((await store().deliveries.deadLetters('globex', {}, { limit: 10 })).items).toEqual([]);
    });

    it('lists a group message under every alert it listed, as well as each alert\'s own messages', async () => {
      const own = buildAttempt({ alertId: 'a_g1', at: '2026-12-01T08:00:01.000Z' });
      const group = buildAttempt({ dedupKey: 'acme/group/environment=production', alertIds: ['a_g1', 'a_g2'], at: '2026-12-01T08:00:05.000Z' });
      const retried = { ...group, id: 'da_group_retry', attempt: 2, at: '2026-12-01T08:00:06.000Z' };
      for (const a of [own, group, retried, buildAttempt({ tenant: 'globex', alertIds: ['a_g1'] })]) await store().deliveries.record(a);
      const listed = async (alertId: string, tenant = 'acme') => (await store().deliveries.list(tenant, { alertId }, { limit: 10 })).items;
      expect(await listed('a_g1')).toEqual([retried, group, own]);
      expect((await listed('a_g2')).map((a) => a.id)).toEqual([retried.id, group.id]);
      expect(await listed('a_g3')).toEqual([]);
      expect((await listed('a_g2', 'globex')).map((a) => a.id)).toEqual([]);
      expect((await store().deliveries.list('acme', { alertId: 'a_g2', receiver: 'chat' }, { limit: 10 })).items).toEqual([]);
    });
  });
}
