// `runledger plan …`: planned changes through the API, acting with the caller's token.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Command, Option } from 'commander';
import type { Config } from '../../core/config.ts';
import type { PlannedChange } from '../../core/planned-change.ts';
import { PLAN_STATES } from '../../core/planned-change.ts';
import { connectedClient } from '../api-client.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function planCommands(plan: Command, config: () => Config): void {
  const client = connectedClient(plan, () => config().port, 'approver or admin');
  const line = (p: PlannedChange) => [p.id, p.state, p.ticket, p.window.from, p.window.until, p.title].join('\t');

  plan
    .command('list')
    .description('Planned changes, newest first')
    .addOption(new Option('--state <state>').choices(PLAN_STATES))
    .action(async (options: { state?: string }) => {
      const page = await client()<{ items: PlannedChange[] }>('GET', `/api/v1/planned-changes?limit=500${options.state ? `&state=${options.state}` : ''}`);
      for (const p of page.items) console.log(line(p));
    });

  plan
    .command('show')
    .argument('<id>')
    .description('One planned change, with how many changes it matched')
    .action(async (id: string) => console.log(JSON.stringify(await client()('GET', `/api/v1/planned-changes/${id}`), null, 2)));

  plan
    .command('create')
    .description('File a planned change with one resource matcher (or --file for a JSON plan); prints its id last')
    .option('--file <plan.json>', 'the whole plan as JSON')
    .option('--title <title>')
    .option('--ticket <id>', 'change-request id')
    .option('--reason <text>')
    .option('--from <time>', 'window start, ISO 8601')
    .option('--until <time>', 'window end, ISO 8601 (exclusive)')
    .option('--env <environment>', 'in scope (repeatable)', collect)
    .option('--node <glob>', 'node name glob in scope (repeatable)', collect)
    .option('--role <role>', 'role or class in scope (repeatable)', collect)
    .option('--tag <tag>', 'tag in scope (repeatable)', collect)
    .option('--type <type>', 'resource type (File, template, Package…)')
    .option('--name <glob>', 'resource name or path glob')
    .option('--name-regex <regex>', 'resource name regular expression')
    .option('--property <property>')
    .option('--action <action>')
    .option('--expected <count>', 'expected number of changes', Number)
    .option('--submit', 'submit for approval at once')
    .action(async (o: Record<string, string | string[] | number | boolean | undefined>) => {
      const body = o.file
        ? JSON.parse(readFileSync(String(o.file), 'utf8'))
        : {
            title: o.title,
            ticket: o.ticket,
            reason: o.reason ?? '',
            window: { from: o.from, until: o.until },
            scope: { environments: o.env ?? [], nodes: o.node ?? [], roles: o.role ?? [], tags: o.tag ?? [] },
            matchers: [{ type: o.type, name: o.name, nameRegex: o.nameRegex, property: o.property, action: o.action }],
            ...(o.expected !== undefined ? { expectedCount: o.expected } : {}),
          };
      const created = await client()<PlannedChange>('POST', `/api/v1/planned-changes${o.submit ? '?submit=true' : ''}`, { json: body });
      console.log(`Filed ${created.ticket} (${created.state}):`);
      console.log(created.id);
    });

  for (const action of ['submit', 'approve', 'reject', 'revoke'] as const) {
    plan
      .command(action)
      .argument('<id>')
      .option('--comment <text>')
      .description(`${action[0]!.toUpperCase()}${action.slice(1)} a planned change`)
      .action(async (id: string, options: { comment?: string }) => {
        const result = await client()<PlannedChange>('POST', `/api/v1/planned-changes/${id}/${action}`, { json: options.comment ? { comment: options.comment } : {} });
        console.log(line(result));
      });
  }

  plan
    .command('import')
    .argument('<file>', 'a .csv change-calendar export or a .json array of plans')
    .description('Import plans; each row becomes pending approval; prints what was imported and what was rejected, by line')
    .action(async (file: string) => {
      const csv = extname(file).toLowerCase() === '.csv';
      const text = readFileSync(file, 'utf8');
      const report = await client()<{ imported: { line: number; id: string; ticket: string }[]; rejected: { line: number; error: string }[] }>(
        'POST',
        '/api/v1/planned-changes/import',
        { text, type: csv ? 'text/csv' : 'application/json' },
      );
      for (const i of report.imported) console.log(`line ${i.line}: imported ${i.ticket} as ${i.id}`);
      for (const r of report.rejected) console.log(`line ${r.line}: rejected: ${r.error}`);
      console.log(`${report.imported.length} imported, ${report.rejected.length} rejected`);
      if (report.rejected.length) process.exitCode = 1;
    });
}
