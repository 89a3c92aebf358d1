// "Report ready" notices go to alert receivers through the delivery queues; every notification
// is also an audit event. The second test runs a whole process: a schedule fires, the report is
// generated, and a real local webhook receiver gets the signed notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeEndpoint, startFakeEndpoint } from '../sinks/testing/fake-endpoint.ts';
import { verifySignature } from '../sinks/webhook/webhook.sign.ts';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import { startTestRuntime, type TestRuntime } from '../test/helpers/runtime.ts';
import { reportNotifier } from './notifier.ts';

const info = {
  reportId: 'rpt_1', tenant: 'acme', definition: 'pci-dss', findings: 0, formats: ['html', 'manifest'],
  period: { from: '2026-11-01T00:00:00.000Z', until: '2026-11-02T00:00:00.000Z' },
};
const clock = { now: () => new Date('2026-11-02T06:00:00.000Z') };

describe('report notifier', () => {
  it('queues one notice per recipient and records who was told, with the delivery ids, findings or not', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const queued: { receiver: string; summary: string; kind: string }[] = [];
    const deliveries = { enqueueNotification: async (receiver: string, n: { summary: string; kind: string }) => (queued.push({ receiver, summary: n.summary, kind: n.kind }), `d_${receiver}`) };
    await reportNotifier(store, clock, deliveries).reportReady(['compliance', 'ciso-mail'], info);
    const summary = 'PCI DSS v4.0.1 change-control and integrity evidence for 2026-11-01 to 2026-11-02 is ready (no findings; html, manifest)';
    expect(queued).toEqual([{ receiver: 'compliance', summary, kind: 'notice' }, { receiver: 'ciso-mail', summary, kind: 'notice' }]);
    const [entry] = (await store.audit.list({ action: 'report.notify' }, { limit: 1 })).items;
    expect(entry).toMatchObject({
      tenant: 'acme', actor: 'system', target: 'rpt_1', outcome: 'success',
      details: { recipients: ['compliance', 'ciso-mail'], findings: 0, deliveries: { compliance: 'd_compliance', 'ciso-mail': 'd_ciso-mail' } },
    });
    await store.close();
  });

  it('records a recipient that could not be queued as a failed notification', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const deliveries = { enqueueNotification: async () => Promise.reject(new Error("[alerts] no receiver named 'gone' in alerts.receivers")) };
    await reportNotifier(store, clock, deliveries).reportReady(['gone'], info);
    const [entry] = (await store.audit.list({ action: 'report.notify' }, { limit: 1 })).items;
    expect(entry).toMatchObject({ outcome: 'failure', details: { failed: { gone: "[alerts] no receiver named 'gone' in alerts.receivers" } } });
    await store.close();
  });
});

describe('scheduled report, end to end', () => {
  const SECRET = 'report-notice-secret';
  let receiver: FakeEndpoint;
  let rl: TestRuntime;
  beforeAll(async () => {
    receiver = await startFakeEndpoint();
    receiver.respond(() => ({ status: 204 }));
    rl = await startTestRuntime({
      publicUrl: 'https://rl.example.com',
      alerts: { receivers: [{ name: 'compliance', webhook: { url: `${receiver.url}/reports`, secret: SECRET } }] },
      // Every second, so the test need not wait for a real schedule; each firing is a new report.
      reports: { schedules: [{ id: 'daily-pci', tenant: 'acme', definition: 'pci-dss', cron: '* * * * * *', timeZone: 'UTC', formats: ['html'], recipients: ['compliance'] }] },
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await rl?.close();
  });

  it('tells the schedule\'s receiver that the report is ready, signed, with the download link, even with no findings', { timeout: 60_000 }, async () => {
    const notice = await rl.eventually(async () => receiver.requests.find((r) => r.path === '/reports'));
    const body = JSON.parse(notice.body) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'notice', severity: 'info', status: 'firing', tenant: 'acme', labels: { report: 'pci-dss' } });
    expect(body.summary).toMatch(/^PCI DSS v4\.0\.1 change-control and integrity evidence for \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} is ready \(no findings; html, manifest/);
    expect(body.link).toMatch(/^https:\/\/rl\.example\.com\/api\/v1\/reports\/rpt_/);
    const headers = notice.headers as Record<string, string>;
    expect(verifySignature({ secret: SECRET, body: notice.body, timestamp: headers['x-runledger-timestamp'], signature: headers['x-runledger-signature'], nowSeconds: Math.floor(Date.now() / 1000) })).toBe(true);
    const told = await rl.eventually(async () => (await rl.runtime.store.audit.list({ tenant: 'acme', action: 'report.notify' }, { limit: 1 })).items[0]);
    expect(told).toMatchObject({ outcome: 'success', details: { recipients: ['compliance'], findings: 0 } });
  });
});
