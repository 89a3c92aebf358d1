import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.ts';
import type { Store } from '../store/types.ts';
import type { Download } from './service.ts';
import { MANIFEST_FILE, SIGNATURE_FILE, verifyReport } from './signing.ts';
import { SEED_PERIOD, seededStore } from './testing/seed.ts';
import { testReportService } from './testing/service.ts';

let store: Store;
let now = new Date('2026-11-16T08:00:00.000Z');
const clock: Clock = { now: () => now };
beforeEach(async () => {
  store = await seededStore();
  now = new Date('2026-11-16T08:00:00.000Z');
});
afterEach(() => store.close());

const bytesOf = async (download: Download) => Buffer.concat(await download.body.toArray());
const request = { tenant: 'acme', actor: 'tok_auditor', sourceIp: '10.1.1.1', definition: 'pci-dss', params: SEED_PERIOD, formats: ['html', 'json', 'pdf'] as const };

describe('report service', () => {
  it.each([
    { name: 'an unknown definition', change: { definition: 'sox' }, want: "unknown report definition 'sox' (known: pci-dss" },
    { name: 'a period that ends before it starts', change: { params: { from: SEED_PERIOD.until, until: SEED_PERIOD.from } }, want: 'until must be after from' },
    { name: 'an unknown parameter', change: { params: { ...SEED_PERIOD, tenant: 'globex' } }, want: 'Unrecognized key: "tenant"' },
    { name: 'a template that does not exist', change: { template: 'nope' }, want: "no report template 'nope'" },
  ])('refuses $name without queueing anything', async ({ change, want }) => {
    const { service, jobs } = testReportService(store, clock);
    const outcome = await service.request({ ...request, ...change });
    expect(outcome).toEqual({ ok: false, problem: { kind: 'invalid', message: expect.stringContaining(want) } });
    expect(jobs).toEqual([]);
  });

  it('answers that the queue is unavailable, and marks the record failed, when the job cannot be queued', async () => {
    const { service } = testReportService(store, clock, { queueDown: true });
    expect(await service.request(request)).toEqual({ ok: false, problem: { kind: 'queue', message: 'Connection is closed.' } });
    const { items } = await store.reports.list('acme', { limit: 5 });
    expect(items.map((r) => [r.state, r.error])).toEqual([['failed', 'not queued: Connection is closed.']]);
  });

  it('records, queues and audits a request, then generates, archives and lets it be downloaded once ready', async () => {
    const { service, jobs, notified } = testReportService(store, clock);
    const outcome = await service.request(request);
    if (!outcome.ok) throw new Error(outcome.problem.message);
    const id = outcome.value.id;
    expect(jobs).toEqual([{ tenant: 'acme', reportId: id }]);
    expect(outcome.value).toMatchObject({ state: 'queued', expiresAt: '2032-11-16T08:00:00.000Z' });
    expect(await service.download('acme', 'tok_auditor', id, 'html')).toEqual({ ok: false, problem: { kind: 'not_ready', message: `report ${id} is queued (0 %)` } });

    const ready = await service.run('acme', id);
    expect(ready).toMatchObject({ state: 'ready', progress: 100, findings: 10, unavailable: {} });
    expect(ready.files.map((f) => f.format)).toEqual(['html', 'json', 'pdf', 'manifest', 'signature']);
    expect(notified).toEqual([]);

    const pdf = await service.download('acme', 'tok_auditor', id, 'pdf', '10.1.1.1');
    if (!pdf.ok) throw new Error(pdf.problem.message);
    const pdfBytes = await bytesOf(pdf.value);
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.value.bytes).toBe(pdfBytes.byteLength);
    expect(await service.download('acme', 'tok_auditor', id, 'csv')).toMatchObject({ ok: false, problem: { kind: 'not_found' } });
    expect(await service.download('globex', 'tok_other', id, 'html')).toEqual({ ok: false, problem: { kind: 'not_found', message: `no report ${id}` } });

    const actions = (await store.audit.list({ tenant: 'acme' }, { limit: 10 })).items.map((e) => [e.action, e.actor, e.target, e.outcome]);
    expect(actions.slice(0, 3)).toEqual([
      ['report.download', 'tok_auditor', id, 'success'],
      ['report.generated', 'system', id, 'success'],
      ['report.generate', 'tok_auditor', id, 'success'],
    ]);
  });

  it('downloads a bundle whose manifest verifies every file', async () => {
    const { service, signingKey } = testReportService(store, clock);
    const outcome = await service.request({ ...request, formats: ['html', 'csv'] });
    if (!outcome.ok) throw new Error(outcome.problem.message);
    await service.run('acme', outcome.value.id);
    const bundle = await service.download('acme', 'tok_auditor', outcome.value.id, 'bundle');
    if (!bundle.ok) throw new Error(bundle.problem.message);
    const files = unzipSync(await bytesOf(bundle.value));
    const content = new Map(Object.entries(files).filter(([name]) => name !== MANIFEST_FILE && name !== SIGNATURE_FILE));
    expect([...content.keys()]).toEqual([`${outcome.value.id}.html`, `${outcome.value.id}.csv.zip`]);
    expect(verifyReport(files[MANIFEST_FILE]!, strFromU8(files[SIGNATURE_FILE]!), signingKey.publicKeyPem, content)).toMatchObject({ ok: true });
  });

  it('keeps the other formats and explains the PDF when Chromium is absent', async () => {
    const { service } = testReportService(store, clock, { chromiumPath: '/nonexistent/chromium' });
    const outcome = await service.request(request);
    if (!outcome.ok) throw new Error(outcome.problem.message);
    const ready = await service.run('acme', outcome.value.id);
    expect(ready.files.map((f) => f.format)).toEqual(['html', 'json', 'manifest', 'signature']);
    expect(await service.download('acme', 'tok_auditor', outcome.value.id, 'pdf')).toEqual({
      ok: false,
      problem: { kind: 'unavailable', message: '[reports:pdf] no Chromium at /nonexistent/chromium (set reports.chromiumPath); HTML, CSV and JSON are available' },
    });
    expect(await service.download('acme', 'tok_auditor', outcome.value.id, 'json')).toMatchObject({ ok: true });
  });

  it('tells the recipients when a report is ready, even with no findings', async () => {
    const { service, notified } = testReportService(store, clock);
    const quiet = { from: '2026-10-01T00:00:00.000Z', until: '2026-10-02T00:00:00.000Z' };
    const outcome = await service.request({ ...request, params: quiet, formats: ['json'], recipients: ['ciso@example.com'] });
    if (!outcome.ok) throw new Error(outcome.problem.message);
    await service.run('acme', outcome.value.id);
    expect(notified).toEqual([{ recipients: ['ciso@example.com'], info: { reportId: outcome.value.id, tenant: 'acme', definition: 'pci-dss', findings: 0, formats: ['json', 'manifest', 'signature'], period: quiet } }]);
  });

  it('purges reports whose retention has ended, files and record, and audits it', async () => {
    const { service } = testReportService(store, clock);
    const outcome = await service.request({ ...request, formats: ['json'] });
    if (!outcome.ok) throw new Error(outcome.problem.message);
    await service.run('acme', outcome.value.id);
    expect(await service.purge()).toBe(0);
    now = new Date('2032-11-17T00:00:00.000Z');
    expect(await service.purge()).toBe(1);
    expect(await store.reports.get('acme', outcome.value.id)).toBeUndefined();
    const [entry] = (await store.audit.list({ action: 'report.purge' }, { limit: 1 })).items;
    expect(entry).toMatchObject({ tenant: 'acme', target: outcome.value.id, details: { expiresAt: '2032-11-16T08:00:00.000Z' } });
  });

  it('marks a report failed, with the template error, and leaves no files behind when rendering fails part-way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-user-templates-'));
    // Fails in the middle of the streamed changes table: after the page started to be written.
    writeFileSync(join(dir, 'broken.hbs'), '<h1>{{meta.title}}</h1>{{#each evidence.changes}}{{evidenceId}}{{> missing}}{{/each}}');
    const { service, dir: data } = testReportService(store, clock, { templatesDir: dir });
    const outcome = await service.request({ ...request, formats: ['html'], template: 'broken' });
    if (!outcome.ok) throw new Error(outcome.problem.message);
    await expect(service.run('acme', outcome.value.id)).rejects.toThrow(/template 'broken' failed/);
    expect(await service.get('acme', outcome.value.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/template 'broken' failed: .*missing/) });
    expect(existsSync(join(data, 'reports', 'acme', outcome.value.id))).toBe(false);
  });
});
