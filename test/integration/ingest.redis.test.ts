// Ingest end to end against a real Redis: every accepted format is stored and queryable,
// and every class of bad input gets its 4xx, never a crash, a hang or a lost report.
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../ingest/adapters/testing/adapter-contract.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const YAML = 'application/x-yaml';
const JSON_TYPE = 'application/json';

let rl: TestRuntime;
let ingestToken: string;
let readToken: string;

beforeAll(async () => {
  rl = await startTestRuntime({ ingest: { bodyLimitBytes: 256 * 1024, maxDecompressedBytes: 1024 * 1024 } });
  ingestToken = await rl.token('ingest');
  readToken = await rl.token('viewer');
});
afterAll(() => rl?.close());

function post(path: string, body: string | Uint8Array, headers: Record<string, string>) {
  return fetch(`${rl.url}${path}`, { method: 'POST', body, headers });
}
const basic = (token: string) => `Basic ${Buffer.from(`puppet:${token}`).toString('base64')}`;
const bearer = (token: string) => `Bearer ${token}`;

async function get(path: string, token = readToken) {
  const response = await fetch(`${rl.url}${path}`, { headers: { authorization: bearer(token) } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function stored(id: string) {
  return rl.eventually(async () => {
    const run = await get(`/api/v1/runs/${id}`);
    return run.status === 200 && run.body;
  });
}

describe('accepted reports', () => {
  it('stores a Puppet YAML report sent the way the http report processor sends it', async () => {
    const response = await post('/reports/upload', fixtureBytes('puppet/2-file-changed.yaml'), { 'content-type': YAML, authorization: basic(ingestToken) });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { id: string; runId: string; node: string; status: string };
    expect(accepted).toMatchObject({ status: 'queued', node: 'web01.example.com', runId: expect.any(String), id: expect.stringMatching(/^r_/) });
    const run = await stored(accepted.id);
    expect(run).toMatchObject({ tenant: 'acme', source: 'puppet', agentRunId: accepted.runId, status: 'success' });
    expect(run.changes[0].diff).toContain('-port = 8080\n+port = 9090');
  });

  it('stores the JSON form of the same run once, under the same id', async () => {
    const send = async (fixture: string, type: string) =>
      (await (await post('/reports/upload', fixtureBytes(fixture), { 'content-type': type, authorization: bearer(ingestToken) })).json()) as { id: string };
    const yamlReply = await send('puppet/2-file-changed.yaml', YAML);
    const jsonReply = await send('puppet/2-file-changed.json', JSON_TYPE);
    expect(jsonReply.id).toBe(yamlReply.id);
    await stored(jsonReply.id);
    const runs = await get(`/api/v1/runs?node=web01.example.com`);
    expect(runs.body.items.filter((r: { id: string }) => r.id === jsonReply.id)).toHaveLength(1);
  });

  it.each([
    { name: 'gzip', encode: gzipSync },
    { name: 'deflate', encode: deflateSync },
  ])('accepts a $name-encoded body', async ({ name, encode }) => {
    const body = encode(fixtureBytes('puppet/4-exec-failed.yaml'));
    const response = await post('/reports/upload', body, { 'content-type': YAML, 'content-encoding': name, authorization: bearer(ingestToken) });
    expect(response.status).toBe(202);
    const run = await stored(((await response.json()) as { id: string }).id);
    expect(run.status).toBe('failure');
  });

  it('stores a Chef run_converge and records run_start and node_ping for the node', async () => {
    const headers = { 'content-type': JSON_TYPE, 'x-data-collector-token': ingestToken };
    for (const message of ['run-start', 'node-ping']) {
      expect((await post('/data-collector/v0/', fixtureBytes(`chef/${message}.json`), headers)).status).toBe(202);
    }
    const converge = await post('/data-collector/v0', fixtureBytes('chef/run-converge-success.json'), headers);
    expect(converge.status).toBe(202);
    await stored(((await converge.json()) as { id: string }).id);
    const node = await rl.eventually(async () => {
      const { body } = await get('/api/v1/nodes/db01.example.com');
      return body.lastPingAt && body.lastRunStartedAt && body;
    });
    expect(node).toMatchObject({ environment: 'production', lastStatus: 'success', lastSource: 'chef', info: { tags: ['pci', 'tier-1'] } });
  });

  it('stores a RunLedger run report from any tool', async () => {
    const response = await post('/api/v1/reports', fixtureBytes('generic/ansible-like-run.json'), { 'content-type': JSON_TYPE, authorization: bearer(ingestToken) });
    expect(response.status).toBe(202);
    const run = await stored(((await response.json()) as { id: string }).id);
    expect(run).toMatchObject({ source: 'generic', agent: { name: 'ansible' }, node: 'web02.example.com' });
  });

  it('serves the canonical schema as JSON Schema without authentication', async () => {
    const schema = (await (await fetch(`${rl.url}/api/v1/schema/run-report`)).json()) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['schema', 'source', 'runId', 'node', 'resources']));
    expect(schema.required).not.toContain('tenant');
  });
});

describe('refused requests', () => {
  const yamlFixture = () => fixtureBytes('puppet/1-file-created.yaml');

  it.each([
    { name: 'no token', headers: {} as Record<string, string>, status: 401, code: 'RL_AUTH_MISSING', reason: 'missing' },
    { name: 'an unknown token', headers: { authorization: bearer('rl_not-a-real-token-000000000000000000000000') }, status: 401, code: 'RL_AUTH_INVALID', reason: 'invalid' },
  ])('answers $status to $name and records the failure with time, address and reason', async ({ headers, status, code, reason }) => {
    const response = await post('/reports/upload', yamlFixture(), { 'content-type': YAML, ...headers });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code, requestId: expect.any(String) });
    const { items } = await rl.runtime.store.audit.list({ action: 'auth.failure' }, { limit: 50 });
    expect(items).toContainEqual(
      expect.objectContaining({ outcome: 'denied', sourceIp: '127.0.0.1', at: expect.any(String), details: expect.objectContaining({ reason, path: '/reports/upload' }) }),
    );
  });

  it('answers 403 when the role may not do it, in both directions', async () => {
    const asViewer = await post('/reports/upload', yamlFixture(), { 'content-type': YAML, authorization: bearer(readToken) });
    expect(asViewer.status).toBe(403);
    expect(await asViewer.json()).toMatchObject({ code: 'RL_AUTH_FORBIDDEN', message: "role 'viewer' may not ingest" });
    const asIngest = await get('/api/v1/runs', ingestToken);
    expect(asIngest).toMatchObject({ status: 403, body: { message: "role 'ingest' may not read" } });
  });

  it('refuses a revoked token', async () => {
    const { issueToken, revokeToken } = await import('../../core/tokens.ts');
    const { token, record } = await issueToken(rl.runtime.store, { tenant: 'acme', role: 'ingest', name: 'leaked', actor: 'test' });
    await revokeToken(rl.runtime.store, { tenant: 'acme', id: record.id, actor: 'test' });
    expect((await post('/reports/upload', yamlFixture(), { 'content-type': YAML, authorization: bearer(token) })).status).toBe(401);
  });

  it.each([
    { name: 'malformed YAML', body: 'host: [unclosed\n', type: YAML, status: 400, code: 'RL_INGEST_MALFORMED', message: /^the body is not valid YAML: / },
    { name: 'malformed JSON', body: '{"host":', type: JSON_TYPE, status: 400, code: 'RL_INGEST_MALFORMED', message: /^the body is not valid JSON: / },
    { name: 'a YAML alias bomb', body: `a: &a [x,x]\n${Array.from({ length: 120 }, (_, i) => `k${i}: *a`).join('\n')}\n`, type: YAML, status: 400, code: 'RL_INGEST_TOO_MANY_ALIASES', message: /more than 100 aliases/ },
    { name: 'deep JSON nesting', body: `${'['.repeat(100)}${']'.repeat(100)}`, type: JSON_TYPE, status: 400, code: 'RL_INGEST_TOO_DEEP', message: /deeper than the limit of 64 levels/ },
    { name: 'valid YAML that is not a report', body: 'hello: world\n', type: YAML, status: 422, code: 'RL_INGEST_NOT_A_REPORT', message: /^the body is not a Puppet run report: host: / },
    { name: 'an unknown content type', body: 'x', type: 'text/plain', status: 415, code: 'RL_UNSUPPORTED_MEDIA_TYPE', message: /send application\/x-yaml or application\/yaml or text\/yaml or application\/json/ },
    { name: 'a body over the limit', body: 'x'.repeat(300 * 1024), type: YAML, status: 413, code: 'RL_INGEST_TOO_LARGE', message: /larger than the limit of 262144 bytes/ },
  ])('answers $status to $name, saying what is wrong', async ({ body, type, status, code, message }) => {
    const response = await post('/reports/upload', body, { 'content-type': type, authorization: bearer(ingestToken) });
    expect(response.status).toBe(status);
    const reply = (await response.json()) as { code: string; message: string };
    expect(reply.code).toBe(code);
    expect(reply.message).toMatch(message);
  });

  it('answers 413 to a small gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    const response = await post('/reports/upload', bomb, { 'content-type': YAML, 'content-encoding': 'gzip', authorization: bearer(ingestToken) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'RL_INGEST_TOO_LARGE' });
  });

  it('answers 400 to a Chef message type it does not take, naming the accepted ones', async () => {
    const response = await post('/data-collector/v0/', fixtureBytes('chef/action.json'), { 'content-type': JSON_TYPE, 'x-data-collector-token': ingestToken });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'RL_INGEST_MESSAGE_TYPE', message: expect.stringContaining('run_converge or run_start, or event_type node_ping') });
  });

  it('counts accepted and refused requests in /metrics', async () => {
    const metrics = await (await fetch(`${rl.url}/metrics`)).text();
    expect(metrics).toMatch(/rl_ingest_requests_total\{source="puppet",outcome="accepted"\} [1-9]/);
    expect(metrics).toMatch(/rl_ingest_rejects_total\{source="puppet",reason="RL_INGEST_MALFORMED"\} [1-9]/);
    expect(metrics).toMatch(/rl_runs_stored_total\{source="chef"\} [1-9]/);
    expect(metrics).toMatch(/rl_queue_jobs\{queue="runs",state="failed"\} 0/);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a token exceeds its limit, and counts per token', async () => {
    const limited = await startTestRuntime({ ingest: { rateLimit: { max: 2, windowMs: 60_000 } } });
    try {
      const send = async (token: string) =>
        fetch(`${limited.url}/reports/upload`, { method: 'POST', body: fixtureBytes('puppet/6-unchanged.yaml'), headers: { 'content-type': YAML, authorization: bearer(token) } });
      const token = await limited.token('ingest');
      expect((await send(token)).status).toBe(202);
      expect((await send(token)).status).toBe(202);
      const third = await send(token);
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await third.json()).toMatchObject({ code: 'RL_RATE_LIMITED', message: expect.stringMatching(/^rate limit of 2 requests per 60 s exceeded/) });
      expect((await send(await limited.token('ingest', 'globex'))).status).toBe(202);
    } finally {
      await limited.close();
    }
  });
});
