// `runledger sink test NAME`: sends a realistic sample alert straight to a configured
// receiver (no queue, no retries) and says what the service answered.
import type { Command } from 'commander';
import pino from 'pino';
import { systemClock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import { createReceivers } from '../../sinks/receivers.ts';
import { sampleNotification } from '../../sinks/sample.ts';
import { loadTemplates } from '../../sinks/templates.ts';
import type { DeliveryOutcome } from '../../sinks/types.ts';

export async function testSink(config: Config, name: string, resolved: boolean): Promise<DeliveryOutcome> {
  const receivers = createReceivers(config.alerts, { clock: systemClock, log: pino({ level: 'silent' }), templates: loadTemplates(config.alerts.templatesDir) });
  const receiver = receivers.get(name);
  if (!receiver) {
    const known = [...receivers.keys()];
    throw new Error(`no receiver named '${name}' in alerts.receivers${known.length ? ` (configured: ${known.join(', ')})` : ''}`);
  }
  const sample = { ...sampleNotification(resolved ? 'resolved' : 'firing'), dedupKey: `runledger-test/${name}` };
  return receiver.sink.send(sample, { deliveryId: `d_test_${Date.now()}`, attempt: 1, signal: AbortSignal.timeout(60_000) });
}

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
