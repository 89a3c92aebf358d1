// `store: { type: elasticsearch, … }`: where the cluster is, how to authenticate, how indices
// are named, sized and kept. Secrets are never written in the file: they are read from an
// environment variable or a file (a Kubernetes secret mount, a systemd credential).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Secret = z
  .union([
    z.strictObject({ env: z.string().min(1).describe('Environment variable holding the secret') }),
    z.strictObject({ file: z.string().min(1).describe('File holding the secret (trailing newline ignored)') }),
  ])
  .describe('{ env: NAME } or { file: /path }');
export type Secret = z.infer<typeof Secret>;

const Auth = z.union([
  z.strictObject({ apiKey: Secret.describe('Elasticsearch API key (base64 id:key)') }),
  z.strictObject({ username: z.string().min(1).describe('Basic-auth user'), password: Secret.describe('Basic-auth password') }),
]);

export const ElasticsearchStoreConfig = z.strictObject({
  type: z.literal('elasticsearch'),
  nodes: z.array(z.url()).min(1).describe('Elasticsearch node URLs (https://es-1:9200, …)'),
  auth: Auth.optional().describe('{ apiKey: Secret } or { username, password: Secret }; none for an open cluster'),
  caFile: z.string().optional().describe('PEM file of the CA that signed the cluster certificate'),
  indexPrefix: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _').default('runledger').describe('Prefix of every index, template and policy name'),
  shards: z.number().int().min(1).max(64).default(1).describe('Primary shards per monthly runs/changes index'),
  replicas: z.number().int().min(0).max(5).default(1).describe('Replicas of every index'),
  retention: z
    .strictObject({
      hotDays: z.number().int().min(1).default(90).describe('Days an index stays in the hot phase (then warm: read-only, merged)'),
      deleteAfterDays: z.number().int().min(1).default(426).describe('Days after its month began that ILM deletes a runs/changes index; keep above retention.runsDays + 31'),
    })
    .prefault({}),
  bulk: z
    .strictObject({
      flushBytes: z.number().int().min(64 * 1024).default(5 * 1024 * 1024).describe('Bulk request size that triggers a flush'),
      flushIntervalMs: z.number().int().min(1).default(1000).describe('Longest a document waits in the bulk buffer'),
      concurrency: z.number().int().min(1).max(32).default(4).describe('Bulk requests in flight per write (backpressure above)'),
      retries: z.number().int().min(0).max(20).default(5).describe('Retries of a document the cluster rejected with 429'),
    })
    .prefault({}),
});
export type ElasticsearchStoreConfig = z.infer<typeof ElasticsearchStoreConfig>;

export function readSecret(secret: Secret, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in secret) {
    const value = env[secret.env];
    if (!value) throw new Error(`Elasticsearch secret: environment variable ${secret.env} is not set`);
    return value;
  }
  try {
    return readFileSync(secret.file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new Error(`Elasticsearch secret: cannot read ${secret.file}: ${(err as Error).message}`, { cause: err });
  }
}
