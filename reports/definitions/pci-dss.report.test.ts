import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/types.ts';
import { createTemplateEngine } from '../templates/engine.ts';
import { renderHtml } from '../renderers/html.ts';
import { renderCsvZip } from '../renderers/csv.ts';
import { SEED_PERIOD, seedContext, seededStore } from '../testing/seed.ts';
import { pciDssReport } from './pci-dss.report.ts';

let store: Store;
beforeEach(async () => {
  store = await seededStore();
});
afterEach(() => store.close());

const params = { ...SEED_PERIOD, environments: ['production'] };
const collect = async () => pciDssReport.collect(seedContext(store), pciDssReport.params.parse(params));

describe('PCI DSS report model', () => {
  it('lists every in-scope node with coverage and flags the gap over 7 days as an 11.5.2 exception', async () => {
    const { evidence } = await collect();
    expect(evidence.population.nodes.map((n) => [n.node, n.runs, n.successfulRuns, n.failedRuns, n.longestGapDays, n.gapException])).toEqual([
      ['db01', 2, 2, 0, 9, true],
      ['web01', 6, 5, 1, 5.8, false],
    ]);
    expect(evidence.population).toMatchObject({ inventory: 2, reporting: 2, coveragePct: 100, gapExceptions: 1 });
  });

  it('traces every change to its plan, ticket and approver, leaving out nodes outside the scope', async () => {
    const { evidence } = await collect();
    expect(evidence.changes.map((c) => [c.node, c.resource, c.classification, c.planId, c.ticket, c.approver, c.network])).toEqual([
      ['web01', 'File[/etc/app.conf]', 'planned', 'pc_app', 'CHG-100', 'bob', false],
      ['web01', 'File[/etc/motd]', 'unplanned', null, null, null, false],
      ['web01', 'File[/etc/app.conf]', 'corrective', null, null, null, false],
      ['web01', 'Firewall[100 allow https]', 'out_of_window', 'pc_fw', 'CHG-200', 'carol', true],
      ['db01', 'File[/etc/db.conf]', 'unplanned', null, null, null, false],
      ['web01', 'Exec[migrate]', 'failed', null, null, null, false],
    ]);
    expect(evidence.changes.every((c) => /^EV-[A-Za-z0-9_-]{26}$/.test(c.evidenceId))).toBe(true);
  });

  it('registers exactly the exceptions of the period with their control tags', async () => {
    const { evidence } = await collect();
    expect(evidence.findings.map((f) => `${f.detectedAt.slice(0, 10)} ${f.kind} ${f.node ?? '-'}`).sort()).toEqual([
      '2026-11-01 ingest_auth_failure -',
      '2026-11-01 node_stopped_reporting db01',
      '2026-11-03 unplanned_change web01',
      '2026-11-04 template_hand_edit web01',
      '2026-11-06 ingest_auth_failure -',
      '2026-11-08 change_outside_window web01',
      '2026-11-10 unplanned_change db01',
      '2026-11-12 run_failure web01',
    ]);
    const unplanned = evidence.findings.find((f) => f.kind === 'unplanned_change')!;
    expect(unplanned.tags).toBe('pci-dss-4.0.1:11.5.2 pci-dss-4.0.1:6.5.1 pci-dss-4.0.1:10.4.1 pci-dss-4.0.1:10.4.3 pci-dss-4.0.1:12.10.5 hipaa:164.312(c)(1) hipaa:164.312(b) hipaa:164.308(a)(1)(ii)(D)');
    expect(unplanned).toMatchObject({ severity: 'high', status: 'open', disposition: '', owner: '' });
  });

  it('keeps evidence and exception ids when the report is generated again', async () => {
    const first = await collect();
    const second = await collect();
    expect(second.evidence.findings.map((f) => f.id)).toEqual(first.evidence.findings.map((f) => f.id));
    expect(second.evidence.changes.map((c) => c.evidenceId)).toEqual(first.evidence.changes.map((c) => c.evidenceId));
  });

  it('summarises each requirement with evidence and exception counts', async () => {
    const { controls } = await collect();
    const row = (requirement: string) => controls.find((c) => c.requirement === requirement)!;
    expect([row('6.5.1'), row('1.2.2'), row('11.5.2'), row('10.2.1.4'), row('10.7.2')].map((c) => [c.tag, c.evidenceCount, c.exceptionCount])).toEqual([
      ['pci-dss-4.0.1:6.5.1', 1, 4],
      ['pci-dss-4.0.1:1.2.2', 1, 1],
      ['pci-dss-4.0.1:11.5.2', 7, 4],
      ['pci-dss-4.0.1:10.2.1.4', 2, 2],
      ['pci-dss-4.0.1:10.7.2', 2, 2],
    ]);
  });

  it('reports a silent period as a 10.7.3 entry with start, end and the changes made while unmonitored', async () => {
    const { evidence } = await collect();
    expect(evidence.failures.find((f) => f.kind === 'node_stopped_reporting')).toMatchObject({
      node: 'db01', start: '2026-11-01T02:00:00.000Z', end: '2026-11-10T02:00:00.000Z', durationMs: 9 * 86_400_000, changesDuringGap: 1, resumedAt: '2026-11-10T02:00:00.000Z',
    });
  });
});

describe('PCI DSS report rendering', () => {
  it('renders HTML with the findings, an inline SVG chart, the audit-chain check and no claim of compliance', async () => {
    const model = await collect();
    const html = renderHtml(pciDssReport, model, createTemplateEngine());
    expect(html).toContain('PCI DSS v4.0.1');
    expect(html).toContain('<svg');
    expect(html).toContain('Firewall[100 allow https]');
    expect(html).toContain('the hash chain was verified');
    expect(html).toContain('&quot;environments&quot;: [\n    &quot;production&quot;');
    expect(html.toLowerCase()).not.toMatch(/\bcompliant\b/);
  });

  it('writes one CSV file per table in a zip', async () => {
    const model = await collect();
    const files = unzipSync(await renderCsvZip(pciDssReport.tables(model)));
    expect(Object.keys(files).sort()).toEqual(['auth-failures.csv', 'changes.csv', 'control-failures.csv', 'controls.csv', 'exceptions.csv', 'population.csv']);
    const population = strFromU8(files['population.csv']!).trim().split('\n');
    expect(population[0]).toBe('node,environment,roles,firstSeen,lastSeen,runs,successfulRuns,failedRuns,lastSuccessAt,longestGapDays,longestGapFrom,longestGapUntil,reported,gapException');
    expect(population.slice(1).map((line) => line.split(',')[0])).toEqual(['db01', 'web01']);
  });
});
