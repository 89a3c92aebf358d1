// `runledger report schedule create|list|enable|disable|delete`: report schedules through the
// API with the caller's token (approver or admin), so each change is attributed and audited.
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import type { ScheduleView } from '../../reports/schedule-service.ts';
import { connectedClient } from '../api-client.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface CreateFlags {
  id?: string;
  definition: string;
  cron: string;
  timeZone: string;
  period: string;
  params?: string;
  format?: string[];
  recipient?: string[];
  template?: string;
  disabled?: boolean;
}

/** --params is a JSON object of the definition's other parameters. */
export function parseParams(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`--params: not JSON (${(err as Error).message}); write e.g. '{"environments":["production"]}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('--params: give a JSON object, e.g. \'{"environments":["production"]}\'');
  return value as Record<string, unknown>;
}

export function reportScheduleCommands(schedule: Command, config: () => Config): void {
  const client = connectedClient(schedule, () => config().port, 'approver or admin');
  const line = (s: ScheduleView) =>
    [s.id, s.source, s.enabled ? 'enabled' : 'disabled', s.definition, s.period, `${s.cron} ${s.timeZone}`, s.nextRun ?? '-', s.recipients.join(',') || '-'].join('\t');
  const path = (id: string) => `/api/v1/report-schedules/${encodeURIComponent(id)}`;

  schedule
    .command('create')
    .description('Generate a report on a cron expression and tell the recipients when it is ready; prints the schedule id last')
    .requiredOption('--definition <id>', 'report definition: pci-dss, hipaa, billing, capacity')
    .requiredOption('--cron <expression>', 'when, e.g. "0 6 * * *"')
    .option('--time-zone <zone>', 'IANA time zone of the cron expression', 'UTC')
    .option('--period <period>', 'previous-day, previous-week or previous-month', 'previous-day')
    .option('--id <id>', 'name of the schedule (lowercase, digits, dashes; default: generated)')
    .option('--params <json>', "the definition's other parameters as a JSON object")
    .option('--format <format>', 'html, pdf, csv or json (repeatable; default: all)', collect)
    .option('--recipient <receiver>', 'a receiver of alerts.receivers to tell (repeatable)', collect)
    .option('--template <id>', 'a user template instead of the built-in one')
    .option('--disabled', 'create it without firing yet')
    .action(async (flags: CreateFlags) => {
      const body = {
        definition: flags.definition,
        cron: flags.cron,
        timeZone: flags.timeZone,
        period: flags.period,
        params: parseParams(flags.params),
        recipients: flags.recipient ?? [],
        enabled: !flags.disabled,
        ...(flags.id ? { id: flags.id } : {}),
        ...(flags.format ? { formats: flags.format } : {}),
        ...(flags.template ? { template: flags.template } : {}),
      };
      const created = await client()<ScheduleView>('POST', '/api/v1/report-schedules', { json: body });
      console.log(line(created));
      console.log(created.id);
    });

  schedule
    .command('list')
    .description("The tenant's schedules: id, source (config or api), state, report, period, when, next run, recipients")
    .action(async () => {
      const { items } = await client()<{ items: ScheduleView[] }>('GET', '/api/v1/report-schedules');
      for (const s of items) console.log(line(s));
    });

  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    schedule
      .command(name)
      .argument('<id>')
      .description(enabled ? 'Let a schedule fire again' : 'Stop a schedule from firing, keeping it')
      .action(async (id: string) => console.log(line(await client()<ScheduleView>('PATCH', path(id), { json: { enabled } }))));
  }

  schedule
    .command('delete')
    .argument('<id>')
    .description('Delete a schedule created through the API')
    .action(async (id: string) => {
      await client()<ScheduleView>('DELETE', path(id));
      console.log(`deleted ${id}`);
    });
}
