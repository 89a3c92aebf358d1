// The scale-out backend: Elasticsearch (8.x/9.x). Runs, changes and raw bodies in monthly
// indices under an ILM policy, node state in a latest-state index, and the low-volume parts
// in document collections. Nothing is written until the cluster's mapping version is checked.
import type { Client } from '@elastic/elasticsearch';
import type { Store } from '../types.ts';
import { createAlertRouting } from './alert-routing.ts';
import { createAlerts } from './alerts.ts';
import { createAuditLog } from './audit.ts';
import type { ElasticsearchStoreConfig } from './config.ts';
import { createClient, createContext } from './context.ts';
import { createDeliveries } from './deliveries.ts';
import { checkMappingVersion } from './migrate.ts';
import { createPlans } from './plans.ts';
import { createReaders } from './read.ts';
import { createSilences } from './silences.ts';
import { createReportRecords } from './report-records.ts';
import { createReportSchedules } from './report-schedules.ts';
import { createIngestUsage } from './ingest-usage.ts';
import { createReporting } from './reporting.ts';
import { createStats } from './stats.ts';
import { createTokens } from './tokens.ts';
import { createUsers } from './users.ts';
import { createWriter } from './write.ts';

export const BACKEND_NAME = 'elasticsearch';

export interface ElasticsearchStoreOptions {
  config: ElasticsearchStoreConfig;
  /** A ready client, which the caller keeps and closes (tests pass one on @elastic/elasticsearch-mock). */
  client?: Client;
}

export function createElasticsearchStore(options: ElasticsearchStoreOptions): Store {
  const es = createContext(options.config, options.client ?? createClient(options.config));
  const write = createWriter(es);
  // Checked once; a failed check is retried by the next write, so a migrate run later heals it.
  let compatible: Promise<void> | undefined;
  const ensureCompatible = () => {
    compatible ??= checkMappingVersion(es).catch((err: unknown) => {
      compatible = undefined;
      throw err;
    });
    return compatible;
  };
  const names = es.names;

  return {
    backend: BACKEND_NAME,
    async write(batch) {
      await ensureCompatible();
      await write(batch);
    },
    ...createReaders(es),
    plans: createPlans(es),
    tokens: createTokens(es),
    audit: createAuditLog(es),
    users: createUsers(es),
    reporting: createReporting(es),
    reports: createReportRecords(es),
    reportSchedules: createReportSchedules(es),
    ingestUsage: createIngestUsage(es),
    stats: createStats(es),
    alerts: createAlerts(es),
    alertRouting: createAlertRouting(es),
    silences: createSilences(es),
    deliveries: createDeliveries(es),
    async purgeRunsBefore(cutoff) {
      const deleted = async (index: string) => {
        const response = await es.client.deleteByQuery({
          index,
          query: { range: { startedAt: { lt: cutoff.toISOString() } } },
          conflicts: 'proceed',
          refresh: true,
          allow_no_indices: true,
          ignore_unavailable: true,
        });
        return response.deleted ?? 0;
      };
      const changes = await deleted(names.all('changes'));
      await deleted(names.all('raw'));
      return { runs: await deleted(names.all('runs')), changes };
    },
    async ping() {
      await es.client.ping();
      await ensureCompatible();
    },
    async close() {
      if (!options.client) await es.client.close();
    },
  };
}
