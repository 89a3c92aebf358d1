// When Redis goes away, ingest must refuse quickly with a 503 (the agent may send again),
// never hang and never answer 202 for a report that is not queued.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureBytes } from '../../ingest/adapters/testing/adapter-contract.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let redis: ChildProcess;
let rl: TestRuntime;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  rl = await startTestRuntime({ redisUrl: `redis://127.0.0.1:${port}` }, ['ingest']);
});
afterAll(async () => {
  redis.kill('SIGKILL');
  await rl?.close().catch(() => undefined);
});

it('answers 503 within seconds once Redis is gone, and /readyz says why', async () => {
  const token = await rl.token('ingest');
  const send = () =>
    fetch(`${rl.url}/reports/upload`, {
      method: 'POST',
      body: fixtureBytes('puppet/6-unchanged.yaml'),
      headers: { 'content-type': 'application/x-yaml', authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(15_000),
    });
  expect((await send()).status).toBe(202);

  redis.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  const refused = await send();
  expect(refused.status).toBe(503);
  expect(await refused.json()).toMatchObject({ code: 'RL_QUEUE_UNAVAILABLE', message: expect.stringContaining('the report was not accepted, send it again') });

  const ready = await fetch(`${rl.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ status: 'not ready', checks: { redis: expect.stringMatching(/^failing: /), store: 'ok' } });
});
