// Reports end to end with the real agent: `puppet apply` makes planned, unplanned,
// corrective (hand edit), out-of-window and failed changes; an auditor requests the PCI DSS
// report over the API, follows the job, downloads every format; the findings are exactly
// those, the PDF is a real PDF holding them, and `runledger report verify` checks the download.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, applyAndClassifyAs, approvedPlan } from '../helpers/plans-api.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { type PuppetSandbox, puppetSandbox } from '../helpers/puppet.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const exec = promisify(execFile);
const BIN = new URL('../../bin/runledger.js', import.meta.url).pathname;
const NODE = 'app01.example.com';
const HOUR = 3_600_000;

const SCHEDULE = { id: 'weekly-pci', tenant: 'acme', definition: 'pci-dss', cron: '0 6 * * 1', timeZone: 'Europe/Berlin', period: 'previous-week' as const, recipients: ['compliance'] };
// Recipients are alert receivers; this schedule never fires during the test (Mondays at 06:00).
const RECEIVERS = [{ name: 'compliance', webhook: { url: 'http://127.0.0.1:9/reports', secret: 'never-used-secret' } }];

let rl: TestRuntime;
let puppet: PuppetSandbox;
let auditor: string;

beforeAll(async () => {
  rl = await startTestRuntime({ alerts: { receivers: RECEIVERS }, reports: { schedules: [SCHEDULE, { ...SCHEDULE, id: 'theirs', tenant: 'globex' }] } });
  puppet = puppetSandbox();
  auditor = await rl.token('auditor');
});
afterAll(() => rl?.close());

async function download(id: string, format: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(`${rl.url}/api/v1/reports/${id}/download?format=${format}`, { headers: { authorization: `Bearer ${auditor}` } });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

async function verify(file: string) {
  try {
    const { stdout } = await exec(process.execPath, [BIN, 'report', 'verify', file], { env: { ...process.env, RUNLEDGER_DATA_DIR: rl.runtime.config.dataDir } });
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, output: e.stderr };
  }
}

