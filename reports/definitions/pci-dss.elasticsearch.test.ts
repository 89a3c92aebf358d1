// The PCI DSS report collected from the Elasticsearch backend (on EsEmulator): the single pass
// over its point-in-time scans gives the same model as the SQLite store from the same data.
import { describe, expect, it } from 'vitest';
import { emulatedStore } from '../../store/elasticsearch/testing/emulated-store.ts';
import { SEED_PERIOD, seedContext, seededStore } from '../testing/seed.ts';
import { pciDssReport } from './pci-dss.report.ts';

describe('PCI DSS report on Elasticsearch', () => {
  it('collects the same model as on SQLite', async () => {
    const sqlite = await seededStore();
    const es = await seededStore((await emulatedStore()).store);
    const params = pciDssReport.params.parse(SEED_PERIOD);
    const [fromEs, fromSqlite] = [await pciDssReport.collect(seedContext(es), params), await pciDssReport.collect(seedContext(sqlite), params)];
    expect(fromEs.evidence.findings).toHaveLength(10);
    // The audit chains differ (each store hashes its own entries); everything else is the same.
    const { auditChain: esChain, ...esEvidence } = fromEs.evidence;
    const { auditChain: sqliteChain, ...sqliteEvidence } = fromSqlite.evidence;
    expect(esEvidence).toEqual(sqliteEvidence);
    expect(esChain).toMatchObject({ ok: true, checked: sqliteChain.checked });
    expect(fromEs.controls).toEqual(fromSqlite.controls);
    await Promise.all([sqlite.close(), es.close()]);
  });
});
