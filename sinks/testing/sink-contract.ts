// The behaviour every HTTP sink must have, run by each sink's test file: the example parses,
// the exact request reaches a real local receiver, a status table maps to outcomes, secrets
// never leak into outcomes or logs, and a resolved notification renders.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import { sampleGroupNotification, sampleNotification } from '../sample.ts';
import { loadTemplates } from '../templates.ts';
import type { DeliveryOutcome, Notification, SinkDefinition, SinkDeps } from '../types.ts';
import { type FakeEndpoint, refusingUrl, type ScriptedResponse, startFakeEndpoint } from './fake-endpoint.ts';

export interface SinkContractOptions {
  definition: SinkDefinition<any>;
  /** A configuration (as a user writes it) that sends to `baseUrl`. */
  configFor(baseUrl: string): Record<string, unknown>;
  /** Values from that configuration that must never appear in outcomes or logs. */
  secrets: readonly string[];
  /** Request headers that belong in the recorded request fixture. */
  headers: readonly string[];
  /** The service's usual success answer. */
  success: ScriptedResponse;
  extra?: (env: { endpoint: () => FakeEndpoint; deps: () => SinkDeps; send: (n: Notification) => Promise<DeliveryOutcome> }) => void;
}

export const contractClock: Clock = { now: () => new Date('2026-12-01T08:00:05.000Z') };

interface StatusRow {
  name: string;
  response?: ScriptedResponse;
  refused?: true;
  want: Partial<Extract<DeliveryOutcome, { kind: 'retry' | 'rejected' }>> | { kind: 'delivered' };
}

const STATUS_TABLE: StatusRow[] = [
  { name: 'delivers on 200', response: { status: 200, body: '{}' }, want: { kind: 'delivered' } },
  { name: 'rejects 400 without retry', response: { status: 400 }, want: { kind: 'rejected', reason: 'client' } },
  { name: 'rejects 401 as an auth failure', response: { status: 401 }, want: { kind: 'rejected', reason: 'auth' } },
  { name: 'rejects 403 as an auth failure', response: { status: 403 }, want: { kind: 'rejected', reason: 'auth' } },
  { name: 'rejects 404 without retry', response: { status: 404 }, want: { kind: 'rejected', reason: 'client' } },
  { name: 'retries 408 as a timeout', response: { status: 408 }, want: { kind: 'retry', reason: 'timeout' } },
  { name: 'retries 429 after Retry-After', response: { status: 429, headers: { 'retry-after': '7' } }, want: { kind: 'retry', reason: 'rate_limited', afterMs: 7000 } },
  { name: 'retries 500', response: { status: 500 }, want: { kind: 'retry', reason: 'server' } },
  { name: 'retries 502', response: { status: 502 }, want: { kind: 'retry', reason: 'server' } },
  { name: 'retries 503', response: { status: 503 }, want: { kind: 'retry', reason: 'server' } },
  { name: 'retries when the service does not answer in time', response: { status: 200, delayMs: 5000 }, want: { kind: 'retry', reason: 'timeout' } },
  { name: 'retries when the connection is refused', refused: true, want: { kind: 'retry', reason: 'network' } },
];

export function sinkContract(options: SinkContractOptions): void {
  const { definition } = options;
  describe(`sink contract: ${definition.kind}`, () => {
    let endpoint: FakeEndpoint;
    const logLines: string[] = [];
    const deps: SinkDeps = {
      clock: contractClock,
      log: pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) }),
      templates: loadTemplates(),
    };
    const create = (baseUrl: string) => definition.create(definition.config.parse({ ...options.configFor(baseUrl), timeoutMs: 300 }), deps);
    const send = (n: Notification, baseUrl = endpoint.url) => create(baseUrl).send(n, { deliveryId: 'd_test', attempt: 1, signal: new AbortController().signal });

    beforeAll(async () => {
      endpoint = await startFakeEndpoint();
    });
    afterAll(async () => {
      await endpoint.close();
    });

    it('accepts its documented example', () => {
      expect(definition.config.safeParse(definition.example).success).toBe(true);
    });

    it.each(['firing', 'resolved', 'group'] as const)('sends the exact %s request the service documents', async (status) => {
      endpoint.respond(options.success);
      const before = endpoint.requests.length;
      const outcome = await send(status === 'group' ? sampleGroupNotification() : sampleNotification(status));
      expect(outcome.kind).toBe('delivered');
      expect(endpoint.requests.length).toBe(before + 1);
      const request = endpoint.requests.at(-1)!;
      const recorded = {
        method: request.method,
        path: request.path,
        headers: Object.fromEntries(options.headers.map((name) => [name, request.headers[name]])),
        body: JSON.parse(request.body) as unknown,
      };
      await expect(`${JSON.stringify(recorded, null, 2)}\n`).toMatchFileSnapshot(`./__fixtures__/${status}.request.json`);
    });

    it.each(STATUS_TABLE)('$name', async (row) => {
      // The service echoes the request's secrets back: they must still not reach the outcome.
      const echo = JSON.stringify({ error: 'scripted', echo: options.secrets });
      if (row.response) endpoint.respond({ ...row.response, body: row.response.body ?? echo });
      const outcome = await send(sampleNotification(), row.refused ? await refusingUrl() : endpoint.url);
      expect(outcome).toMatchObject(row.want);
      const printed = JSON.stringify(outcome) + logLines.join('');
      for (const secret of options.secrets) expect(printed).not.toContain(secret);
    });

    options.extra?.({ endpoint: () => endpoint, deps: () => deps, send: (n) => send(n) });
  });
}
