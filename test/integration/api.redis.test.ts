// The query and admin API as clients use it over HTTP: filters, keyset paging, search,
// tenant scoping, roles, coded errors, tokens and the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRun } from '../helpers/run-builder.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
const runs = [
  buildRun({ node: 'web-1', environment: 'prod', startedAt: '2026-11-01T10:00:00.000Z', resources: [{ title: '/etc/nginx/nginx.conf', diff: '-a\n+worker_processes auto;\n' }] }),
  buildRun({ node: 'web-2', environment: 'prod', status: 'failure', startedAt: '2026-11-01T11:00:00.000Z', resources: [{ type: 'Exec', title: 'reindex', status: 'failed', error: { message: 'exit 1' } }] }),
  buildRun({ node: 'db-1', environment: 'staging', startedAt: '2026-11-01T12:00:00.000Z', resources: [] }),
  buildRun({ tenant: 'globex', node: 'their-node', startedAt: '2026-11-01T13:00:00.000Z' }),
];

beforeAll(async () => {
  rl = await startTestRuntime();
  await rl.runtime.store.write({ runs, nodeEvents: [] });
});
afterAll(() => rl?.close());

async function call(method: string, path: string, role: Parameters<TestRuntime['token']>[0] = 'viewer', body?: unknown) {
  const response = await fetch(`${rl.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await rl.token(role)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as any) };
}
const get = (path: string, role?: Parameters<TestRuntime['token']>[0]) => call('GET', path, role);

describe('runs, changes and nodes', () => {
  it('lists runs newest first, filtered, only from the token\'s tenant', async () => {
    expect((await get('/api/v1/runs')).body.items.map((r: any) => r.node)).toEqual(['db-1', 'web-2', 'web-1']);
    expect((await get('/api/v1/runs?environment=prod&status=failure')).body.items.map((r: any) => r.node)).toEqual(['web-2']);
    expect((await get('/api/v1/runs?hasChanges=true')).body.items.map((r: any) => r.node)).toEqual(['web-1']);
    expect((await get('/api/v1/runs?since=2026-11-01T11:00:00Z&until=2026-11-01T12:00:00Z')).body.items.map((r: any) => r.node)).toEqual(['web-2']);
    expect((await get('/api/v1/runs?q=worker_processes')).body.items.map((r: any) => r.node)).toEqual(['web-1']);
  });

  it('pages with nextCursor until the end', async () => {
    const first = await get('/api/v1/runs?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await get(`/api/v1/runs?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: any) => r.node)).toEqual(['web-1']);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('shows one run with its changes, and 404 for another tenant\'s run', async () => {
    const run = await get(`/api/v1/runs/${runs[1]!.id}`);
    expect(run.body).toMatchObject({ node: 'web-2', status: 'failure', changes: [{ type: 'Exec', title: 'reindex', status: 'failed', error: { message: 'exit 1' } }] });
    expect(await get(`/api/v1/runs/${runs[3]!.id}`)).toMatchObject({ status: 404, body: { code: 'RL_NOT_FOUND' } });
  });

  it('lists changes by status and type, and nodes with their latest state', async () => {
    expect((await get('/api/v1/changes?status=failed')).body.items.map((c: any) => c.title)).toEqual(['reindex']);
    expect((await get('/api/v1/changes?resourceType=File')).body.items.map((c: any) => c.node)).toEqual(['web-1']);
    expect((await get('/api/v1/nodes?environment=prod')).body.items.map((n: any) => [n.name, n.lastStatus])).toEqual([
      ['web-1', 'success'],
      ['web-2', 'failure'],
    ]);
    expect((await get('/api/v1/nodes/db-1')).body).toMatchObject({ name: 'db-1', environment: 'staging', lastRun: runs[2]!.id });
  });

  it.each([
    { name: 'a limit of 0', path: '/api/v1/runs?limit=0', message: /querystring.limit: Too small/ },
    { name: 'an unknown status', path: '/api/v1/runs?status=broken', message: /querystring.status: Invalid option/ },
    { name: 'a bad time', path: '/api/v1/runs?since=yesterday', message: /querystring.since: Invalid input/ },
    { name: 'a forged cursor', path: '/api/v1/runs?cursor=eyJ4IjoxfQ', message: /cursor is not one this API issued/ },
    { name: 'a misspelt filter', path: '/api/v1/changes?clasification=planned', message: /Unrecognized key: "clasification"/ },
  ])('answers 400 to $name, saying what is wrong', async ({ path, message }) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('RL_BAD_REQUEST');
    expect(response.body.message).toMatch(message);
  });

  it('answers 404 with the route for an unknown path', async () => {
    expect(await get('/api/v1/nope')).toMatchObject({ status: 404, body: { code: 'RL_NOT_FOUND', message: 'no route GET /api/v1/nope' } });
  });
});

describe('tokens and audit', () => {
  it('lets an admin create (secret shown once), list and revoke tokens; viewers may not', async () => {
    expect((await get('/api/v1/tokens', 'viewer')).status).toBe(403);
    const created = await call('POST', '/api/v1/tokens', 'admin', { role: 'viewer', name: 'grafana' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ token: expect.stringMatching(/^rl_/), role: 'viewer', name: 'grafana', tenant: 'acme' });
    const listed = await get('/api/v1/tokens', 'admin');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect(listed.body.items.map((t: any) => t.name)).toContain('grafana');
    expect((await call('DELETE', `/api/v1/tokens/${created.body.id}`, 'admin')).status).toBe(204);
    expect((await call('DELETE', `/api/v1/tokens/${created.body.id}`, 'admin')).status).toBe(404);
  });

  it('shows auditors the tenant\'s audit entries and a verified chain', async () => {
    const entries = await get('/api/v1/audit?action=token.create', 'auditor');
    expect(entries.body.items.length).toBeGreaterThan(0);
    expect(entries.body.items.every((e: any) => e.tenant === 'acme' && e.action === 'token.create')).toBe(true);
    const verified = await get('/api/v1/audit/verify', 'auditor');
    expect(verified.body).toMatchObject({ ok: true, head: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect((await get('/api/v1/audit', 'viewer')).status).toBe(403);
  });
});

describe('public endpoints', () => {
  it('serves health, readiness and the OpenAPI document without a token', async () => {
    expect(await (await fetch(`${rl.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${rl.url}/readyz`)).json()).toEqual({ status: 'ready', checks: { redis: 'ok', store: 'ok' } });
    const openapi = (await (await fetch(`${rl.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/reports/upload', '/data-collector/v0/', '/api/v1/runs', '/api/v1/runs/{id}', '/api/v1/changes', '/api/v1/nodes']));
  });
});
