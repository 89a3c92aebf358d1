// Contract cases for API-created report schedules (issue 5).
import { describe, expect, it } from 'vitest';
import type { StoredReportSchedule } from '../report-schedules.types.ts';
import type { Store } from '../types.ts';

function schedule(id: string, tenant = 'acme'): StoredReportSchedule {
  const at = '2026-11-20T10:00:00.000Z';
  return {
    id, tenant, definition: 'pci-dss', period: 'previous-day', params: { environments: ['production'] }, formats: ['html'], cron: '0 6 * * *', timeZone: 'Europe/Berlin',
    recipients: ['compliance'], enabled: true, createdAt: at, createdBy: 'tok_a', updatedAt: at, updatedBy: 'tok_a', version: 1,
  };
}

export function reportSchedulesContract(store: () => Store): void {
  describe('report schedules', () => {
    it('creates once per tenant and id, lists by id per tenant and all tenants, updates over the version read and deletes', async () => {
      const schedules = store().reportSchedules;
      expect(await schedules.create(schedule('weekly'))).toBe(true);
      expect(await schedules.create(schedule('daily'))).toBe(true);
      expect(await schedules.create(schedule('daily', 'globex'))).toBe(true);
      expect(await schedules.create({ ...schedule('daily'), cron: '0 7 * * *' })).toBe(false);

      expect((await schedules.list('acme')).map((s) => s.id)).toEqual(['daily', 'weekly']);
      expect((await schedules.all()).map((s) => `${s.tenant}/${s.id}`)).toEqual(['acme/daily', 'acme/weekly', 'globex/daily']);
      expect(await schedules.get('acme', 'daily')).toEqual(schedule('daily'));

      const disabled = { ...schedule('daily'), enabled: false, version: 2 };
      expect(await schedules.update(disabled)).toBe(true);
      expect(await schedules.update({ ...schedule('daily'), cron: '0 8 * * *', version: 2 })).toBe(false);
      expect(await schedules.get('acme', 'daily')).toEqual(disabled);
      expect((await schedules.get('globex', 'daily'))?.enabled).toBe(true);

      expect(await schedules.delete('acme', 'daily')).toBe(true);
      expect(await schedules.delete('acme', 'daily')).toBe(false);
      expect(await schedules.get('acme', 'daily')).toBeUndefined();
      expect((await schedules.all()).map((s) => `${s.tenant}/${s.id}`)).toEqual(['acme/weekly', 'globex/daily']);
    });
  });
}
