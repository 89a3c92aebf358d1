// Billing counts every authenticated ingest request (issue 5): a running RunLedger takes
// accepted runs, a Chef node ping and refused posts of several kinds; the counts reach Redis,
// the scheduler job copies them into the Store, and the billing report generated through the
// API prices exactly those requests and bytes. Requests without a valid token count for nobody.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { fixtureBytes } from '../../ingest/adapters/testing/adapter-contract.ts';
import { readIngestUsage, usageDay } from '../../ingest/usage-counter.ts';
import { copyIngestUsage } from '../../processors/scheduler/ingest-usage.job.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const BODY_LIMIT = 64 * 1024;
let rl: TestRuntime;
let redis: Redis;

beforeAll(async () => {
  rl = await startTestRuntime({ ingest: { bodyLimitBytes: BODY_LIMIT } });
  redis = new Redis(rl.runtime.config.redisUrl);
});
afterAll(async () => {
  await redis?.quit();
  await rl?.close();
});

const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) => fetch(`${rl.url}${path}`, { method: 'POST', body, headers });
const bearer = async (role: 'ingest' | 'viewer', tenant = 'acme') => `Bearer ${await rl.token(role, tenant)}`;
const bytes = (body: Uint8Array | string) => (typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);

describe('ingest request counting for billing', () => {
  it('bills exactly the requests made, accepted and rejected, with the bytes received', { timeout: 120_000 }, async () => {
    const generic = fixtureBytes('generic/ansible-like-run.json');
    const ping = fixtureBytes('chef/node-ping.json');
    const puppet = fixtureBytes('puppet/2-file-changed.yaml');
    const badJson = '{"schema": "runledger.run/v1", ';
    const yamlToJsonRoute = 'status: success\n';
    const sent: { name: string; path: string; body: Uint8Array | string; headers: Record<string, string>; status: number; counted: number }[] = [
      { name: 'a run in the generic format', path: '/api/v1/reports', body: generic, headers: { 'content-type': 'application/json', authorization: await bearer('ingest') }, status: 202, counted: bytes(generic) },
      { name: 'a Chef node ping', path: '/data-collector/v0/', body: ping, headers: { 'content-type': 'application/json', 'x-data-collector-token': await rl.token('ingest') }, status: 202, counted: bytes(ping) },
      { name: 'a Puppet YAML report', path: '/reports/upload', body: puppet, headers: { 'content-type': 'application/x-yaml', authorization: await bearer('ingest') }, status: 202, counted: bytes(puppet) },
      { name: 'broken JSON', path: '/api/v1/reports', body: badJson, headers: { 'content-type': 'application/json', authorization: await bearer('ingest') }, status: 400, counted: bytes(badJson) },
      { name: 'YAML where only JSON is taken', path: '/api/v1/reports', body: yamlToJsonRoute, headers: { 'content-type': 'application/yaml', authorization: await bearer('ingest') }, status: 415, counted: bytes(yamlToJsonRoute) },
      // Refused before the body is read: billed as a request of 0 bytes.
      { name: 'a body over the limit', path: '/api/v1/reports', body: 'x'.repeat(BODY_LIMIT + 1), headers: { 'content-type': 'application/json', authorization: await bearer('ingest') }, status: 413, counted: 0 },
      { name: "a viewer's token", path: '/api/v1/reports', body: generic, headers: { 'content-type': 'application/json', authorization: await bearer('viewer') }, status: 403, counted: 0 },
    ];
    for (const request of sent) {
      const response = await post(request.path, request.body, request.headers);
      expect({ name: request.name, status: response.status }).toEqual({ name: request.name, status: request.status });
    }
    // Neither a bad token nor another tenant's requests are acme's.
    expect((await post('/api/v1/reports', generic, { 'content-type': 'application/json', authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await post('/api/v1/reports', generic, { 'content-type': 'application/json', authorization: await bearer('ingest', 'globex') })).status).toBe(202);

    const want = { requests: sent.length, rejected: sent.filter((r) => r.status !== 202).length, bytes: sent.reduce((sum, r) => sum + r.counted, 0) };
    const day = usageDay(new Date());
    const prefix = rl.runtime.config.queuePrefix;
    // Requests are counted after they are answered and reach Redis within a second.
    const counted = await rl.eventually(async () => {
      const found = await readIngestUsage(redis, prefix, day);
      return found.find((u) => u.tenant === 'acme')?.requests === want.requests && found.some((u) => u.tenant === 'globex') && found;
    });
    expect(counted.sort((a, b) => a.tenant.localeCompare(b.tenant))).toEqual([
      { tenant: 'acme', day, ...want },
      { tenant: 'globex', day, requests: 1, rejected: 0, bytes: bytes(generic) },
    ]);

    // What the scheduler's every-minute job does; twice changes nothing.
    await copyIngestUsage(rl.runtime.store, redis, prefix, systemClock);
    await copyIngestUsage(rl.runtime.store, redis, prefix, systemClock);
    expect(await rl.runtime.store.ingestUsage.list('acme', day, '9999-12-31')).toEqual([{ tenant: 'acme', day, ...want }]);

    const auditor = `Bearer ${await rl.token('auditor')}`;
    const from = `${day}T00:00:00.000Z`;
    const until = new Date(Date.parse(from) + 86_400_000).toISOString();
    const rateCard = { version: 'test', currency: 'EUR', rates: { ingestRequest: 0.5, ingestGigabyte: 1000 } };
    const generated = await fetch(`${rl.url}/api/v1/reports/generate`, {
      method: 'POST',
      headers: { authorization: auditor, 'content-type': 'application/json' },
      body: JSON.stringify({ definition: 'billing', params: { from, until, rateCard }, formats: ['json'] }),
    });
    expect(generated.status).toBe(202);
    const { id } = (await generated.json()) as { id: string };
    await rl.eventually(async () => (await rl.runtime.store.reports.get('acme', id))?.state === 'ready');
    const model = (await (await fetch(`${rl.url}/api/v1/reports/${id}/download?format=json`, { headers: { authorization: auditor } })).json()) as {
      ingest: { requests: number; rejected: number; bytes: number; countedDays: number; estimatedDays: number; lines: { item: string; quantity: number; amount: number }[] };
    };
    expect(model.ingest).toMatchObject({ ...want, countedDays: 1, estimatedDays: 0 });
    expect(model.ingest.lines.map((l) => [l.item, l.quantity])).toEqual([['ingestRequest', want.requests], ['ingestGigabyte', Math.round((want.bytes / 1e9) * 1000) / 1000]]);
    expect(model.ingest.lines[0]!.amount).toBe(want.requests * 0.5);
  });
});
