import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/types.ts';
import { createFileArchive } from './archive.ts';
import { pciDssReport } from './definitions/pci-dss.report.ts';
import { generateReport } from './generate.ts';
import { renderCsvZip } from './renderers/csv.ts';
import { renderHtml } from './renderers/html.ts';
import { writeJson } from './renderers/json.ts';
import { RowStream } from './row-stream.ts';
import { defaultKeyPath, loadSigningKey } from './signing.ts';
import { createTemplateEngine } from './templates/engine.ts';
import { SEED_PERIOD, seedContext, seededStore } from './testing/seed.ts';

let store: Store;
beforeEach(async () => {
  store = await seededStore();
});
afterEach(() => store.close());

describe('generating a report straight to its files', () => {
  it('writes the same HTML, JSON and CSV as rendering the whole model in memory, with the SHA-256 of what is on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-generate-'));
    const output = await createFileArchive(join(dir, 'reports')).open('acme', 'rpt_same');
    const engine = createTemplateEngine();
    const steps: string[] = [];
    const report = await generateReport(pciDssReport, { reportId: 'rpt_same', params: SEED_PERIOD, formats: ['html', 'json', 'csv'], onProgress: (percent, step) => void steps.push(`${percent} ${step}`) }, {
      ctx: seedContext(store), engine, signingKey: loadSigningKey(defaultKeyPath(dir), true), chromiumPath: '/usr/bin/chromium', output,
    });
    const whole = await pciDssReport.collect(seedContext(store), pciDssReport.params.parse(SEED_PERIOD));
    const file = (name: string) => readFileSync(output.path(name));

    // echarts numbers its SVG classes per render: compare the pages around the chart.
    const withoutChart = (html: string) => html.replace(/<svg[\s\S]*<\/svg>/, '<svg/>');
    expect(withoutChart(file('rpt_same.html').toString())).toBe(withoutChart(renderHtml(pciDssReport, whole, engine)));
    expect(file('rpt_same.html').toString()).toContain('<svg');
    expect(JSON.parse(file('rpt_same.json').toString())).toEqual(JSON.parse(JSON.stringify(whole)));
    const csv = (zip: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));
    expect(csv(file('rpt_same.csv.zip'))).toEqual(csv(await renderCsvZip(pciDssReport.tables(whole))));
    for (const listed of report.files) {
      expect(listed).toMatchObject({ sha256: createHash('sha256').update(file(listed.name)).digest('hex'), bytes: file(listed.name).byteLength });
    }
    expect(report.findings).toBe(whole.evidence.findings.length);
    // While collecting: how far into the 14-day period the changes are (seed changes on days 2, 3, 4, 5, 8, 10 and 12).
    const collecting = ['5', '9', '12', '16', '23', '26', '33'].map((percent) => `${percent} collecting`);
    expect(steps).toEqual([...collecting, '40 rendering html', '58 rendering json', '77 rendering csv', '95 signing', '100 done']);
  });

  it('streams JSON lists of any length as JSON.stringify would print them', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ i, text: `row "${i}"\n` }));
    const model = { meta: { title: 'x' }, nested: { rows: RowStream.of(rows), empty: RowStream.of([]) }, after: [1, 2] };
    let text = '';
    await writeJson(model, async (piece) => void (text += piece));
    expect(JSON.parse(text)).toEqual({ meta: { title: 'x' }, nested: { rows, empty: [] }, after: [1, 2] });
    expect(text).toMatch(/^ {4}"rows": \[\n {6}\{"i":0,"text":"row \\"0\\"\\n"\},\n/m);
  });
});
