// Slack incoming webhook: the URL is the secret (it names workspace, channel and token).
import { z } from 'zod';
import { TimeoutMs } from '../http.ts';
import { SecretUrl } from '../secret.ts';

export const SlackConfig = z.strictObject({
  url: SecretUrl.describe('Incoming webhook URL (https://hooks.slack.com/services/…), or { env: NAME }'),
  timeoutMs: TimeoutMs,
});
export type SlackConfig = z.infer<typeof SlackConfig>;

export const slackExample = { url: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX' };
