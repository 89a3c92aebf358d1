// Retention: deletes runs older than the configured period (default 13 months; PCI DSS
// 10.5.1 asks for 12) and records what it deleted in the audit log.
import type { Clock } from '../../core/clock.ts';
import { DAY_MS } from '../../core/clock.ts';
import { SYSTEM_ACTOR } from '../../core/roles.ts';
import type { PurgeResult, Store } from '../../store/types.ts';
import type { ScheduledJob } from './scheduler.ts';

export async function purgeExpiredRuns(store: Store, runsDays: number, clock: Clock): Promise<PurgeResult & { cutoff: string }> {
  const cutoff = new Date(clock.now().getTime() - runsDays * DAY_MS);
  const result = await store.purgeRunsBefore(cutoff);
  await store.audit.append({
    actor: SYSTEM_ACTOR,
    action: 'retention.purge',
    outcome: 'success',
    details: { cutoff: cutoff.toISOString(), runsDays, runs: result.runs, changes: result.changes },
  });
  return { ...result, cutoff: cutoff.toISOString() };
}

export function retentionJob(store: Store, config: { runsDays: number; purgeCron: string }, clock: Clock): ScheduledJob {
  return { name: 'retention', cron: config.purgeCron, run: () => purgeExpiredRuns(store, config.runsDays, clock) };
}