describe('PCI DSS report from real puppet runs', () => {
  it('holds exactly the findings the runs produced, with their citations, in every format, signed', { timeout: 300_000 }, async () => {
    const from = new Date(Date.now() - HOUR).toISOString();
    const reporturl = `${rl.url.replace('http://', `http://puppet:${await rl.token('ingest')}@`)}/reports/upload`;
    const viewer = await rl.token('viewer');
    const apply = applyAndClassifyAs(rl, puppet, { reporturl, viewer, node: NODE });
    const conf = join(puppet.files, 'app.conf');
    const motd = join(puppet.files, 'motd');
    const legacy = join(puppet.files, 'legacy.conf');
    const file = (path: string, content: string) => `file { '${path}': ensure => file, content => "${content}\\n" }\n`;
    await approvedPlan(rl, 'CHG-APP', conf, -HOUR, HOUR);
    await approvedPlan(rl, 'CHG-OLD', legacy, -3 * HOUR, -2 * HOUR);

    expect(await apply(file(conf, 'workers = 4'))).toEqual({ [conf]: 'planned' });
    writeFileSync(conf, 'workers = 64 # tuned by hand\n');
    expect(await apply(file(conf, 'workers = 4'))).toEqual({ [conf]: 'corrective' });
    expect(await apply(file(conf, 'workers = 4') + file(motd, 'welcome') + file(legacy, 'mode = old'))).toEqual({ [motd]: 'unplanned', [legacy]: 'out_of_window' });
    expect(await apply(`exec { 'migrate': command => '/bin/false' }\n`)).toEqual({ 'migrate': 'failed' });

    // A viewer may not generate reports (an attributed auth failure); an unknown token is refused too.
    expect(await apiCall(rl, viewer, 'POST', '/api/v1/reports/generate', { definition: 'pci-dss', params: { from, until: from } })).toMatchObject({ code: 'RL_AUTH_FORBIDDEN' });
    expect(await apiCall(rl, 'rl_not-a-token', 'GET', '/api/v1/reports')).toMatchObject({ code: 'RL_AUTH_INVALID' });
    expect(await apiCall(rl, auditor, 'POST', '/api/v1/reports/generate', { definition: 'pci-dss', params: { from, until: from } })).toMatchObject({
      code: 'RL_REPORT_INVALID', message: expect.stringContaining('until must be after from'),
    });

    const until = new Date(Date.now() + 60_000).toISOString();
    const requested = await apiCall(rl, auditor, 'POST', '/api/v1/reports/generate', { definition: 'pci-dss', params: { from, until } });
    expect(requested).toMatchObject({ state: 'queued', definition: 'pci-dss', formats: ['html', 'pdf', 'csv', 'json'] });
    const ready = await rl.eventually(async () => {
      const status = await apiCall(rl, auditor, 'GET', `/api/v1/reports/${requested.id}`);
      if (status.state === 'failed') throw new Error(status.error);
      return status.state === 'ready' ? status : undefined;
    }, 120_000);
    expect(ready).toMatchObject({ progress: 100, findings: 6, unavailable: {} });
    expect((await apiCall(rl, auditor, 'GET', '/api/v1/reports?limit=5')).items.map((r: any) => [r.id, r.state])).toEqual([[requested.id, 'ready']]);

    const model = JSON.parse((await download(requested.id, 'json')).bytes.toString('utf8'));
    const findings = model.evidence.findings.map((f: any) => [f.kind, f.node, f.tags.split(' ').filter((t: string) => t.startsWith('pci-dss-4.0.1:')).slice(0, 2)]);
    expect(findings.sort()).toEqual([
      ['change_outside_window', NODE, ['pci-dss-4.0.1:6.5.1', 'pci-dss-4.0.1:1.2.2']],
      ['ingest_auth_failure', null, ['pci-dss-4.0.1:10.2.1.4', 'pci-dss-4.0.1:10.2.2']],
      ['ingest_auth_failure', null, ['pci-dss-4.0.1:10.2.1.4', 'pci-dss-4.0.1:10.2.2']],
      ['run_failure', NODE, ['pci-dss-4.0.1:10.7.2', 'pci-dss-4.0.1:10.7.3']],
      ['template_hand_edit', NODE, ['pci-dss-4.0.1:11.5.2', 'pci-dss-4.0.1:6.5.1']],
      ['unplanned_change', NODE, ['pci-dss-4.0.1:11.5.2', 'pci-dss-4.0.1:6.5.1']],
    ]);
    // Oldest first; changes of one run are ordered by their evidence id.
    expect(model.evidence.changes.map((c: any) => [c.classification, c.resource, c.ticket]).sort()).toEqual([
      ['corrective', `File[${conf}]`, null],
      ['failed', 'Exec[migrate]', null],
      ['out_of_window', `File[${legacy}]`, 'CHG-OLD'],
      ['planned', `File[${conf}]`, 'CHG-APP'],
      ['unplanned', `File[${motd}]`, null],
    ]);
    expect(model.evidence.population).toMatchObject({ inventory: 1, reporting: 1, coveragePct: 100, gapExceptions: 0 });
    expect(model.evidence.auditChain).toMatchObject({ ok: true });

    const pdf = await download(requested.id, 'pdf');
    expect(pdf.type).toBe('application/pdf');
    const text = (await pdfText(pdf.bytes)).replace(/\s+/g, '');
    for (const finding of model.evidence.findings) expect(text).toContain(finding.id);
    expect(text).toContain('pci-dss-4.0.1:11.5.2');

    const dir = mkdtempSync(join(tmpdir(), 'rl-download-'));
    const bundle = join(dir, `${requested.id}.zip`);
    writeFileSync(bundle, (await download(requested.id, 'bundle')).bytes);
    expect(await verify(bundle)).toEqual({ code: 0, output: expect.stringContaining(`verified: report ${requested.id} (pci-dss, tenant acme`) });
    const html = join(dir, `${requested.id}.html`);
    writeFileSync(html, (await download(requested.id, 'html')).bytes);
    writeFileSync(join(dir, 'manifest.json'), (await download(requested.id, 'manifest')).bytes);
    writeFileSync(join(dir, 'manifest.sig'), (await download(requested.id, 'signature')).bytes);
    expect((await verify(html)).code).toBe(0);
    const tampered = readFileSync(html);
    tampered[tampered.length - 20] = tampered[tampered.length - 20]! ^ 1;
    writeFileSync(html, tampered);
    expect(await verify(html)).toEqual({ code: 1, output: expect.stringMatching(/NOT verified: .*\.html: SHA-256 .* differs from the manifest/) });

    expect(await apiCall(rl, auditor, 'GET', '/api/v1/reports/schedules')).toEqual({ items: [{ ...SCHEDULE, params: {}, formats: ['html', 'pdf', 'csv', 'json'], source: 'config', enabled: true, nextRun: expect.stringMatching(/^20\d\d-\d\d-\d\dT\d\d:00:00\.000Z$/) }] });
    const key = await apiCall(rl, auditor, 'GET', '/api/v1/reports/signing-key');
    expect(key).toMatchObject({ algorithm: 'Ed25519', publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/) });
    const audit = await apiCall(rl, await rl.token('admin'), 'GET', '/api/v1/audit?limit=200');
    const reportEvents = audit.items.filter((e: any) => e.target === requested.id).map((e: any) => [e.action, e.actor === 'system' ? 'system' : 'auditor', e.details.format ?? null]);
    expect(reportEvents.reverse()).toEqual([
      ['report.generate', 'auditor', null],
      ['report.generated', 'system', null],
      ...['json', 'pdf', 'bundle', 'html', 'manifest', 'signature'].map((format) => ['report.download', 'auditor', format]),
    ]);
  });
});
