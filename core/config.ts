// Configuration: defaults < YAML file < environment. Validated once at start-up; a bad
// value stops the process with a message naming the key, where it came from and what is allowed.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { UiConfig } from '../web/config.ts';
import { ClusterConfig } from '../processors/scheduler/cluster-config.ts';
import { ElasticsearchStoreConfig } from '../store/elasticsearch/config.ts';
import { AlertsConfig } from './alerts-config.ts';
import { ReportsConfig } from '../reports/config.ts';
import { CronExpression } from './cron-expression.ts';

const MiB = 1024 * 1024;

const IngestConfig = z.strictObject({
  bodyLimitBytes: z.number().int().min(1024).max(1024 * MiB).default(16 * MiB).describe('Largest request body accepted by ingest (413 above)'),
  maxDecompressedBytes: z.number().int().min(1024).max(4096 * MiB).default(64 * MiB).describe('Largest body after gzip/deflate decoding (413 above)'),
  yamlMaxDepth: z.number().int().min(8).max(1000).default(64).describe('Deepest YAML nesting accepted (400 above)'),
  yamlMaxAliases: z.number().int().min(0).max(100_000).default(100).describe('Most YAML aliases in one body (400 above)'),
  jsonMaxDepth: z.number().int().min(8).max(1000).default(64).describe('Deepest JSON nesting accepted (400 above)'),
  parseThreads: z.number().int().min(1).max(64).optional().describe('Worker threads that parse reports; default: CPU count'),
  batchMaxRuns: z.number().int().min(1).max(1000).default(64).describe('Reports per queue job'),
  batchLingerMs: z.number().int().min(0).max(1000).default(20).describe('How long a report waits for others to share its queue job'),
  rateLimit: z
    .strictObject({
      max: z.number().int().min(1).default(120_000).describe('Requests per token per window; a fleet usually shares one ingest token'),
      windowMs: z.number().int().min(1000).default(60_000).describe('Length of the rate-limit window'),
    })
    .prefault({}),
});

const StoreConfig = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('sqlite'),
    path: z.string().optional().describe('Database file; default: <dataDir>/runledger.db'),
  }),
  // Elasticsearch store and scale-out (issue 7).
  ElasticsearchStoreConfig,
]);

export const ConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(3000).describe("HTTP port; 3000 matches Puppet's default reporturl"),
  host: z.string().min(1).default('0.0.0.0').describe('Address to listen on'),
  publicUrl: z.url().optional().describe('Base URL used in links that leave RunLedger (alerts, reports)'),
  redisUrl: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').default('redis://127.0.0.1:6379').describe('Redis for queues and rate limits (never the system of record)'),
  dataDir: z.string().min(1).default('./data').describe('Where the SQLite store and local files live'),
  trustProxy: z.boolean().default(false).describe('Take the client address from X-Forwarded-For (behind a load balancer)'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level (JSON lines on stdout)'),
  store: StoreConfig.default({ type: 'sqlite' }).describe('Store backend: { type: sqlite, path? } or { type: elasticsearch, nodes, auth?, indexPrefix?, … } (docs/elasticsearch.md)'),
  queuePrefix: z.string().regex(/^[A-Za-z0-9_{}-]+$/).default('rl').describe('Prefix of every Redis key; use {braces} for Redis Cluster hash tags'),
  ingest: IngestConfig.prefault({}),
  retention: z
    .strictObject({
      runsDays: z.number().int().min(1).default(396).describe('13 months; PCI DSS 10.5.1 asks for 12'),
      purgeCron: CronExpression.default('17 3 * * *').describe('When the retention purge runs (cron, server time)'),
    })
    .prefault({}),
  plans: z
    .strictObject({
      outOfWindowDays: z.number().int().min(0).max(3650).default(30).describe('How long after its window a plan still makes a matching change out_of_window (not unplanned)'),
      expireCron: CronExpression.default('* * * * *').describe('When approved plans whose window is over become expired (cron)'),
    })
    .prefault({}),
  ui: UiConfig,
  cluster: ClusterConfig,
  alerts: AlertsConfig.prefault({}).describe('Alert receivers, routes, maintenance windows and delivery (docs/alerts.md)'),
  reports: ReportsConfig.prefault({}),
  audit: z.strictObject({ verifyCron: CronExpression.default('47 3 * * *').describe('When the audit hash chain is verified (cron)') }).prefault({}),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variables and the config key each sets. Numbers are parsed before validation. */
export const ENV_KEYS: Record<string, { path: string[]; type: 'string' | 'number' | 'boolean' }> = {
  PORT: { path: ['port'], type: 'number' },
  HOST: { path: ['host'], type: 'string' },
  REDIS_URL: { path: ['redisUrl'], type: 'string' },
  RUNLEDGER_DATA_DIR: { path: ['dataDir'], type: 'string' },
  RUNLEDGER_PUBLIC_URL: { path: ['publicUrl'], type: 'string' },
  RUNLEDGER_LOG_LEVEL: { path: ['logLevel'], type: 'string' },
  RUNLEDGER_TRUST_PROXY: { path: ['trustProxy'], type: 'boolean' },
  RUNLEDGER_QUEUE_PREFIX: { path: ['queuePrefix'], type: 'string' },
  RUNLEDGER_BODY_LIMIT_BYTES: { path: ['ingest', 'bodyLimitBytes'], type: 'number' },
  RUNLEDGER_PARSE_THREADS: { path: ['ingest', 'parseThreads'], type: 'number' },
  RUNLEDGER_RETENTION_DAYS: { path: ['retention', 'runsDays'], type: 'number' },
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Explicit file; otherwise RUNLEDGER_CONFIG, otherwise ./runledger.yaml when present. */
  file?: string;
  overrides?: ConfigInput;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env.RUNLEDGER_CONFIG ?? (existsSync('runledger.yaml') ? 'runledger.yaml' : undefined);
  const origin = new Map<string, string>();
  const input: Record<string, unknown> = file ? readConfigFile(file, origin) : {};

  for (const [name, { path, type }] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(input, path, fromEnv(raw, type));
    origin.set(path.join('.'), `environment variable ${name}`);
  }
  deepMerge(input, options.overrides ?? {});

  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      const from = origin.get(key) ?? (file ? `config file ${file}` : 'defaults');
      const unknown = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `  - ${key}${unknown}: ${issue.message} [from ${from}]`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

function readConfigFile(file: string, origin: Map<string, string>): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${file}: ${(err as Error).message}`, { cause: err });
  }
  let doc: unknown;
  try {
    doc = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (err) {
    throw new ConfigError(`Config file ${file} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  if (doc == null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`Config file ${file} must hold a mapping at the top level`);
  for (const key of Object.keys(doc)) origin.set(key, `config file ${file}`);
  return doc as Record<string, unknown>;
}

/** Numbers and booleans are converted only when they look like one, so that the schema can
 *  name a bad value as it was written. */
function fromEnv(raw: string, type: 'string' | 'number' | 'boolean'): unknown {
  const value = raw.trim();
  if (type === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && /^(true|false|1|0)$/i.test(value)) return /^(true|1)$/i.test(value);
  return raw;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof target[key] === 'object' && target[key] !== null) {
      deepMerge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
}

/** Where the SQLite database lives for this configuration. */
export function sqlitePath(config: Config): string {
  const explicit = config.store.type === 'sqlite' ? config.store.path : undefined;
  return resolve(explicit ?? `${config.dataDir}/runledger.db`);
}
