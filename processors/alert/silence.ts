// Silences (from the API and CLI) and maintenance windows (from config) keep matching alerts
// quiet: they are stored and counted, but not sent.
import type { MaintenanceWindow } from '../../core/alerts-config.ts';
import type { SilenceRecord } from '../../store/alerts.types.ts';

export function silenceMatches(silence: Pick<SilenceRecord, 'matchers'>, labels: Record<string, string>): boolean {
  return silence.matchers.every((m) => labels[m.label] === m.value);
}

/** The id of the silence or maintenance window that holds this alert back at `now`, if any. */
export function findSilence(labels: Record<string, string>, silences: readonly SilenceRecord[], maintenance: readonly MaintenanceWindow[], now: Date): string | undefined {
  const t = now.getTime();
  const silence = silences.find((s) => Date.parse(s.startsAt) <= t && t < Date.parse(s.endsAt) && silenceMatches(s, labels));
  if (silence) return silence.id;
  const window = maintenance.find((w) => w.environment === labels.environment && Date.parse(w.from) <= t && t < Date.parse(w.until));
  return window ? `maintenance:${window.environment}` : undefined;
}
