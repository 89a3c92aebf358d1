// Contract cases for generated-report records (issue 5).
import { describe, expect, it } from 'vitest';
import type { ReportRecord } from '../report-records.types.ts';
import type { Store } from '../types.ts';

function record(id: string, createdAt: string, expiresAt: string, tenant = 'acme'): ReportRecord {
  return { id, tenant, definition: 'pci-dss', params: { from: createdAt }, formats: ['html'], recipients: [], requestedBy: 'tok_a', state: 'queued', progress: 0, files: [], unavailable: {}, createdAt, expiresAt };
}

export function reportRecordsContract(store: () => Store): void {
  describe('generated-report records', () => {
    it('creates, patches, lists newest first per tenant, finds expired and deletes', async () => {
      const reports = store().reports;
      await reports.create(record('rpt_old', '2026-11-01T00:00:00.000Z', '2026-11-10T00:00:00.000Z'));
      await reports.create(record('rpt_new', '2026-11-02T00:00:00.000Z', '2032-11-02T00:00:00.000Z'));
      await reports.create(record('rpt_theirs', '2026-11-03T00:00:00.000Z', '2026-11-05T00:00:00.000Z', 'globex'));

      expect(await reports.update('acme', 'rpt_new', { state: 'ready', progress: 100 })).toMatchObject({ id: 'rpt_new', state: 'ready', progress: 100, definition: 'pci-dss' });
      expect(await reports.update('acme', 'rpt_theirs', { state: 'ready' })).toBeUndefined();
      expect((await reports.get('acme', 'rpt_new'))?.state).toBe('ready');
      expect(await reports.get('acme', 'rpt_theirs')).toBeUndefined();

      const first = await reports.list('acme', { limit: 1 });
      expect(first.items.map((r) => r.id)).toEqual(['rpt_new']);
      expect((await reports.list('acme', { limit: 1, cursor: first.nextCursor! })).items.map((r) => r.id)).toEqual(['rpt_old']);

      expect((await reports.expired(new Date('2026-12-01T00:00:00Z'), 10)).map((r) => r.id)).toEqual(['rpt_theirs', 'rpt_old']);
      expect(await reports.delete('acme', 'rpt_old')).toBe(true);
      expect(await reports.delete('acme', 'rpt_old')).toBe(false);
    });
  });
}
