// The `runledger` command. `start` loads the server only when it runs, so that quick
// commands (token, audit) start fast.
import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../core/config.ts';
import { ROLES } from '../core/roles.ts';
import { auditCommands } from './commands/audit.ts';
import { initCommand } from './commands/init.ts';
import { planCommands } from './commands/plan.ts';
import { storeCommands } from './commands/store.ts';
import { routeCommands } from './commands/route.ts';
import { silenceCommands } from './commands/silence.ts';
import { sinkCommands } from './commands/sink.ts';
import { reportCommands } from './commands/report.ts';
import { reportScheduleCommands } from './commands/report-schedule.ts';
import { tokenCommands } from './commands/token.ts';
import { userCommands } from './commands/user.ts';
import { PROCESS_ROLES, type ProcessRole, VERSION } from './version.ts';

const program = new Command('runledger')
  .description('Configuration-management run reports in; evidence, alerts and reports out.')
  .version(VERSION)
  .option('-c, --config <file>', 'YAML configuration file (default: $RUNLEDGER_CONFIG, else ./runledger.yaml if present)');

const config = () => {
  const file = program.opts<{ config?: string }>().config;
  return loadConfig(file ? { file } : {});
};

program
  .command('start')
  .description('Start RunLedger: HTTP server, queue workers and scheduler (or the roles given)')
  .addOption(new Option('--role <roles...>', 'run only these roles').choices(PROCESS_ROLES))
  .action(async (options: { role?: ProcessRole[] }) => (await import('./commands/start.ts')).startCommand(config(), options.role));

program
  .command('init')
  .description('Create the data store and, the first time only, print an admin token and an ingest token')
  .option('--tenant <tenant>', 'tenant of the first tokens', 'default')
  .action((options: { tenant: string }) => initCommand(config(), options.tenant));

const token = program.command('token').description('Manage API tokens (works with or without the server running)');
tokenCommands(token, config, [...ROLES]);

const user = program.command('user').description('Web UI accounts (works with or without the server running)');
userCommands(user, config, [...ROLES]);

const plan = program.command('plan').description('Planned changes (the whitelist), through the API with your token');
planCommands(plan, config);

const silence = program.command('silence').description('Alert silences, through the API with your token');
silenceCommands(silence, config);

const route = program.command('route').description('The alert routing tree, through the API with an admin token of the system tenant');
routeCommands(route, config);

const sink = program.command('sink').description('Alert receivers (alerts.receivers in the config)');
sinkCommands(sink, config);

const audit = program.command('audit').description('The hash-chained audit log');
auditCommands(audit, config);

const store = program.command('store').description('The data store (SQLite or Elasticsearch)');
storeCommands(store, config);
const report = program.command('report').description('Generated reports: check a download against its signed manifest; schedules');
reportCommands(report, config);
reportScheduleCommands(report.command('schedule').description('Report schedules, through the API with your token'), config);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
