// Contract cases for ingest requests and bytes per tenant-day (issue 5).
import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';

export function ingestUsageContract(store: () => Store): void {
  describe('ingest usage', () => {
    it('keeps the larger count per tenant-day, lists a period oldest first and knows the first counted day', async () => {
      const usage = store().ingestUsage;
      expect(await usage.firstDay('acme')).toBeUndefined();
      await usage.record([
        { tenant: 'acme', day: '2026-11-19', requests: 10, rejected: 2, bytes: 5000 },
        { tenant: 'acme', day: '2026-11-20', requests: 3, rejected: 0, bytes: 900 },
        { tenant: 'globex', day: '2026-11-18', requests: 7, rejected: 7, bytes: 70 },
      ]);
      // The same totals again, a later snapshot of one day, and a smaller (stale) one of another.
      await usage.record([
        { tenant: 'acme', day: '2026-11-19', requests: 10, rejected: 2, bytes: 5000 },
        { tenant: 'acme', day: '2026-11-20', requests: 5, rejected: 1, bytes: 1500 },
        { tenant: 'globex', day: '2026-11-18', requests: 1, rejected: 0, bytes: 10 },
      ]);
      expect(await usage.list('acme', '2026-11-19', '2026-11-21')).toEqual([
        { tenant: 'acme', day: '2026-11-19', requests: 10, rejected: 2, bytes: 5000 },
        { tenant: 'acme', day: '2026-11-20', requests: 5, rejected: 1, bytes: 1500 },
      ]);
      expect(await usage.list('acme', '2026-11-20', '2026-11-21')).toEqual([{ tenant: 'acme', day: '2026-11-20', requests: 5, rejected: 1, bytes: 1500 }]);
      expect(await usage.list('globex', '2026-11-01', '2026-12-01')).toEqual([{ tenant: 'globex', day: '2026-11-18', requests: 7, rejected: 7, bytes: 70 }]);
      expect(await usage.firstDay('acme')).toBe('2026-11-19');
    });
  });
}
