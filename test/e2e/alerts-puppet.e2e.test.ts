// Issue 4 end to end with the real agent: a failing `puppet apply` pages a local fake
// PagerDuty (Events API v2) once; the next clean run resolves it by the same dedup_key.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeEndpoint, startFakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import { puppetSandbox, type PuppetSandbox } from '../helpers/puppet.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
let pagerduty: FakeEndpoint;
let puppet: PuppetSandbox;
let reporturl: string;

beforeAll(async () => {
  pagerduty = await startFakeEndpoint();
  pagerduty.respond((request) =>
    request.path === '/v2/enqueue' ? { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: JSON.parse(request.body).dedup_key }) } : { status: 404 },
  );
  rl = await startTestRuntime({
    publicUrl: 'https://runledger.example.com',
    alerts: {
      receivers: [{ name: 'oncall', pagerduty: { url: `${pagerduty.url}/v2/enqueue`, routingKey: 'e2e-routing-key-0000' } }],
      route: { routes: [{ match: { kind: 'run_failed' }, receivers: ['oncall'] }] },
    },
  });
  const ingest = await rl.token('ingest');
  reporturl = `${rl.url.replace('http://', `http://puppet:${ingest}@`)}/reports/upload`;
  puppet = puppetSandbox();
});
afterAll(async () => {
  await rl?.close();
  await pagerduty?.close();
});

describe('puppet apply → PagerDuty', () => {
  const node = 'e2e-alerts01.example.com';

  it('triggers once for a failing run and resolves with the next clean run', { timeout: 180_000 }, async () => {
    const file = join(puppet.files, 'app.conf');
    const ok = `file { '${file}': ensure => file, content => "port = 8080\\n" }\n`;
    const failing = `${ok}exec { 'migrate': command => '/bin/false', path => '/bin:/usr/bin' }\n`;

    expect((await puppet.apply(failing, { reporturl, certname: node })).code).toBe(6);
    const trigger = await rl.eventually(async () => pagerduty.requests[0]);
    const event = JSON.parse(trigger.body);
    expect(event).toMatchObject({
      routing_key: 'e2e-routing-key-0000',
      event_action: 'trigger',
      dedup_key: `acme/${node}/run_failed`,
      payload: { summary: `[CRITICAL] Run failed on ${node}: Exec[migrate]`, source: node, severity: 'critical', component: 'production', class: 'run_failed', group: 'acme' },
    });
    expect(event.payload.custom_details.changes).toEqual([
      { resource: 'Exec[migrate]', classification: 'failed', message: "change from 'notrun' to ['0'] failed: '/bin/false' returned 1 instead of one of [0]" },
    ]);
    expect(event.client_url).toMatch(/^https:\/\/runledger\.example\.com\/api\/v1\/runs\/r_/);

    expect((await puppet.apply(ok, { reporturl, certname: node })).code).toBe(0);
    const resolve = await rl.eventually(async () => pagerduty.requests[1]);
    expect(JSON.parse(resolve.body)).toEqual({ routing_key: 'e2e-routing-key-0000', event_action: 'resolve', dedup_key: `acme/${node}/run_failed` });
    const alerts = await rl.runtime.store.alerts.list('acme', { node }, { limit: 10 });
    // Creating the file was an unplanned change too: stored as an alert, but no route sends it.
    expect(alerts.items.map((a) => [a.kind, a.state, a.occurrences, Object.keys(a.notified)]).sort()).toEqual([
      ['run_failed', 'resolved', 1, ['oncall']],
      ['unplanned_change', 'firing', 1, []],
    ]);
    expect(pagerduty.requests).toHaveLength(2);
  });
});
