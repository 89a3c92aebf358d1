// PagerDuty Events API v2: an integration's routing key; trigger and resolve share a dedup_key.
import { z } from 'zod';
import { TimeoutMs } from '../http.ts';
import { SecretValue } from '../secret.ts';

export const PagerDutyConfig = z.strictObject({
  routingKey: SecretValue.describe('Integration key of an Events API v2 integration, or { env: NAME }'),
  url: z.url().default('https://events.pagerduty.com/v2/enqueue').describe('Events API endpoint (EU accounts: https://events.eu.pagerduty.com/v2/enqueue)'),
  timeoutMs: TimeoutMs,
});
export type PagerDutyConfig = z.infer<typeof PagerDutyConfig>;

export const pagerDutyExample = { routingKey: 'R0UTINGKEY0000000000000000000000' };
