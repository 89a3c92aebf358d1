import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import { auditLogNotifier } from './notifier.ts';

describe('default report notifier', () => {
  it('records who was told about which report, findings or not, in the audit log', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    await auditLogNotifier(store).reportReady(['ciso@example.com', '#compliance'], {
      reportId: 'rpt_1', tenant: 'acme', definition: 'pci-dss', findings: 0, formats: ['html', 'manifest'], period: { from: '2026-11-01T00:00:00.000Z', until: '2026-11-02T00:00:00.000Z' },
    });
    const [entry] = (await store.audit.list({ action: 'report.notify' }, { limit: 1 })).items;
    expect(entry).toMatchObject({
      tenant: 'acme', actor: 'system', target: 'rpt_1', outcome: 'success',
      details: { recipients: ['ciso@example.com', '#compliance'], definition: 'pci-dss', findings: 0, formats: ['html', 'manifest'], period: { from: '2026-11-01T00:00:00.000Z', until: '2026-11-02T00:00:00.000Z' } },
    });
    expect((await store.audit.verify()).ok).toBe(true);
    await store.close();
  });
});
