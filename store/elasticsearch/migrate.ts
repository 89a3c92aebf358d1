// `runledger store migrate` creates or updates the ILM policy and index templates; start-up
// checks that the cluster was set up for this RunLedger's mapping version and refuses to
// write into any other.
import { type EsContext, statusOf } from './context.ts';
import { indexTemplates, lifecyclePolicy, MAPPING_VERSION } from './mappings.ts';

export class IncompatibleMappingError extends Error {
  override name = 'IncompatibleMappingError';
}

export interface MigrationResult {
  policy: string;
  templates: string[];
}

export async function migrate(es: EsContext): Promise<MigrationResult> {
  await es.client.ilm.putLifecycle({ name: es.names.policy, ...lifecyclePolicy(es.config.retention) });
  const templates = indexTemplates(es.names, es.config);
  for (const template of templates) await es.client.indices.putIndexTemplate({ name: template.name, ...template.body });
  // Indices that already exist keep their mapping; additive mapping changes reach them here.
  for (const template of templates) {
    const pattern = template.body.index_patterns[0]!;
    await es.client.indices.putMapping({ index: pattern, allow_no_indices: true, ignore_unavailable: true, ...template.body.template.mappings });
  }
  return { policy: es.names.policy, templates: templates.map((t) => t.name) };
}

/** Throws IncompatibleMappingError naming what to do when a template is missing or other. */
export async function checkMappingVersion(es: EsContext): Promise<void> {
  const expected = indexTemplates(es.names, es.config).map((t) => t.name);
  let found: Map<string, unknown>;
  try {
    const response = await es.client.indices.getIndexTemplate({ name: `${es.config.indexPrefix}-*` });
    found = new Map(response.index_templates.map((t) => [t.name, t.index_template._meta?.mapping_version]));
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
    found = new Map();
  }
  const missing = expected.filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new IncompatibleMappingError(
      `Elasticsearch has no RunLedger index templates for ${missing.join(', ')}: run \`runledger store migrate\` once before starting.`,
    );
  }
  const other = expected.filter((name) => found.get(name) !== MAPPING_VERSION);
  if (other.length > 0) {
    const versions = other.map((name) => `${name}: ${String(found.get(name) ?? 'none')}`).join(', ');
    const hint = other.some((name) => Number(found.get(name)) > MAPPING_VERSION)
      ? 'the cluster was set up by a newer RunLedger; upgrade this one'
      : 'run `runledger store migrate` to update them';
    throw new IncompatibleMappingError(`Elasticsearch index templates have mapping version ${versions}; this RunLedger writes version ${MAPPING_VERSION}: ${hint}. Nothing was written.`);
  }
}
