// The missing-node sweep: nodes that stopped reporting raise node_missing. The node's next
// report resolves it (processors/alert/derive.ts).
import type { AlertEvent } from '../../core/alert.ts';
import type { AlertsConfig } from '../../core/alerts-config.ts';
import type { Clock } from '../../core/clock.ts';
import type { Store } from '../../store/types.ts';
import { fireEvents, internalAlert } from '../alert/internal-alerts.ts';
import { missingNodes, quietSince } from '../alert/missing.ts';
import type { ScheduledJob } from './scheduler.ts';

/** Nodes read per sweep; a fleet larger than this is swept oldest-quiet first. */
const MAX_NODES = 50_000;

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

export interface SweepDeps {
  store: Store;
  clock: Clock;
  config: AlertsConfig;
  raise(events: AlertEvent[]): Promise<void>;
}

export async function sweepMissingNodes(deps: SweepDeps): Promise<{ quiet: number; missing: number }> {
  const now = deps.clock.now();
  const quiet = await deps.store.alerts.quietNodes(quietSince(now, deps.config.nodeMissing), MAX_NODES);
  const missing = missingNodes(quiet, now, deps.config.nodeMissing);
  const candidates = missing.map((node) =>
    internalAlert(
      {
        tenant: node.tenant,
        kind: 'node_missing',
        severity: 'warning',
        node: node.name,
        ...(node.environment ? { environment: node.environment } : {}),
        summary: `${node.name} has not reported for ${minutes(node.silentForMs)} (expected every ${minutes(node.expectedIntervalMs)})`,
        // The last sign of life, not now: any later report resolves the alert.
        at: node.lastSeen,
      },
      deps.config.kinds,
    ),
  );
  await deps.raise(fireEvents(candidates));
  return { quiet: quiet.length, missing: missing.length };
}

export function nodeMissingJob(deps: SweepDeps): ScheduledJob {
  return { name: 'node-missing', cron: deps.config.nodeMissing.sweepCron, run: () => sweepMissingNodes(deps) };
}
