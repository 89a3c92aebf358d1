// The `ui:` section of the configuration (issue 6): the web UI served by the HTTP process.
import { z } from 'zod';

export const UiConfig = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Serve the web UI under /ui on the HTTP port'),
    sessionTtlMinutes: z.number().int().min(5).max(24 * 60).default(60).describe('A signed-in session ends after this long without a request'),
    secureCookie: z
      .enum(['auto', 'always'])
      .default('auto')
      .describe("Mark the session cookie Secure: 'auto' when the request came over HTTPS (set trustProxy behind a TLS proxy), 'always': the session cookie is only ever sent over HTTPS"),
    signInAttemptsPerMinute: z.number().int().min(1).max(100_000).default(10).describe('Sign-in attempts allowed per client address and minute (429 above); counters in Redis'),
    overviewCacheSeconds: z.number().int().min(0).max(3600).default(30).describe('How long the overview counts are reused before they are counted again; 0: count on every view'),
    sessionSecretFile: z
      .string()
      .optional()
      .describe('File holding the key that signs session cookies (32+ characters); default: <dataDir>/session-secret, created on first start. Share it between HTTP processes'),
  })
  .prefault({});
export type UiConfig = z.infer<typeof UiConfig>;
