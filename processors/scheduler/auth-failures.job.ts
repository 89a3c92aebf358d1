// Counts ingest authentication failures (audit action auth.failure) in a sliding window; a
// burst raises auth_failures for the system tenant, and a quiet window resolves it.
import type { AuditEntry } from '../../store/types.ts';
import { fireEvents, internalAlert, internalDedupKey } from '../alert/internal-alerts.ts';
import type { SweepDeps } from './node-missing.job.ts';
import type { ScheduledJob } from './scheduler.ts';

const PAGE = 500;
const TOP_SOURCES = 3;

async function failuresSince(deps: SweepDeps, since: number, enough: number): Promise<AuditEntry[]> {
  const found: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.audit.list({ action: 'auth.failure' }, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    const recent = page.items.filter((e) => Date.parse(e.at) >= since);
    found.push(...recent);
    // Newest first: once a page reaches past the window, older pages cannot count.
    if (recent.length < page.items.length || found.length >= enough) break;
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

export async function sweepAuthFailures(deps: SweepDeps): Promise<{ failures: number }> {
  const { windowMs, threshold } = deps.config.authFailures;
  const now = deps.clock.now();
  // Enough to tell a burst and name its top sources; a flood is not read to its end.
  const failures = await failuresSince(deps, now.getTime() - windowMs, threshold * 10);
  const subject = { tenant: deps.config.systemTenant, kind: 'auth_failures' as const, subject: 'ingest' };
  if (failures.length < threshold) {
    await deps.raise([{ type: 'resolve', resolution: { tenant: subject.tenant, dedupKey: internalDedupKey(subject), at: now.toISOString() } }]);
    return { failures: failures.length };
  }
  const bySource = new Map<string, number>();
  for (const f of failures) bySource.set(f.sourceIp ?? 'unknown', (bySource.get(f.sourceIp ?? 'unknown') ?? 0) + 1);
  const top = [...bySource].sort((a, b) => b[1] - a[1]).slice(0, TOP_SOURCES).map(([ip, n]) => `${ip} (${n})`);
  const candidate = internalAlert(
    {
      ...subject,
      severity: 'warning',
      summary: `${failures.length}${failures.length >= threshold * 10 ? '+' : ''} authentication failures in ${Math.round(windowMs / 60_000)} min; top sources: ${top.join(', ')}`,
      at: now.toISOString(),
      labels: { receiver: 'ingest' },
    },
    deps.config.kinds,
  );
  await deps.raise(fireEvents([candidate]));
  return { failures: failures.length };
}

export function authFailuresJob(deps: SweepDeps): ScheduledJob {
  return { name: 'auth-failures', cron: deps.config.authFailures.sweepCron, run: () => sweepAuthFailures(deps) };
}
