// A test send: a realistic sample alert straight to one configured receiver (no queue, no
// retries), answered with what its service said. Used by `runledger sink test` and the UI.
import pino from 'pino';
import { systemClock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { createReceivers } from './receivers.ts';
import { sampleNotification } from './sample.ts';
import { loadTemplates } from './templates.ts';
import type { DeliveryOutcome } from './types.ts';

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
