// Alerts, silences and delivery attempts with sensible defaults, for store and pipeline tests.
import { alertLabels, type AlertCandidate } from '../../core/alert.ts';
import { randomId } from '../../core/ids.ts';
import type { AlertRecord, DeliveryAttempt, SilenceRecord } from '../../store/alerts.types.ts';

export function buildCandidate(overrides: Partial<AlertCandidate> = {}): AlertCandidate {
  const base = { tenant: 'acme', kind: 'run_failed' as const, severity: 'critical' as const, node: 'web01', environment: 'production', ...overrides };
  return {
    dedupKey: `${base.tenant}/${base.node}/${base.kind}`,
    summary: `Run failed on ${base.node}`,
    changes: [],
    at: '2026-12-01T08:00:00.000Z',
    labels: alertLabels(base),
    ...base,
  };
}

export function buildAlert(overrides: Partial<AlertRecord> = {}): AlertRecord {
  const { at, ...candidate } = buildCandidate(overrides);
  return {
    id: randomId('a_'),
    state: 'firing',
    startsAt: at,
    lastSeenAt: at,
    occurrences: 1,
    notified: {},
    version: 1,
    ...candidate,
    ...overrides,
  };
}

export function buildSilence(overrides: Partial<SilenceRecord> = {}): SilenceRecord {
  return {
    id: randomId('s_'),
    tenant: 'acme',
    matchers: [{ label: 'environment', value: 'staging' }],
    startsAt: '2026-12-01T00:00:00.000Z',
    endsAt: '2026-12-02T00:00:00.000Z',
    createdBy: 'alice',
    comment: 'database migration',
    createdAt: '2026-12-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function buildAttempt(overrides: Partial<DeliveryAttempt> = {}): DeliveryAttempt {
  return {
    id: randomId('da_'),
    tenant: 'acme',
    deliveryId: 'd_1',
    receiver: 'oncall',
    dedupKey: 'acme/web01/run_failed',
    status: 'firing',
    attempt: 1,
    at: '2026-12-01T08:00:01.000Z',
    latencyMs: 12,
    outcome: 'delivered',
    ...overrides,
  };
}
