// Writes docs/configuration.md from the configuration schema, so the page cannot drift
// from what the loader accepts (a test compares them).
//   node --import tsx scripts/config-docs.ts > docs/configuration.md
import { z } from 'zod';
import { ConfigSchema, ENV_KEYS } from '../core/config.ts';

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export function configurationDoc(): string {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const envFor = new Map(Object.entries(ENV_KEYS).map(([name, { path }]) => [path.join('.'), name]));
  const rows: string[] = [];
  const walk = (node: JsonSchema, path: string[]) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const keyPath = [...path, key];
      if (child.properties) {
        walk(child, keyPath);
        continue;
      }
      const variants = child.oneOf ?? child.anyOf;
      const allowed = child.enum
        ? child.enum.map((v) => `\`${String(v)}\``).join(', ')
        : variants
          ? variants.map((v) => v.properties?.type?.enum?.[0] ?? v.type).join(' / ')
          : [child.type, child.minimum !== undefined ? `≥ ${child.minimum}` : '', child.maximum !== undefined && child.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${child.maximum}` : ''].filter(Boolean).join(' ');
      const env = envFor.get(keyPath.join('.'));
      const fallback = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
      rows.push(`| \`${keyPath.join('.')}\` | ${env ? `\`${env}\`` : ''} | ${allowed} | ${fallback} | ${child.description ?? ''} |`);
    }
  };
  walk(schema, []);
  return [
    '# Configuration',
    '',
    'Generated from `core/config.ts` by `node --import tsx scripts/config-docs.ts > docs/configuration.md`.',
    '',
    'Precedence: defaults, then the YAML file (`--config FILE`, else `$RUNLEDGER_CONFIG`, else `./runledger.yaml` when present),',
    'then environment variables. Unknown keys and bad values stop start-up with a message naming the key.',
    '',
    '```yaml',
    '# runledger.yaml',
    'port: 3000',
    'redisUrl: redis://127.0.0.1:6379',
    'ingest:',
    '  bodyLimitBytes: 16777216',
    '  rateLimit: { max: 120000, windowMs: 60000 }',
    'retention:',
    '  runsDays: 396',
    '```',
    '',
    '| key | environment | allowed | default | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(configurationDoc());
