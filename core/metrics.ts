// Prometheus metrics, one registry per process; /metrics serves it.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  ingestRequests: Counter<'source' | 'outcome'>;
  ingestBytes: Counter<'source'>;
  ingestRejects: Counter<'source' | 'reason'>;
  authFailures: Counter<'reason'>;
  processingLatency: Histogram<'source'>;
  runsStored: Counter<'source'>;
  writeBatchSize: Histogram;
  classifiedChanges: Counter<'classification'>;
  queueDepth: Gauge<'queue' | 'state'>;
  alertEvents: Counter<'kind' | 'decision'>;
  deliveries: Counter<'sink' | 'outcome' | 'reason'>;
  deliveryLatency: Histogram<'sink'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rl_' });
  const registers = [registry];
  return {
    registry,
    ingestRequests: new Counter({
      name: 'rl_ingest_requests_total',
      help: 'Ingest requests by source and outcome (accepted, rejected)',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    ingestBytes: new Counter({ name: 'rl_ingest_bytes_total', help: 'Request body bytes received by ingest', labelNames: ['source'], registers }),
    ingestRejects: new Counter({
      name: 'rl_ingest_rejects_total',
      help: 'Ingest requests refused, by error code',
      labelNames: ['source', 'reason'],
      registers,
    }),
    authFailures: new Counter({ name: 'rl_auth_failures_total', help: 'Requests refused by authentication', labelNames: ['reason'], registers }),
    processingLatency: new Histogram({
      name: 'rl_processing_latency_seconds',
      help: 'Time from a report arriving to it being stored and queryable',
      labelNames: ['source'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    runsStored: new Counter({ name: 'rl_runs_stored_total', help: 'Runs written to the store', labelNames: ['source'], registers }),
    writeBatchSize: new Histogram({
      name: 'rl_store_write_batch_items',
      help: 'Reports and node events per store write (one queue job)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    classifiedChanges: new Counter({
      name: 'rl_classified_changes_total',
      help: 'Changes classified, by class (planned, unplanned, out_of_window, corrective, failed, noop)',
      labelNames: ['classification'],
      registers,
    }),
    queueDepth: new Gauge({ name: 'rl_queue_jobs', help: 'Jobs in each queue by state', labelNames: ['queue', 'state'], registers }),
    alertEvents: new Counter({ name: 'rl_alert_events_total', help: 'Alert occurrences and resolves by what the pipeline decided', labelNames: ['kind', 'decision'], registers }),
    deliveries: new Counter({ name: 'rl_deliveries_total', help: 'Delivery attempts by outcome and FailureReason', labelNames: ['sink', 'outcome', 'reason'], registers }),
    deliveryLatency: new Histogram({ name: 'rl_delivery_seconds', help: 'Time one delivery attempt took', labelNames: ['sink'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers }),
  };
}
