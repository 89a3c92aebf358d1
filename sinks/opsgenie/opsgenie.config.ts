// Opsgenie Alert API: an API integration key; alerts are created and closed by alias.
import { z } from 'zod';
import { TimeoutMs } from '../http.ts';
import { SecretValue } from '../secret.ts';

export const OpsgenieConfig = z.strictObject({
  apiKey: SecretValue.describe('API key of an Opsgenie API integration, or { env: NAME }'),
  url: z.url().default('https://api.opsgenie.com').describe('API base URL (EU accounts: https://api.eu.opsgenie.com)'),
  responders: z
    .array(z.strictObject({ type: z.enum(['team', 'user', 'escalation', 'schedule']), name: z.string().min(1) }))
    .default([])
    .describe('Who Opsgenie notifies; default: the integration\'s team'),
  timeoutMs: TimeoutMs,
});
export type OpsgenieConfig = z.infer<typeof OpsgenieConfig>;

export const opsgenieExample = { apiKey: '00000000-0000-0000-0000-000000000000', url: 'https://api.eu.opsgenie.com', responders: [{ type: 'team', name: 'ops' }] };
