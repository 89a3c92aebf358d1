import { describe, expect, it } from 'vitest';
import { sampleNotification } from '../sample.ts';
import { contractClock, sinkContract } from '../testing/sink-contract.ts';
import { sign, verifySignature } from './webhook.sign.ts';
import { webhookSink } from './webhook.sink.ts';

const SECRET = 'webhook-shared-secret-0123';
const now = Math.floor(contractClock.now().getTime() / 1000);

sinkContract({
  definition: webhookSink,
  configFor: (baseUrl) => ({ url: `${baseUrl}/hooks/runledger`, secret: SECRET, headers: { 'x-team': 'ops' } }),
  secrets: [SECRET],
  headers: ['content-type', 'x-team', 'x-runledger-delivery', 'x-runledger-timestamp', 'x-runledger-signature'],
  success: { status: 204 },
  extra: ({ endpoint, send }) => {
    describe('webhook signature', () => {
      it('lets the receiver verify the body it got with the shared secret', async () => {
        endpoint().respond({ status: 204 });
        await send(sampleNotification());
        const request = endpoint().requests.at(-1)!;
        const input = { secret: SECRET, body: request.body, timestamp: request.headers['x-runledger-timestamp'] as string, signature: request.headers['x-runledger-signature'] as string, nowSeconds: now };
        expect(verifySignature(input)).toBe(true);
        expect(verifySignature({ ...input, body: request.body.replace('web01', 'web02') })).toBe(false);
        expect(verifySignature({ ...input, secret: 'another-secret' })).toBe(false);
      });
    });
  },
});

describe('verifySignature', () => {
  const body = '{"a":1}';
  it.each([
    { name: 'accepts a fresh, correct signature', timestamp: now, signature: sign(SECRET, now, body), want: true },
    { name: 'refuses a replay older than the tolerance', timestamp: now - 301, signature: sign(SECRET, now - 301, body), want: false },
    { name: 'refuses a signature made for another timestamp', timestamp: now, signature: sign(SECRET, now - 1, body), want: false },
    { name: 'refuses a missing signature', timestamp: now, signature: undefined, want: false },
  ])('$name', ({ timestamp, signature, want }) => {
    expect(verifySignature({ secret: SECRET, body, timestamp: String(timestamp), signature, nowSeconds: now })).toBe(want);
  });
});
