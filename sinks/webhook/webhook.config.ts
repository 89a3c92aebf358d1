// A generic JSON webhook, signed with a shared secret.
import { z } from 'zod';
import { TimeoutMs } from '../http.ts';
import { SecretUrl, SecretValue } from '../secret.ts';

export const WebhookConfig = z.strictObject({
  url: SecretUrl.describe('Where to POST, or { env: NAME } (URLs often carry tokens)'),
  secret: SecretValue.describe('Shared secret for X-RunLedger-Signature, or { env: NAME }'),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).default({}).describe('Extra request headers'),
  timeoutMs: TimeoutMs,
});
export type WebhookConfig = z.infer<typeof WebhookConfig>;

export const webhookExample = { url: 'https://hooks.example.com/runledger', secret: 'change-me-to-a-long-random-string', headers: { 'x-team': 'ops' } };
