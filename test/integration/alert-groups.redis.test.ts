// Grouping end to end against a real Redis and a real local webhook receiver: alerts of one
// environment go out as one message per group wait / group interval, and one resolved message.
// The waits are generous so that a loaded machine still lands each step inside its window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../sinks/types.ts';
import { type FakeEndpoint, startFakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import { alertReporter } from '../helpers/alert-reports.ts';
import { signInWithToken, uiGet, unescapeHref } from '../helpers/ui-session.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
let service: FakeEndpoint;
let ingestToken: string;
const GROUP_WAIT_MS = 5000;
const GROUP_INTERVAL_MS = 6000;

beforeAll(async () => {
  service = await startFakeEndpoint();
  service.respond({ status: 204 });
  rl = await startTestRuntime({
    alerts: {
      receivers: [{ name: 'chat', webhook: { url: `${service.url}/chat`, secret: 'group-webhook-secret' } }],
      route: {
        routes: [{ match: { kind: 'run_failed' }, receivers: ['chat'], groupBy: ['environment', 'kind'], groupWaitMs: GROUP_WAIT_MS, groupIntervalMs: GROUP_INTERVAL_MS }],
      },
    },
  });
  ingestToken = await rl.token('ingest');
});
afterAll(async () => {
  await service?.close();
  await rl?.close();
});

const { report } = alertReporter(() => rl, () => ingestToken);

const messages = () => service.requests.filter((r) => r.path === '/chat').map((r) => JSON.parse(r.body) as Notification);
const listed = (message: Notification) => message.group!.alerts.map((a) => `${a.node}:${a.status}`).sort();
const alertState = async (node: string) => (await rl.runtime.store.alerts.list('acme', { node }, { limit: 1 })).items[0]?.state;

/** Each group message's delivery attempt appears under every alert it listed, in the API and the UI. */
async function expectListedUnderEachMember(messagesPerNode: Record<string, number>, groupKey: string) {
  const viewer = await rl.token('viewer');
  const cookie = (await signInWithToken(rl.url, viewer)).cookie;
  for (const [node, count] of Object.entries(messagesPerNode)) {
    const id = (await rl.runtime.store.alerts.list('acme', { node }, { limit: 1 })).items[0]!.id;
    const shown = await rl.eventually(async () => {
      const alert = (await (await fetch(`${rl.url}/api/v1/alerts/${id}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as { deliveries: { dedupKey: string; alertIds?: string[]; outcome: string; status: string }[] };
      return alert.deliveries.length === count && alert;
    });
    expect(shown.deliveries.map((d) => [d.dedupKey, d.outcome, d.alertIds?.includes(id)])).toEqual(Array.from({ length: count }, () => [groupKey, 'delivered', true]));
    const { html } = await uiGet(rl.url, `/ui/alerts/${id}`, cookie);
    const rows = [...html.matchAll(/data-label="Message">(.*?)<\/td>/g)].map((m) => unescapeHref(m[1]!.replace(/<[^>]+>/g, '')));
    expect(rows).toEqual(shown.deliveries.map((d) => `${d.status} · group message (${d.alertIds!.length} alerts, ${groupKey})`));
  }
}

describe('alert groups end to end', () => {
  it('sends failures of one environment as one message per group interval, then one resolved message', async () => {
    await Promise.all(['g01', 'g02', 'g03'].map((node) => report(node, 'failure')));
    const [first] = await rl.eventually(async () => messages().length >= 1 && messages());
    expect(first).toMatchObject({ status: 'firing', dedupKey: 'acme/group/environment=production,kind=run_failed', environment: 'production', severity: 'critical', group: { firing: 3, resolved: 0 } });
    expect(listed(first!)).toEqual(['g01:firing', 'g02:firing', 'g03:firing']);

    // A fourth failure within the group interval waits for the group's next message.
    await report('g04', 'failure');
    await rl.eventually(async () => (await alertState('g04')) === 'firing');
    expect(messages()).toHaveLength(1);
    const second = await rl.eventually(async () => messages()[1]);
    expect(second).toMatchObject({ status: 'firing', group: { firing: 4, resolved: 0 } });
    expect(listed(second)).toEqual(['g01:firing', 'g02:firing', 'g03:firing', 'g04:firing']);
    expect(Number(service.requests[1]!.headers['x-runledger-timestamp']) - Number(service.requests[0]!.headers['x-runledger-timestamp'])).toBeGreaterThanOrEqual(GROUP_INTERVAL_MS / 1000 - 1);

    await Promise.all(['g01', 'g02', 'g03', 'g04'].map((node) => report(node, 'success')));
    const resolved = await rl.eventually(async () => messages()[2]);
    expect(resolved).toMatchObject({ status: 'resolved', dedupKey: 'acme/group/environment=production,kind=run_failed', group: { firing: 0, resolved: 4 } });
    expect(listed(resolved)).toEqual(['g01:resolved', 'g02:resolved', 'g03:resolved', 'g04:resolved']);
    // Nothing else follows: the group starts over empty.
    await rl.eventually(async () => (await Promise.all(['g01', 'g02', 'g03', 'g04'].map(alertState))).every((s) => s === 'resolved'));
    expect(messages()).toHaveLength(3);
    // Not only under the group's key in /deliveries: g01–g03 were in all three messages, g04 in the last two.
    await expectListedUnderEachMember({ g01: 3, g02: 3, g03: 3, g04: 2 }, 'acme/group/environment=production,kind=run_failed');
  });
});
