// `runledger sink test` and `runledger silence …` as a user runs them: a separate process,
// configured by a YAML file, talking to local receivers and a running server.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../core/tokens.ts';
import { type FakeEndpoint, startFakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import { verifySignature } from '../../sinks/webhook/webhook.sign.ts';
import { runledger } from '../helpers/cli.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const SECRET = 'cli-webhook-secret-0123';

let service: FakeEndpoint;
let configFile: string;

beforeAll(async () => {
  service = await startFakeEndpoint();
  service.respond((request) => (request.path === '/down' ? { status: 503, body: `{"echo":"${SECRET}"}` } : { status: 204 }));
  const dir = mkdtempSync(join(tmpdir(), 'rl-sink-cli-'));
  configFile = join(dir, 'runledger.yaml');
  writeFileSync(
    configFile,
    [
      `dataDir: ${dir}`,
      'alerts:',
      '  receivers:',
      `    - { name: chat, webhook: { url: '${service.url}/chat', secret: { env: CHAT_SECRET } } }`,
      `    - { name: down, webhook: { url: '${service.url}/down', secret: { env: CHAT_SECRET } } }`,
    ].join('\n'),
  );
});
afterAll(() => service?.close());

describe('runledger sink test', () => {
  const env = () => ({ RUNLEDGER_CONFIG: configFile, CHAT_SECRET: SECRET });

  it('sends a signed sample alert to the receiver and says it was delivered', { timeout: 60_000 }, async () => {
    const result = await runledger(env(), 'sink', 'test', 'chat');
    expect(result).toMatchObject({ code: 0, stdout: 'delivered to chat (HTTP 204)\n' });
    const request = service.requests.at(-1)!;
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ version: 1, status: 'firing', kind: 'unplanned_change', node: 'web01.example.com', dedupKey: 'runledger-test/chat' });
    const ts = request.headers['x-runledger-timestamp'] as string;
    expect(verifySignature({ secret: SECRET, body: request.body, timestamp: ts, signature: request.headers['x-runledger-signature'] as string, nowSeconds: Number(ts) })).toBe(true);
  });

  it('exits 1 with the classified failure when the service is down, without printing the secret', { timeout: 60_000 }, async () => {
    const result = await runledger(env(), 'sink', 'test', 'down');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed, would be retried: server: HTTP 503 from http://127.0.0.1:');
    expect(result.stderr + result.stdout).not.toContain(SECRET);
  });

  it('names the configured receivers when asked for an unknown one', { timeout: 60_000 }, async () => {
    const result = await runledger(env(), 'sink', 'test', 'pager');
    expect(result).toMatchObject({ code: 1, stderr: "no receiver named 'pager' in alerts.receivers (configured: chat, down)\n" });
  });
});

describe('runledger silence', () => {
  let rl: TestRuntime;
  let token: string;
  beforeAll(async () => {
    rl = await startTestRuntime({}, ['ingest']);
    token = (await issueToken(rl.runtime.store, { tenant: 'acme', role: 'approver', name: 'alice', actor: 'test' })).token;
  });
  afterAll(() => rl?.close());
  const silence = (...args: string[]) => runledger({ RUNLEDGER_TOKEN: token }, 'silence', '--url', rl.url, ...args);

  it('creates, lists and expires a silence as the person whose token it is', { timeout: 60_000 }, async () => {
    const created = await silence('create', '--match', 'node=db01', '--match', 'kind=run_failed', '--until', '2h', '--comment', 'CHG-7 disk swap');
    expect(created.code).toBe(0);
    const id = created.stdout.trim().split('\n').at(-1)!;
    expect(id).toMatch(/^s_/);
    const stored = await rl.runtime.store.silences.get('acme', id);
    expect(stored).toMatchObject({ createdBy: 'alice', comment: 'CHG-7 disk swap', matchers: [{ label: 'node', value: 'db01' }, { label: 'kind', value: 'run_failed' }] });

    const listed = await silence('list', '--active');
    expect(listed.stdout).toContain(`${id}\t`);
    expect(listed.stdout).toContain('node=db01,kind=run_failed\talice\tCHG-7 disk swap');

    expect((await silence('expire', id)).code).toBe(0);
    expect((await silence('list', '--active')).stdout).not.toContain(id);
    expect(await silence('expire', id)).toMatchObject({ code: 1, stderr: expect.stringContaining('409 RL_SILENCE_EXPIRED') });
  });

  it('refuses a matcher without a value', { timeout: 60_000 }, async () => {
    expect(await silence('create', '--match', 'node', '--until', '2h', '--comment', 'x')).toMatchObject({ code: 1, stderr: expect.stringContaining('write label=value') });
  });
});

describe('runledger route', () => {
  let rl: TestRuntime;
  let token: string;
  let dir: string;
  beforeAll(async () => {
    const hook = (name: string) => ({ name, webhook: { url: `http://127.0.0.1:9/${name}`, secret: 'route-cli-secret' } });
    rl = await startTestRuntime({ alerts: { receivers: [hook('chat'), hook('oncall')], route: { receivers: ['chat'] } } }, ['ingest']);
    token = (await issueToken(rl.runtime.store, { tenant: 'default', role: 'admin', name: 'root', actor: 'test' })).token;
    dir = mkdtempSync(join(tmpdir(), 'rl-route-cli-'));
  });
  afterAll(() => rl?.close());
  const route = (...args: string[]) => runledger({ RUNLEDGER_TOKEN: token }, 'route', '--url', rl.url, ...args);

  it('shows the tree as YAML, sets an edited copy of it over its revision, and resets it', { timeout: 60_000 }, async () => {
    const shown = await route('show');
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n')[0]).toBe('# revision 0: from config (alerts.route)');
    const edited = shown.stdout.replace('routes: []', 'routes:\n    - { match: { severity: critical }, receivers: [oncall] }');
    const file = join(dir, 'routes.yaml');
    writeFileSync(file, edited);

    const set = await route('set', file, '--revision', '0');
    expect(set).toMatchObject({ code: 0, stdout: expect.stringMatching(/^revision 1: written through the API, changed \S+ by root\n$/) });
    expect((await rl.runtime.store.alertRouting.read()).routing?.route.routes).toEqual([{ match: { severity: 'critical' }, receivers: ['oncall'], continue: false, routes: [] }]);
    expect((await route('show')).stdout).toContain('- match:\n        severity: critical\n      receivers:\n        - oncall');
    expect(await route('set', file, '--revision', '0')).toMatchObject({ code: 1, stderr: expect.stringContaining('412 RL_ROUTES_CONFLICT') });

    expect(await route('reset')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^revision 2: from config \(alerts\.route\), changed \S+ by root\n$/) });
    expect((await rl.runtime.store.alertRouting.read()).routing).toBeUndefined();
  });

  it('names the bad path of a tree with an unknown receiver, and a file without route:', { timeout: 60_000 }, async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'route:\n  routes:\n    - receivers: [pager]\n');
    expect(await route('set', bad)).toMatchObject({ code: 1, stderr: expect.stringContaining("400 RL_BAD_REQUEST: body.route.routes.0.receivers: unknown receiver 'pager'") });
    const bare = join(dir, 'bare.yaml');
    writeFileSync(bare, 'receivers: [chat]\n');
    expect(await route('set', bare)).toMatchObject({ code: 1, stderr: expect.stringContaining("write the tree under a top-level 'route:' key") });
  });
});
