// Microsoft Teams through a Workflows (Power Automate) webhook: the URL carries its signature.
import { z } from 'zod';
import { TimeoutMs } from '../http.ts';
import { SecretUrl } from '../secret.ts';

export const TeamsConfig = z.strictObject({
  url: SecretUrl.describe('Workflows webhook URL ("When a Teams webhook request is received"), or { env: NAME }'),
  timeoutMs: TimeoutMs,
});
export type TeamsConfig = z.infer<typeof TeamsConfig>;

export const teamsExample = {
  url: 'https://prod-00.westeurope.logic.azure.com:443/workflows/0000/triggers/manual/paths/invoke?api-version=2016-06-01&sig=XXXXXXXX',
};
