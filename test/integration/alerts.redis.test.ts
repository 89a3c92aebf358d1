// Alerting end to end against a real Redis and real local receivers: ingest → alert stage →
// alerts queue (dedupe, silences, routes) → deliveries queue (retries, dead letters) → a fake
// PagerDuty / webhook service on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../sinks/webhook/webhook.sign.ts';
import { type FakeEndpoint, startFakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import { internalAlert } from '../../processors/alert/internal-alerts.ts';
import { buildSilence } from '../helpers/alert-builder.ts';
import { alertReporter } from '../helpers/alert-reports.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
let service: FakeEndpoint;
let ingestToken: string;
const SECRET = 'integration-webhook-secret';

beforeAll(async () => {
  service = await startFakeEndpoint();
  let flakyCalls = 0;
  let limitedCalls = 0;
  service.respond((request) => {
    if (request.path.startsWith('/pd')) return { status: 202, body: '{"status":"success","message":"Event processed"}' };
    if (request.path === '/flaky') return ++flakyCalls <= 2 ? { status: 503 } : { status: 200 };
    if (request.path === '/limited') return ++limitedCalls === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
    if (request.path === '/broken') return { status: 503 };
    if (request.path === '/stuck') return { status: 200, delayMs: 600_000 };
    if (request.path === '/rejecting') return { status: 400, body: '{"error":"bad payload"}' };
    return { status: 204 };
  });
  const hook = (path: string) => ({ url: `${service.url}${path}`, secret: SECRET });
  const byNode = (node: string, receiver: string) => ({ match: { node }, receivers: [receiver] });
  rl = await startTestRuntime({
    publicUrl: 'https://rl.example.com',
    alerts: {
      receivers: [
        { name: 'oncall', pagerduty: { url: `${service.url}/pd/v2/enqueue`, routingKey: 'integration-routing-key' } },
        { name: 'chat', webhook: hook('/chat') },
        { name: 'flaky', webhook: hook('/flaky') },
        { name: 'limited', webhook: hook('/limited') },
        { name: 'broken', webhook: hook('/broken') },
        { name: 'rejecting', webhook: hook('/rejecting') },
        { name: 'stuck', webhook: { ...hook('/stuck'), timeoutMs: 120_000 } },
      ],
      route: {
        routes: [
          { match: { kind: 'node_missing' }, receivers: ['chat'] },
          { match: { kind: 'run_failed', environment: 'production' }, receivers: ['oncall', 'chat'], routes: [byNode('flaky01', 'flaky'), byNode('limited01', 'limited'), byNode('broken01', 'broken'), byNode('reject01', 'rejecting')] },
          { match: { kind: 'run_failed', environment: 'stuck' }, receivers: ['stuck', 'chat'] },
        ],
      },
      delivery: { initialBackoffMs: 20, maxBackoffMs: 40, giveUpAfterMs: 3000 },
      inhibitRules: [{ source: { kind: 'node_missing' }, target: { kind: 'run_failed' }, equal: ['node'] }],
    },
  });
  ingestToken = await rl.token('ingest');
});
afterAll(async () => {
  // The receivers go first, so deliveries still in flight fail fast and the workers can stop.
  await service?.close();
  await rl?.close();
});

const { report, lastStartedAt } = alertReporter(() => rl, () => ingestToken);

const requestsTo = (prefix: string, node?: string) => service.requests.filter((r) => r.path.startsWith(prefix) && (!node || r.body.includes(`/${node}/`)));
const alertOf = (node: string, state: 'firing' | 'resolved') =>
  rl.runtime.store.alerts.list('acme', { node, state }, { limit: 10 }).then((page) => page.items[0]);

describe('alerts end to end', () => {
  it('pages once for a failing node, counts repeats on the open alert, and resolves by the same dedup_key', async () => {
    await report('db01', 'failure');
    const firing = await rl.eventually(async () => requestsTo('/pd', 'db01')[0]);
    const trigger = JSON.parse(firing.body);
    expect(trigger).toMatchObject({ event_action: 'trigger', dedup_key: 'acme/db01/run_failed', routing_key: 'integration-routing-key', payload: { severity: 'critical', source: 'db01', component: 'production' } });
    expect(trigger.client_url).toMatch(/^https:\/\/rl\.example\.com\/api\/v1\/runs\/r_/);

    await report('db01', 'failure');
    const repeated = await rl.eventually(async () => {
      const alert = await alertOf('db01', 'firing');
      return alert?.occurrences === 2 && alert;
    });
    expect(Object.keys(repeated.notified).sort()).toEqual(['chat', 'oncall']);

    await report('db01', 'success');
    const resolve = await rl.eventually(async () => requestsTo('/pd', 'db01')[1]);
    expect(JSON.parse(resolve.body)).toEqual({ routing_key: 'integration-routing-key', event_action: 'resolve', dedup_key: 'acme/db01/run_failed' });
    expect(requestsTo('/pd', 'db01')).toHaveLength(2);
    const chat = await rl.eventually(async () => requestsTo('/chat', 'db01').length === 2 && requestsTo('/chat', 'db01'));
    expect(chat.map((r) => JSON.parse(r.body).status)).toEqual(['firing', 'resolved']);
    const signed = chat[0]!;
    expect(verifySignature({ secret: SECRET, body: signed.body, timestamp: signed.headers['x-runledger-timestamp'] as string, signature: signed.headers['x-runledger-signature'] as string, nowSeconds: Math.floor(Date.now() / 1000) })).toBe(true);
    expect((await alertOf('db01', 'resolved'))!.endsAt).toBe(lastStartedAt());
  });

  it('sends "resolved" for a missing node once it reports again', async () => {
    const candidate = internalAlert({ tenant: 'acme', kind: 'node_missing', severity: 'warning', node: 'gone01', environment: 'production', summary: 'gone01 has not reported for 90 min', at: '2026-12-01T07:00:00.000Z' }, {})!;
    await rl.runtime.alerting.raise([{ type: 'fire', candidate }]);
    await rl.eventually(async () => requestsTo('/chat', 'gone01').length === 1);
    await report('gone01', 'success');
    const sent = await rl.eventually(async () => requestsTo('/chat', 'gone01').length === 2 && requestsTo('/chat', 'gone01'));
    expect(sent.map((r) => [JSON.parse(r.body).kind, JSON.parse(r.body).status])).toEqual([
      ['node_missing', 'firing'],
      ['node_missing', 'resolved'],
    ]);
  });

  it('stores a silenced alert but sends nothing', async () => {
    await rl.runtime.store.silences.create(buildSilence({ matchers: [{ label: 'node', value: 'quiet01' }], startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2099-01-01T00:00:00.000Z' }));
    await report('quiet01', 'failure');
    const alert = await rl.eventually(() => alertOf('quiet01', 'firing'));
    expect(alert.silencedBy).toMatch(/^s_/);
    expect(alert.notified).toEqual({});
    await report('quiet01', 'success');
    await rl.eventually(() => alertOf('quiet01', 'resolved'));
    expect(requestsTo('/', 'quiet01')).toEqual([]);
  });

  it('retries a receiver answering 503 until it accepts, recording each attempt', async () => {
    await report('flaky01', 'failure');
    const attempts = await rl.eventually(async () => {
      const page = await rl.runtime.store.deliveries.list('acme', { receiver: 'flaky' }, { limit: 10 });
      return page.items.some((a) => a.outcome === 'delivered') && page.items;
    });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.httpStatus]).reverse()).toEqual([
      [1, 'retry', 503],
      [2, 'retry', 503],
      [3, 'delivered', 200],
    ]);
  });

  it('waits as long as a 429 Retry-After asks before trying again', async () => {
    await report('limited01', 'failure');
    const attempts = await rl.eventually(async () => {
      const page = await rl.runtime.store.deliveries.list('acme', { receiver: 'limited' }, { limit: 10 });
      return page.items.some((a) => a.outcome === 'delivered') && page.items.reverse();
    });
    expect(attempts.map((a) => [a.outcome, a.reason ?? null])).toEqual([['retry', 'rate_limited'], ['delivered', null]]);
    expect(Date.parse(attempts[1]!.at) - Date.parse(attempts[0]!.at)).toBeGreaterThanOrEqual(1000);
  });

  it('keeps delivering to other receivers while one hangs on every message', async () => {
    const nodes = ['stuck01', 'stuck02', 'stuck03', 'stuck04', 'stuck05', 'stuck06'];
    for (const node of nodes) await report(node, 'failure', 'stuck');
    const chat = await rl.eventually(async () => nodes.every((node) => requestsTo('/chat', node).length === 1) && nodes);
    expect(chat).toEqual(nodes);
    // The hanging receiver holds its own slots (alerts.delivery.concurrency), nobody else's.
    await rl.eventually(async () => requestsTo('/stuck').length >= 4);
    expect(requestsTo('/stuck').length).toBe(4);
  });

  it.each([
    { name: 'dead-letters a message rejected with 400 after one attempt', node: 'reject01', receiver: 'rejecting', reason: 'client', attempts: 1 },
    { name: 'dead-letters a message still failing after giveUpAfterMs', node: 'broken01', receiver: 'broken', reason: 'server', attempts: undefined },
  ])('$name, and raises "delivery failing"', async ({ node, receiver, reason, attempts }) => {
    await report(node, 'failure');
    const letter = await rl.eventually(async () => (await rl.runtime.store.deliveries.deadLetters('acme', { receiver }, { limit: 10 })).items[0]);
    expect(letter).toMatchObject({ receiver, reason, dedupKey: `acme/${node}/run_failed` });
    if (attempts) expect(letter.attempts).toBe(attempts);
    else expect(letter.attempts).toBeGreaterThan(2);
    expect(letter.detail).not.toContain(SECRET);
    const failing = await rl.eventually(async () => (await rl.runtime.store.alerts.list('acme', { kind: 'delivery_failing' }, { limit: 10 })).items.find((a) => a.labels.receiver === receiver));
    expect(failing).toMatchObject({ state: 'firing', severity: 'warning', dedupKey: `acme/${receiver}/delivery_failing` });
  });

  it('counts alert decisions and delivery outcomes by FailureReason in /metrics', async () => {
    const text = await (await fetch(`${rl.url}/metrics`)).text();
    const value = (line: string) => Number(text.split('\n').find((l) => l.startsWith(line))?.split(' ').at(-1) ?? 0);
    expect(value('rl_alert_events_total{kind="run_failed",decision="first"}')).toBeGreaterThanOrEqual(5);
    expect(value('rl_alert_events_total{kind="run_failed",decision="silenced"}')).toBe(1);
    expect(value('rl_deliveries_total{sink="webhook",outcome="retry",reason="rate_limited"}')).toBe(1);
    expect(value('rl_deliveries_total{sink="pagerduty",outcome="delivered",reason=""}')).toBe(2);
  });
});

// After the metrics test above, which counts deliveries.
describe('inhibition end to end', () => {
  it('holds back a failure of a node that is missing, shows what held it, and pages once the missing alert resolves', async () => {
    const missingAt = '2026-12-01T09:00:00.000Z';
    const candidate = internalAlert({ tenant: 'acme', kind: 'node_missing', severity: 'warning', node: 'inh01', environment: 'production', summary: 'inh01 has not reported for 90 min', at: missingAt }, {})!;
    await rl.runtime.alerting.raise([{ type: 'fire', candidate }]);
    await rl.eventually(async () => requestsTo('/chat', 'inh01').length === 1);
    const missing = (await alertOf('inh01', 'firing'))!;

    // A late report of a failed run from before the node went silent: it does not end the
    // missing alert (older than its last sign of life), and its failure is inhibited by it.
    await report('inh01', 'failure');
    const held = await rl.eventually(async () => (await rl.runtime.store.alerts.list('acme', { node: 'inh01', kind: 'run_failed' }, { limit: 1 })).items[0]);
    expect(held).toMatchObject({ state: 'firing', inhibitedBy: missing.id, notified: {} });
    const viewer = await rl.token('viewer');
    const shown = (await (await fetch(`${rl.url}/api/v1/alerts/${held.id}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as { inhibitedBy?: string; deliveries: unknown[] };
    expect(shown).toMatchObject({ inhibitedBy: missing.id, deliveries: [] });
    expect(requestsTo('/pd', 'inh01')).toEqual([]);
    expect(requestsTo('/chat', 'inh01')).toHaveLength(1);

    // The node is back (the sweep resolves the missing alert): the failure, still firing, is sent now.
    await rl.runtime.alerting.raise([{ type: 'resolve', resolution: { tenant: 'acme', dedupKey: missing.dedupKey, at: '2026-12-01T10:00:00.000Z' } }]);
    const paged = await rl.eventually(async () => requestsTo('/pd', 'inh01')[0]);
    expect(JSON.parse(paged.body)).toMatchObject({ event_action: 'trigger', dedup_key: 'acme/inh01/run_failed' });
    const chat = await rl.eventually(async () => requestsTo('/chat', 'inh01').length === 3 && requestsTo('/chat', 'inh01'));
    expect(chat.map((r) => [JSON.parse(r.body).kind, JSON.parse(r.body).status]).sort()).toEqual([
      ['node_missing', 'firing'],
      ['node_missing', 'resolved'],
      ['run_failed', 'firing'],
    ]);
    const released = (await rl.runtime.store.alerts.get('acme', held.id))!;
    expect(released.inhibitedBy).toBeUndefined();
    expect(Object.keys(released.notified).sort()).toEqual(['chat', 'oncall']);
  });
});
