// `runledger silence create|list|expire`: silences through the API with the caller's token,
// so they are attributed and audited like any other change.
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import type { SilenceRecord } from '../../store/alerts.types.ts';
import { connectedClient } from '../api-client.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const DURATION = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "2h", "30m", "3d" from now, or an ISO time. */
export function parseUntil(value: string, now: Date): string {
  const duration = DURATION.exec(value);
  if (duration) return new Date(now.getTime() + Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]).toISOString();
  if (Number.isNaN(Date.parse(value))) throw new Error(`--until ${value}: give an ISO time or a duration like 30m, 2h, 3d`);
  return new Date(value).toISOString();
}

export function parseMatcher(value: string): { label: string; value: string } {
  const at = value.indexOf('=');
  if (at < 1 || at === value.length - 1) throw new Error(`--match ${value}: write label=value, e.g. node=db01 or kind=run_failed`);
  return { label: value.slice(0, at), value: value.slice(at + 1) };
}

export function silenceCommands(silence: Command, config: () => Config): void {
  const client = connectedClient(silence, () => config().port, 'approver or admin');
  const line = (s: SilenceRecord) => [s.id, s.startsAt, s.endsAt, s.matchers.map((m) => `${m.label}=${m.value}`).join(','), s.createdBy, s.comment].join('\t');

  silence
    .command('create')
    .description('Silence alerts whose labels all match, until a time; prints the silence id last')
    .requiredOption('--match <label=value>', 'label to match: tenant, environment, kind, severity, node, receiver (repeatable)', collect)
    .requiredOption('--until <time>', 'ISO time, or a duration from now (30m, 2h, 3d)')
    .option('--from <time>', 'ISO time the silence starts (default: now)')
    .requiredOption('--comment <text>', 'why: a ticket, a maintenance')
    .action(async (options: { match: string[]; until: string; from?: string; comment: string }) => {
      const body = {
        matchers: options.match.map(parseMatcher),
        endsAt: parseUntil(options.until, new Date()),
        comment: options.comment,
        ...(options.from ? { startsAt: new Date(options.from).toISOString() } : {}),
      };
      const created = await client()<SilenceRecord>('POST', '/api/v1/silences', { json: body });
      console.log(line(created));
      console.log(created.id);
    });

  silence
    .command('list')
    .description('Silences, newest first')
    .option('--active', 'only those in force now')
    .action(async (options: { active?: boolean }) => {
      const page = await client()<{ items: SilenceRecord[] }>('GET', `/api/v1/silences?limit=500${options.active ? '&active=true' : ''}`);
      for (const s of page.items) console.log(line(s));
    });

  silence
    .command('expire')
    .argument('<id>')
    .description('End a silence now')
    .action(async (id: string) => console.log(line(await client()<SilenceRecord>('POST', `/api/v1/silences/${id}/expire`))));
}
