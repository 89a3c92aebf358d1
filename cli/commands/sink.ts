// `runledger sink test NAME`: sends a realistic sample alert straight to a configured
// receiver (no queue, no retries) and says what the service answered.
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import { testSink } from '../../sinks/test-send.ts';

export function sinkCommands(sink: Command, config: () => Config): void {
  sink
    .command('test')
    .argument('<name>', 'a receiver from alerts.receivers')
    .option('--resolved', 'send the "resolved" form (PagerDuty resolve, Opsgenie close)')
    .description('Send a sample alert to a receiver now and print what its service answered')
    .action(async (name: string, options: { resolved?: boolean }) => {
      const outcome = await testSink(config(), name, options.resolved === true);
      if (outcome.kind === 'delivered') {
        console.log(`delivered to ${name}${outcome.status ? ` (HTTP ${outcome.status})` : ''}${outcome.remoteId ? `, id ${outcome.remoteId}` : ''}`);
        return;
      }
      console.error(`${outcome.kind === 'retry' ? 'failed, would be retried' : 'rejected, would not be retried'}: ${outcome.reason}: ${outcome.detail}`);
      process.exitCode = 1;
    });
}
