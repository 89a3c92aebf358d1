// Report schedules through the API against a whole running RunLedger: validation that names
// the field, configured schedules listed read-only, permissions, audit events, the CLI, and a
// schedule created through the API firing without a restart and a real local webhook
// receiving its signed "report ready" notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeEndpoint, startFakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import { verifySignature } from '../../sinks/webhook/webhook.sign.ts';
import { runledger } from '../helpers/cli.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const SECRET = 'schedule-notice-secret';
const CONFIGURED = { id: 'weekly-pci', tenant: 'acme', definition: 'pci-dss', cron: '0 6 * * 1', timeZone: 'Europe/Berlin', period: 'previous-week' as const };

let receiver: FakeEndpoint;
let rl: TestRuntime;

beforeAll(async () => {
  receiver = await startFakeEndpoint();
  receiver.respond(() => ({ status: 204 }));
  rl = await startTestRuntime({
    publicUrl: 'https://rl.example.com',
    alerts: { receivers: [{ name: 'compliance', webhook: { url: `${receiver.url}/reports`, secret: SECRET } }] },
    reports: { schedules: [CONFIGURED] },
  });
});
afterAll(async () => {
  await receiver?.close();
  await rl?.close();
});

async function call(role: 'admin' | 'approver' | 'auditor', method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${rl.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await rl.token(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

const valid = { id: 'nightly-pci', definition: 'pci-dss', cron: '0 6 * * *', timeZone: 'Europe/Berlin', formats: ['html'], recipients: ['compliance'] };

describe('report schedules API', () => {
  it.each([
    { name: 'a bad cron expression', change: { cron: '61 * * * *' }, code: 'RL_BAD_REQUEST', field: 'body.cron: not a valid cron expression' },
    { name: 'an unknown time zone', change: { timeZone: 'Mars/Olympus' }, code: 'RL_BAD_REQUEST', field: 'body.timeZone: not a known IANA time zone' },
    { name: 'a recipient that is no receiver', change: { recipients: ['ciso@example.com'] }, code: 'RL_REPORT_SCHEDULE_INVALID', field: "recipients: 'ciso@example.com' name no receiver in alerts.receivers (compliance)" },
    { name: 'an unknown definition', change: { definition: 'sox' }, code: 'RL_REPORT_SCHEDULE_INVALID', field: "definition: unknown report definition 'sox'" },
    { name: 'bad parameters', change: { params: { maxGapDays: 0 } }, code: 'RL_REPORT_SCHEDULE_INVALID', field: 'params: ' },
    { name: 'an unknown template', change: { template: 'nope' }, code: 'RL_REPORT_SCHEDULE_INVALID', field: "template: no report template 'nope'" },
  ])('refuses $name with a 400 naming the field', async ({ change, code, field }) => {
    const { status, json } = await call('admin', 'POST', '/api/v1/report-schedules', { ...valid, ...change });
    expect({ status, code: json.code }).toEqual({ status: 400, code });
    expect(json.message).toContain(field);
  });

  it('creates, lists beside the configured ones, disables, enables and deletes, each an audit event', async () => {
    const created = await call('approver', 'POST', '/api/v1/report-schedules', valid);
    expect(created).toMatchObject({ status: 201, json: { ...valid, tenant: 'acme', source: 'api', enabled: true, period: 'previous-day', version: 1 } });
    expect((await call('admin', 'POST', '/api/v1/report-schedules', valid)).json.code).toBe('RL_REPORT_SCHEDULE_EXISTS');

    const listed = await call('admin', 'GET', '/api/v1/report-schedules');
    expect(listed.json.items.map((s: { id: string; source: string }) => [s.id, s.source])).toEqual([['weekly-pci', 'config'], ['nightly-pci', 'api']]);
    // 06:00 in Berlin is 05:00 UTC in winter, 04:00 in summer.
    expect(listed.json.items[1].nextRun).toMatch(/^20\d\d-\d\d-\d\dT0[45]:00:00\.000Z$/);
    const forAuditors = await call('auditor', 'GET', '/api/v1/reports/schedules');
    expect(forAuditors.json.items.map((s: { id: string }) => s.id)).toEqual(['weekly-pci', 'nightly-pci']);

    const disabled = await call('admin', 'PATCH', '/api/v1/report-schedules/nightly-pci', { enabled: false });
    expect(disabled).toMatchObject({ status: 200, json: { enabled: false, version: 2 } });
    expect((await call('admin', 'GET', '/api/v1/report-schedules/nightly-pci')).json).not.toHaveProperty('nextRun');
    const changed = await call('admin', 'PATCH', '/api/v1/report-schedules/nightly-pci', { enabled: true, cron: '30 5 * * *', recipients: [] });
    expect(changed).toMatchObject({ status: 200, json: { enabled: true, cron: '30 5 * * *', recipients: [], version: 3 } });
    expect((await call('admin', 'PATCH', '/api/v1/report-schedules/nightly-pci', { recipients: ['nobody'] })).json.code).toBe('RL_REPORT_SCHEDULE_INVALID');
    expect((await call('admin', 'PATCH', '/api/v1/report-schedules/nightly-pci', {})).status).toBe(400);

    expect((await call('admin', 'DELETE', '/api/v1/report-schedules/nightly-pci')).status).toBe(200);
    expect((await call('admin', 'GET', '/api/v1/report-schedules/nightly-pci')).json.code).toBe('RL_NOT_FOUND');
    expect((await call('admin', 'DELETE', '/api/v1/report-schedules/nightly-pci')).json.code).toBe('RL_NOT_FOUND');

    const { items } = await rl.runtime.store.audit.list({ tenant: 'acme' }, { limit: 100 });
    const schedule = items.filter((e) => e.action.startsWith('report.schedule.') && e.target === 'nightly-pci').reverse();
    expect(schedule.map((e) => e.action)).toEqual(['report.schedule.create', 'report.schedule.disable', 'report.schedule.update', 'report.schedule.delete']);
    expect(schedule[0]).toMatchObject({ outcome: 'success', details: { definition: 'pci-dss', cron: '0 6 * * *', recipients: ['compliance'] } });
    expect(schedule[2]).toMatchObject({ details: { changed: { enabled: true, cron: '30 5 * * *', recipients: [] }, version: 3 } });
  });

  it('refuses to change or delete a configured schedule with a 409 saying where it is set', async () => {
    for (const [method, body] of [['PATCH', { enabled: false }], ['DELETE', undefined]] as const) {
      const { status, json } = await call('admin', method, '/api/v1/report-schedules/weekly-pci', body);
      expect({ status, json: { code: json.code, message: json.message } }).toEqual({
        status: 409,
        json: { code: 'RL_REPORT_SCHEDULE_READ_ONLY', message: 'schedule weekly-pci is set in the configuration (reports.schedules) and can only be changed there' },
      });
    }
  });

  it('lets approvers and admins, not auditors, change schedules', async () => {
    const { status, json } = await call('auditor', 'POST', '/api/v1/report-schedules', { ...valid, id: 'by-auditor' });
    expect({ status, code: json.code, message: json.message }).toEqual({ status: 403, code: 'RL_AUTH_FORBIDDEN', message: "role 'auditor' may not reports:schedule" });
  });

  it('fires a schedule created through the API without a restart, and the receiver gets the signed notice, with no findings', { timeout: 60_000 }, async () => {
    // Every second, so the test need not wait for a real schedule.
    const created = await call('admin', 'POST', '/api/v1/report-schedules', { ...valid, id: 'every-second', cron: '* * * * * *', timeZone: 'UTC' });
    expect(created.status).toBe(201);
    const notice = await rl.eventually(async () => receiver.requests.find((r) => r.path === '/reports'));
    expect((await call('admin', 'DELETE', '/api/v1/report-schedules/every-second')).status).toBe(200);
    const body = JSON.parse(notice.body) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'notice', severity: 'info', tenant: 'acme', labels: { report: 'pci-dss' } });
    expect(body.summary).toMatch(/^PCI DSS v4\.0\.1 change-control and integrity evidence for \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} is ready \(no findings; html, manifest/);
    expect(body.link).toMatch(/^https:\/\/rl\.example\.com\/api\/v1\/reports\/rpt_/);
    const headers = notice.headers as Record<string, string>;
    expect(verifySignature({ secret: SECRET, body: notice.body, timestamp: headers['x-runledger-timestamp'], signature: headers['x-runledger-signature'], nowSeconds: Math.floor(Date.now() / 1000) })).toBe(true);
    const reportId = String(body.link).split('/').pop()!;
    expect(await rl.runtime.store.reports.get('acme', reportId)).toMatchObject({ requestedBy: 'schedule:every-second', recipients: ['compliance'], state: 'ready', findings: 0 });
  });
});

describe('runledger report schedule', () => {
  it('creates, lists, disables, enables and deletes a schedule through the API', { timeout: 60_000 }, async () => {
    const env = { RUNLEDGER_URL: rl.url, RUNLEDGER_TOKEN: await rl.token('admin') };
    const created = await runledger(env, 'report', 'schedule', 'create', '--id', 'cli-billing', '--definition', 'billing', '--cron', '0 7 1 * *', '--period', 'previous-month',
      '--params', '{"rateCard":{"version":"2026-11","currency":"EUR","rates":{"run":0.01}}}', '--format', 'csv', '--recipient', 'compliance');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout.trim().split('\n').at(-1)).toBe('cli-billing');

    const listed = await runledger(env, 'report', 'schedule', 'list');
    expect(listed.stdout.trim().split('\n').map((l) => l.split('\t').slice(0, 5))).toEqual([
      ['weekly-pci', 'config', 'enabled', 'pci-dss', 'previous-week'],
      ['cli-billing', 'api', 'enabled', 'billing', 'previous-month'],
    ]);
    expect((await runledger(env, 'report', 'schedule', 'disable', 'cli-billing')).stdout).toMatch(/^cli-billing\tapi\tdisabled\t/);
    expect((await runledger(env, 'report', 'schedule', 'enable', 'cli-billing')).stdout).toMatch(/^cli-billing\tapi\tenabled\t/);
    const readOnly = await runledger(env, 'report', 'schedule', 'delete', 'weekly-pci');
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toContain('409 RL_REPORT_SCHEDULE_READ_ONLY: schedule weekly-pci is set in the configuration');
    expect(await runledger(env, 'report', 'schedule', 'delete', 'cli-billing')).toMatchObject({ code: 0, stdout: 'deleted cli-billing\n' });
    expect((await rl.runtime.store.reportSchedules.list('acme')).map((s) => s.id)).not.toContain('cli-billing');
  });
});
